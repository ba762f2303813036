"""The confirmation flows on a real terminal (pexpect): the far-from-market price (typed y) and live CONFIRM, for
a Binance USD-M order with TP/SL attached and a BingX perpetual order; a wrong answer or end of input aborts
with exit 5 and the simulator's request log shows nothing was sent."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect

from tests.cli.test_tty import TRADEWIRE, _spawn
from tradewire.sim import Simulator

ENTRY, LEG = "/fapi/v1/order", "/fapi/v1/algoOrder"
BINGX_ORDER = "/openApi/swap/v2/trade/order"
FAR = ("order", "place", "BTC", "-s", "buy", "-t", "limit", "-q", "0.01", "-p", "70000", "-m", "futures",
       "--tp", "75000", "--sl", "60000")


def _binance(sim: Simulator, tmp: Path, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env.update(BINANCE_API_KEY=sim.users[0].api_key, BINANCE_SECRET_KEY=sim.users[0].secret_key,
               TRADEWIRE_CONFIG=str(tmp / "absent.toml"), COLUMNS="160")
    return pexpect.spawn(TRADEWIRE, ["--venue", "binance", "--base-url", sim.binance_url, *args], env=env,
                         encoding="utf-8", timeout=60)


def _posts(sim: Simulator) -> list[str]:
    """The path of every POST the simulator received, in order."""
    return [r.path for r in sim.requests if r.method == "POST"]


def _end(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    status = child.exitstatus
    assert isinstance(status, int)
    return status


def test_far_price_with_tp_sl_asks_for_y(fresh_sim: Simulator, tmp_path: Path) -> None:
    child = _binance(fresh_sim, tmp_path, "--env", "sim", *FAR)
    child.expect(r"BUY limit 70000 is 7\.69% through the last price 65000\.00 of BTC/USDT \(more than 5%\)")
    child.expect("Place it anyway\\? Type y to proceed: ")
    child.sendline("yes")  # only y places
    assert _end(child) == 5 and _posts(fresh_sim) == []

    child = _binance(fresh_sim, tmp_path, "--env", "sim", *FAR)
    child.expect("Type y to proceed: ")
    child.sendeof()
    assert _end(child) == 5 and _posts(fresh_sim) == []

    child = _binance(fresh_sim, tmp_path, "--env", "sim", *FAR)
    child.expect("Type y to proceed: ")
    child.sendline("y")
    child.expect("Order placed")
    child.expect("Attached take-profit / stop-loss")
    assert _end(child) == 0 and _posts(fresh_sim) == [ENTRY, LEG, LEG]  # the entry, then each leg once


def test_live_futures_order_shows_its_legs_and_needs_confirm(fresh_sim: Simulator, tmp_path: Path) -> None:
    near = (*FAR[:10], "64000", *FAR[11:])
    child = _binance(fresh_sim, tmp_path, "--env", "live", *near)
    child.expect("LIVE environment")
    child.expect(r"BUY 0\.01 BTC/USDT \(BTCUSDT\) LIMIT at 64000 GTC")
    child.expect("then take-profit TAKE_PROFIT_MARKET at 75000 \\(mark price\\), closePosition")
    child.expect("then stop-loss STOP_MARKET at 60000 \\(mark price\\), closePosition")
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("Confirm")
    assert _end(child) == 5 and _posts(fresh_sim) == []

    child = _binance(fresh_sim, tmp_path, "--env", "live", *near)
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("CONFIRM")
    child.expect("Order placed")
    assert _end(child) == 0 and _posts(fresh_sim) == [ENTRY, LEG, LEG]


def test_live_and_far_both_asked(fresh_sim: Simulator, tmp_path: Path) -> None:
    child = _binance(fresh_sim, tmp_path, "--env", "live", *FAR)
    child.expect("Type y to proceed: ")
    child.sendline("y")
    child.expect("Type CONFIRM to proceed: ")  # y to the price is not CONFIRM to live
    child.sendline("y")
    assert _end(child) == 5 and _posts(fresh_sim) == []


def test_live_bingx_order_aborted_sends_nothing(fresh_sim: Simulator, tmp_path: Path) -> None:
    args = ("--env", "live", "order", "place", "BTC-USDT", "-m", "swap", "-s", "buy", "-t", "limit", "-q", "0.001",
            "-p", "60000", "--position-side", "LONG", "--tp", "70000", "--sl", "55000")
    child = _spawn(fresh_sim, tmp_path, *args)
    child.expect("take-profit at 70000 \\(mark price\\)")
    child.expect("stop-loss at 55000 \\(mark price\\)")
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("")
    assert _end(child) == 5 and _posts(fresh_sim) == []
    child = _spawn(fresh_sim, tmp_path, *args)
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("CONFIRM")
    child.expect("Order placed")
    assert _end(child) == 0 and _posts(fresh_sim) == [BINGX_ORDER]  # TP/SL ride on the one order
