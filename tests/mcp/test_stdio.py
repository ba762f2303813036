"""End to end: `python -m tradewire.mcp` over stdio with the SDK's own client, against simulators on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.mcp.conftest import text
from tests.mcp.remote import Remote, server
from tradewire import BingX
from tradewire.bingx.base import VST_NOTICE
from tradewire.cli.app import app
from tradewire.core.auth import mask
from tradewire.mcp.desk import LIVE_LABEL, SIM_NOTICE
from tradewire.sim import Simulator
from tradewire.unified import open_exchange

TRANSFER_PATH = "/openApi/api/asset/v1/transfer"
MOVE = {"direction": "FUND_PFUTURES", "asset": "USDT", "amount": "25.5"}
READ_TOOLS = {"balances", "positions", "commission_rates", "income", "transfer_history", "supported_coins",
              "internal_transfer_history", "price", "ticker", "order_book", "klines", "funding", "contracts",
              "server_time", "get_order", "open_orders", "deposits", "withdrawals", "deposit_address", "coins",
              "subaccounts", "subaccount_balances", "subaccount_transfer_history"}
MONEY_TOOLS = {"prepare_transfer", "prepare_internal_transfer", "prepare_order", "prepare_cancel", "execute",
               "prepare_withdraw", "prepare_subaccount_transfer"}
READ_TOOLS |= {"position_history", "force_orders"}
MONEY_TOOLS |= {"prepare_cancel_all_after"}
READ_TOOLS |= {"coinm_contracts", "coinm_ticker", "coinm_order_book", "coinm_positions", "coinm_balance",
               "coinm_orders"}  # tests/mcp/test_coinm.py


def configured(sim: Simulator, tmp: Path) -> dict[str, str]:
    """The environment of a server pointed at `sim`, with the demo user's keys (no config file)."""
    return {"TRADEWIRE_CONFIG": str(tmp / "absent.toml"), "TRADEWIRE_BASE_URL": sim.bingx_url,
            "BINGX_API_KEY": sim.users[0].api_key, "BINGX_SECRET_KEY": sim.users[0].secret_key}


@pytest.fixture
def sim() -> Iterator[Simulator]:
    s = Simulator(rate_limits=False).start()
    yield s
    s.stop()


def fund_usdt(sim: Simulator) -> Decimal:
    return sim.ledger.balance(sim.users[0].uid, "fund", "USDT")


def transfers_sent(sim: Simulator) -> int:
    return sum(r.path == TRANSFER_PATH for r in sim.requests)


def test_every_read_tool_exact(sim: Simulator, tmp_path: Path) -> None:
    sim.clock.speed = 0  # market data holds still, so the values the server reports can be compared exactly
    bx = BingX(sim.users[0].api_key, sim.users[0].secret_key, base_url=sim.bingx_url)
    placed = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=Decimal("0.001"), price=Decimal("20000"),
                           time_in_force="GTC", client_order_id="readtool1")
    with Remote(server(["--env", "live"], configured(sim, tmp_path)), tmp_path / "err.txt") as r:
        tools = r.tools()
        assert set(tools) == READ_TOOLS | MONEY_TOOLS
        for name, tool in tools.items():
            assert tool.output_schema is not None and tool.description, name
            assert tool.annotations is not None and tool.annotations.read_only_hint == (name != "execute"), name
        assert "FUND_PFUTURES: fund account -> USDT-M perpetual futures" in str(tools["prepare_transfer"].input_schema)

        result = r.call("balances")
        assert text(result)[0] == f"BingX · {LIVE_LABEL}"
        assert "| USDT | 2480.500 | 20.000 | 2500.500 |" in text(result)[1]
        d = r.doc("balances")
        assert (d["notice"], d["venue"], d["env"], d["account"]) == (None, "bingx", "live", "all")
        assert [(b["asset"], b["free"], b["used"], b["total"]) for b in d["accounts"]["spot"]] == \
            [("BTC", "0.01234567", "0", "0.01234567"), ("USDT", "2480.500", "20.000", "2500.500")]
        assert {b["asset"]: b["total"] for b in d["accounts"]["fund"]} == {"BTC": "0.5", "USDT": "10000"}
        swap = d["swap_summary"][0]
        expected = bx.swap_balance()[0]
        assert (swap["asset"], swap["balance"], swap["equity"], swap["available_margin"]) == \
            ("USDT", "10000.0000", format(expected.equity, "f"), format(expected.available_margin, "f"))
        assert {row["account"]: row["usdt"] for row in d["overview_usdt"]} == \
            {row.account_type: format(row.usdt_balance, "f") for row in bx.account_balances()}
        assert [b["asset"] for b in r.doc("balances", account="fund")["accounts"]["fund"]] == ["BTC", "USDT"]

        btc = next(p for p in r.doc("positions")["positions"] if p["symbol"] == "BTC/USDT")
        assert (btc["side"], btc["amount"], btc["entry_price"], btc["leverage"]) == ("long", "0.0500", "64250.5", 10)
        assert [p["symbol"] for p in r.doc("positions", symbol="eth")["positions"]] == ["ETH/USDT"]

        rates = r.doc("commission_rates")
        assert (rates["taker"], rates["maker"]) == ({"rate": "0.0005", "percent": "0.05"},
                                                    {"rate": "0.0002", "percent": "0.02"})

        income = r.doc("income", start_time="30d")
        want = sorted(bx.income(start_time=income["start"], end_time=income["end"], limit=1000),
                      key=lambda x: x.time, reverse=True)
        assert [(x["type"], x["amount"], x["tran_id"]) for x in income["rows"]] == \
            [(x.income_type, format(x.income, "f"), str(x.tran_id)) for x in want[:100]]
        assert "Only the last 3 months" in income["note"] and income["default_range_applied"] is False

        bx.transfer("USDT", Decimal("1.25"), type="FUND_PFUTURES")
        rows = r.doc("transfer_history", direction="FUND_PFUTURES")["rows"]
        assert (rows[0]["asset"], rows[0]["amount"], rows[0]["direction"]) == ("USDT", "1.25", "FUND_PFUTURES")
        assert sorted((x["tran_id"], x["amount"]) for x in rows) == \
            sorted((str(x.tran_id), format(x.amount, "f")) for x in bx.transfer_history("FUND_PFUTURES").rows)
        coins = r.doc("supported_coins", direction="fund_pfutures")
        assert (coins["from_account"], coins["to_account"]) == ("fund", "USDTMPerp")
        assert [c["coin"] for c in coins["coins"]] == [c.coin for c in bx.transfer_coins("fund", "USDTMPerp")]
        bx.inner_transfer("USDT", Decimal("3.5"), 1, sim.users[1].uid, 1, transfer_client_id="gift1")
        bx.inner_transfer("USDT", Decimal("1"), 1, sim.users[1].uid, 1, transfer_client_id="gift2")
        assert [x["amount"] for x in r.doc("internal_transfer_history", coin="usdt")["rows"]] == ["1", "3.5"]
        [sent] = r.doc("internal_transfer_history", coin="usdt", client_id="gift1")["rows"]
        assert (sent["direction"], sent["amount"], sent["to_uid"], sent["status_text"], sent["client_id"]) == \
            ("sent", "3.5", sim.users[1].uid, "completed", "gift1")

        with open_exchange("bingx", "live", base_url=sim.bingx_url) as ex:
            ticker, book = ex.ticker("BTC/USDT"), ex.order_book("BTC/USDT", 5)
            candles = ex.ohlcv("BTC/USDT", "1h", limit=3)
        assert r.doc("price", symbol="btc")["tickers"] == \
            [{"symbol": "BTC/USDT", "last": format(ticker.last, "f"), "time": ticker.time}]
        [tick] = r.doc("ticker", symbol="BTC-USDT")["tickers"]
        assert (tick["bid"], tick["ask"], tick["volume"]) == \
            (format(ticker.bid, "f"), format(ticker.ask, "f"), format(ticker.volume, "f"))
        ob = r.doc("order_book", symbol="BTC/USDT", depth=5)
        assert (ob["bids"], ob["asks"]) == ([[format(p, "f"), format(a, "f")] for p, a in book.bids],
                                            [[format(p, "f"), format(a, "f")] for p, a in book.asks])
        k = r.doc("klines", symbol="BTC-USDT", interval="1h", limit=3)
        assert [(c["time"], c["open"], c["close"]) for c in k["candles"]] == \
            [(c.time, format(c.open, "f"), format(c.close, "f")) for c in candles]
        assert "100 most recent" in r.doc("klines", symbol="BTC-USDT")["note"]
        [fund] = r.doc("funding", symbol="BTC-USDT")["funding"]
        premium = bx.premium_index("BTC-USDT")
        assert (fund["mark_price"], fund["funding_rate"], fund["funding_percent"]) == \
            (format(premium.mark_price, "f"), format(premium.last_funding_rate, "f"),
             format((premium.last_funding_rate * 100).normalize(), "f"))
        [btc_contract] = r.doc("contracts", symbol="BTC-USDT")["contracts"]
        contract = bx.contracts("BTC-USDT")[0]
        assert (btc_contract["tick_size"], btc_contract["step_size"]) == \
            (format(contract.tick_size, "f"), format(contract.step_size, "f"))
        assert r.doc("server_time")["server_time"] == sim.clock.now_ms()

        order = r.doc("get_order", symbol="BTC-USDT", client_id="readtool1")["order"]
        assert (order["id"], order["price"], order["amount"], order["status"]) == \
            (str(placed.order_id), "20000", "0.001", "NEW")
        assert [o["client_id"] for o in r.doc("open_orders", symbol="BTC/USDT")["orders"]] == ["readtool1"]
    assert sim.users[0].secret_key not in r.stderr


def test_live_transfer_needs_its_token_and_confirm(sim: Simulator, tmp_path: Path) -> None:
    before = fund_usdt(sim)
    with Remote(server(["--env", "live"], configured(sim, tmp_path)), tmp_path / "err.txt") as r:
        preview = r.doc("prepare_transfer", **MOVE)
        assert (preview["env"], preview["notice"], preview["executed"], preview["confirm_required"]) == \
            ("live", None, False, True)
        assert preview["would_do"]["summary"] == ("Transfer 25.5 USDT from your fund account to your USDT-M "
                                                  "perpetual futures account (FUND_PFUTURES)")
        token = preview["token"]
        assert 'confirm="CONFIRM"' in preview["next_step"] and preview["api_key"] == mask(sim.users[0].api_key)
        assert fund_usdt(sim) == before and transfers_sent(sim) == 0

        assert "unknown, altered or already used token" in r.error("execute", token="", confirm="CONFIRM")
        assert "token" in r.error("execute", confirm="CONFIRM")  # the SDK refuses the missing argument
        assert "needs confirm=\"CONFIRM\"" in r.error("execute", token=token)
        assert "'confirm'" in r.error("execute", token=token, confirm="confirm")
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert "unknown, altered" in r.error("execute", token=tampered, confirm="CONFIRM")
        assert fund_usdt(sim) == before and transfers_sent(sim) == 0

        done = r.doc("execute", token=token, confirm="CONFIRM")
        assert done["executed"] is True and done["did"]["amount"] == "25.5" and int(done["result"]["tran_id"]) > 0
        assert "already used" in r.error("execute", token=token, confirm="CONFIRM")
        assert fund_usdt(sim) == before - Decimal("25.5") and transfers_sent(sim) == 1
    everything = r.stderr + str(preview) + str(done)
    assert sim.users[0].secret_key not in everything and sim.users[0].api_key not in everything


def test_vst_needs_no_confirm_and_says_vst(sim: Simulator, tmp_path: Path) -> None:
    before = fund_usdt(sim)
    with Remote(server(["--env", "vst"], configured(sim, tmp_path)), tmp_path / "err.txt") as r:
        result = r.call("prepare_transfer", **MOVE)
        assert text(result)[0] == f"BingX · {VST_NOTICE}"
        preview = r.doc("prepare_transfer", **MOVE)
        assert (preview["notice"], preview["env"], preview["confirm_required"]) == (VST_NOTICE, "vst", False)
        done = r.doc("execute", token=preview["token"])
        assert (done["notice"], done["executed"]) == (VST_NOTICE, True)
        assert "already used" in r.error("execute", token=preview["token"])
    assert fund_usdt(sim) == before - Decimal("25.5") and transfers_sent(sim) == 1


def test_default_server_runs_the_embedded_simulator(tmp_path: Path) -> None:
    with Remote(server([], {"TRADEWIRE_CONFIG": str(tmp_path / "absent.toml"),
                            "TRADEWIRE_SIM_DIR": str(tmp_path / "sim-state")}), tmp_path / "err.txt") as r:
        result = r.call("balances", account="fund")
        d = r.doc("balances", account="fund")
    assert text(result)[0] == f"BingX · {SIM_NOTICE}"
    assert d["env"] == "sim" and {b["asset"]: b["total"] for b in d["accounts"]["fund"]} == \
        {"BTC": "0.5", "USDT": "10000"}


def test_streamable_http_on_localhost(sim: Simulator, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    params = server(["--env", "vst", "--http", str(port)], configured(sim, tmp_path))
    with (tmp_path / "http.txt").open("w") as err:
        proc = subprocess.Popen([params.command, *params.args], env=params.env, stderr=err, stdout=err)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with Remote(f"http://127.0.0.1:{port}/mcp", tmp_path / "unused.txt") as r:
            assert set(r.tools()) == READ_TOOLS | MONEY_TOOLS
            d = r.doc("balances", account="fund")
    finally:
        proc.terminate()
        proc.wait(10)
    assert (d["env"], d["notice"]) == ("vst", VST_NOTICE)
    assert {b["asset"]: b["total"] for b in d["accounts"]["fund"]} == {"BTC": "0.5", "USDT": "10000"}


def test_cli_command_is_registered() -> None:
    result = CliRunner().invoke(app, ["mcp", "--help"])
    assert result.exit_code == 0
    assert all(option in result.stdout for option in ("--venue", "--env", "--profile", "--http"))
