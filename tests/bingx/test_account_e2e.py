"""Swap account, spot account and wallet, listen keys: both clients against the simulator."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from tests.both import Both
from tradewire.core.errors import NotFound, ValidationError
from tradewire.sim import Simulator

DAY = 24 * 3600 * 1000


def test_swap_balance_seeded(bx: Both) -> None:
    usdt, usdc = bx.swap_balance()
    assert (usdt.asset, usdt.balance, usdt.used_margin, usdt.freezed_margin) == (
        "USDT", Decimal("10000.0000"), Decimal("1314.3275"), Decimal("0.0000"))
    assert usdt.equity == usdt.balance + usdt.unrealized_profit
    assert usdc.asset == "USDC" and usdc.balance is None and usdc.user_id is None


def test_positions(bx: Both) -> None:
    btc, eth = sorted(bx.positions(), key=lambda p: p.symbol)
    assert (btc.symbol, btc.position_side, btc.isolated, btc.position_amt, btc.avg_price, btc.leverage) == (
        "BTC-USDT", "LONG", True, Decimal("0.0500"), Decimal("64250.5"), 10)
    assert (eth.position_side, eth.isolated, eth.position_amt) == ("SHORT", False, Decimal("1.50"))
    assert len(btc.position_id) >= 19 and int(btc.position_id) > 2**53
    assert [p.symbol for p in bx.positions("ETH-USDT")] == ["ETH-USDT"]


def test_commission(bx: Both) -> None:
    c = bx.commission_rate()
    assert (c.taker_commission_rate, c.maker_commission_rate) == (Decimal("0.0005"), Decimal("0.0002"))


def test_income_default_window_and_filters(bx: Both, sim: Simulator) -> None:
    now = sim.clock.now_ms()
    rows = bx.income()
    assert rows and all(now - 7 * DAY <= r.time <= now for r in rows)
    funding = bx.income(income_type="FUNDING_FEE", start_time=now - 30 * DAY, end_time=now, limit=1000)
    assert funding and {r.income_type for r in funding} == {"FUNDING_FEE"}
    assert any(r.time < now - 7 * DAY for r in funding)
    btc = bx.income(symbol="BTC-USDT", start_time=now - 30 * DAY, end_time=now)
    assert btc and {r.symbol for r in btc} == {"BTC-USDT"}
    assert all(isinstance(r.tran_id, str) and isinstance(r.income, Decimal) for r in rows)
    assert len(bx.income(start_time=now - 30 * DAY, end_time=now, limit=3)) == 3


def test_income_export_is_a_real_xlsx(bx: Both, tmp_path: object) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "income.xlsx"  # type: ignore[operator]
    data = bx.export_income(income_type="FUNDING_FEE", path=path)
    assert data[:2] == b"PK" and path.read_bytes() == data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) >= 2 and all("FUNDING" in str(r) for r in rows[1:])


def test_spot_fund_and_overview(bx: Both) -> None:
    spot = {b.asset: b for b in bx.spot_balance()}
    assert (spot["USDT"].free, spot["BTC"].free) == (Decimal("2500.5"), Decimal("0.01234567"))
    fund = {b.asset: b.free for b in bx.fund_balance()}
    assert fund["USDT"] == Decimal("10000") and fund["BTC"] == Decimal("0.5")
    assert [b.asset for b in bx.fund_balance("BTC")] == ["BTC"]
    overview = {a.account_type: a.usdt_balance for a in bx.account_balances()}
    assert set(overview) == {"sopt", "stdFutures", "coinMPerp", "USDTMPerp", "copyTrading", "grid", "eran", "c2c"}
    assert [a.account_type for a in bx.account_balances("USDTMPerp")] == ["USDTMPerp"]


def test_transfer_moves_money_exactly_and_is_recorded(bx: Both, sim: Simulator) -> None:
    uid = sim.users[0].uid
    fund0 = sim.ledger.balance(uid, "fund", "USDT")
    perp0 = sim.ledger.balance(uid, "USDTMPerp", "USDT")
    total0 = sim.ledger.total("USDT")
    res = bx.transfer("USDT", Decimal("12.345678"), type="FUND_PFUTURES")
    assert isinstance(res.tran_id, str) and res.tran_id
    assert sim.ledger.balance(uid, "fund", "USDT") == fund0 - Decimal("12.345678")
    assert sim.ledger.balance(uid, "USDTMPerp", "USDT") == perp0 + Decimal("12.345678")
    assert sim.ledger.total("USDT") == total0
    hist = bx.transfer_history(type="FUND_PFUTURES", size=100)
    row = next(r for r in hist.rows if r.tran_id == res.tran_id)
    assert (row.asset, row.amount, row.type) == ("USDT", Decimal("12.345678"), "FUND_PFUTURES")
    by_id = bx.transfer_history(tran_id=int(res.tran_id))
    assert [r.tran_id for r in by_id.rows] == [res.tran_id]

    back = bx.transfer("USDT", "2.345678", from_account="USDTMPerp", to_account="fund")
    recs = bx.transfer_records(from_account="USDTMPerp", to_account="fund", page_size=100)
    assert back.tran_id
    rec = max(recs.rows, key=lambda r: r.timestamp)
    assert (rec.amount, rec.from_account, rec.to_account) == (Decimal("2.345678"), "USDTMPerp", "fund")
    assert bx.transfer_records(transfer_id=rec.transfer_id).rows == [rec]
    assert sim.ledger.balance(uid, "fund", "USDT") == fund0 - Decimal("10")
    assert sim.ledger.total("USDT") == total0


def test_transfer_refused_when_insufficient(bx: Both, sim: Simulator) -> None:
    from tradewire.core.errors import InsufficientFunds

    total = sim.ledger.total("USDT")
    with pytest.raises(InsufficientFunds) as e:
        bx.transfer("USDT", "1000000000", type="FUND_PFUTURES")
    assert e.value.code is not None and e.value.venue == "bingx"
    assert sim.ledger.total("USDT") == total


def test_transfer_coins(bx: Both) -> None:
    coins = {c.coin for c in bx.transfer_coins("fund", "USDTMPerp")}
    assert "USDT" in coins


def test_inner_transfer_to_another_user(bx: Both, sim: Simulator) -> None:
    me, bob = sim.users[0].uid, sim.users[1].uid
    mine, theirs = sim.ledger.balance(me, "fund", "USDT"), sim.ledger.balance(bob, "fund", "USDT")
    cid = f"tw{bx.kind}{len(sim.requests)}"
    res = bx.inner_transfer("USDT", Decimal("1.5"), user_account_type=1, user_account=bob, wallet_type=1,
                            transfer_client_id=cid)
    assert isinstance(res.id, str)
    assert sim.ledger.balance(me, "fund", "USDT") == mine - Decimal("1.5")
    assert sim.ledger.balance(bob, "fund", "USDT") == theirs + Decimal("1.5")
    recs = bx.inner_transfer_records("USDT", transfer_client_id=cid)
    assert recs.total >= 1 and recs.data[0].amount == Decimal("1.5")
    by_email = bx.inner_transfer("USDT", "0.5", user_account_type=3, user_account="bob@example.com", wallet_type=1)
    assert by_email.id != res.id
    assert sim.ledger.balance(bob, "fund", "USDT") == theirs + Decimal("2.0")


def test_uid(bx: Both, sim: Simulator) -> None:
    assert bx.uid() == sim.users[0].uid


def test_listen_key_lifecycle(bx: Both) -> None:
    key = bx.create_listen_key()
    assert len(key) == 64 and int(key, 16) >= 0
    bx.extend_listen_key(key)
    bx.delete_listen_key(key)
    with pytest.raises(NotFound):
        bx.extend_listen_key(key)
    with pytest.raises(ValidationError):
        bx.extend_listen_key("")


def test_raw_request_escape_hatch(bx: Both) -> None:
    data = bx.request("GET", "/openApi/swap/v2/user/commissionRate")
    assert data["commission"]["takerCommissionRate"] == Decimal("0.0005")
    public = bx.request("GET", "/openApi/swap/v2/quote/depth", {"symbol": "BTC-USDT", "limit": 5}, signed=False)
    assert len(public["bids"]) == 5
