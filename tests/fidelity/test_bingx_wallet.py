"""Golden wire cases of the BingX wallet endpoints: the exact request a client sends, and real-shape
answers (official reference examples, live captures quoted by ccxt) decoded to exact values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fidelity.bingx_wire import NOW, assert_get, assert_post, wired
from tradewire.bingx.endpoints import TRANSFER_DIRECTIONS
from tradewire.bingx.protocol import DecodeError
from tradewire.core.errors import ValidationError

D = Decimal
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])
TRANSFER = "/openApi/api/asset/v1/transfer"
FUND = "/openApi/fund/v1/account/balance"
#: fund-account api-reference, "Asset Transfer" example
OFFICIAL_TRANSFER = b'{"code":0,"msg":"","data":{"tranId":"8374927364827"}}'
#: a live answer as ccxt quotes it (bingx.py transfer): code and timestamp as strings, and transferId
LIVE_TRANSFER = (b'{"code":"0","timestamp":"1752202170686","data":{"tranId":"1943502883135819776",'
                 b'"transferId":"1051461075875997081703"}}')
EXPECTED_ROUTES = {
    "FUND_SFUTURES": ("fund", "stdFutures"), "SFUTURES_FUND": ("stdFutures", "fund"),
    "FUND_PFUTURES": ("fund", "USDTMPerp"), "PFUTURES_FUND": ("USDTMPerp", "fund"),
    "SFUTURES_PFUTURES": ("stdFutures", "USDTMPerp"), "PFUTURES_SFUTURES": ("USDTMPerp", "stdFutures"),
}


def test_every_seed_direction_has_its_account_pair() -> None:
    assert TRANSFER_DIRECTIONS == EXPECTED_ROUTES


@KINDS
@pytest.mark.parametrize("direction", list(EXPECTED_ROUTES))
def test_transfer_by_direction_sends_from_and_to_accounts(kind: str, direction: str) -> None:
    for bx, wire in wired(kind, OFFICIAL_TRANSFER):
        done = bx.transfer("USDT", D("25.5"), type=direction)
        src, dst = EXPECTED_ROUTES[direction]
        assert_post(wire.sent[0], TRANSFER, f"amount=25.5&asset=USDT&fromAccount={src}&timestamp={NOW}&toAccount={dst}")
        assert (done.tran_id, done.transfer_id) == ("8374927364827", None)


@KINDS
def test_transfer_by_accounts_and_the_live_answer(kind: str) -> None:
    for bx, wire in wired(kind, LIVE_TRANSFER):
        done = bx.transfer("BTC", D("0.00000001"), from_account="spot", to_account="fund")
        assert_post(wire.sent[0], TRANSFER,
                    f"amount=0.00000001&asset=BTC&fromAccount=spot&timestamp={NOW}&toAccount=fund")
        assert (done.tran_id, done.transfer_id) == ("1943502883135819776", "1051461075875997081703")


@KINDS
def test_transfer_direction_errors_fail_before_the_wire(kind: str) -> None:
    for bx, wire in wired(kind):
        with pytest.raises(ValidationError) as bad:
            bx.transfer("USDT", 1, type="FUND_SPOT")
        assert bad.value.param == "type"
        with pytest.raises(ValidationError) as contra:
            bx.transfer("USDT", 1, type="FUND_PFUTURES", to_account="spot")
        assert contra.value.param == "type"
        with pytest.raises(ValidationError) as missing:
            bx.transfer("USDT", 1, from_account="fund")
        assert missing.value.param == "fromAccount"
        assert wire.sent == []


#: the live answer as ccxt quotes it (bingx.py fetch_balance, funding), 2025
LIVE_FUND = (b'{"code":"0","timestamp":"1754906016631","data":{"assets":[{"asset":"USDT",'
             b'"free":"44.37692200000000237300","locked":"0.00000000000000000000"}]}}')
#: fund-account api-reference "Fund Account Balance" example (the `balances` shape)
OFFICIAL_BALANCES = (b'{"code":0,"msg":"","debugMsg":"","data":{"balances":[{"asset":"USDT","free":"1000.00",'
                     b'"locked":"0.00"},{"asset":"BTC","free":"0.05","locked":"0.01"}]}}')
#: spot-account api-reference: `data.balance`, an object
OFFICIAL_BALANCE_OBJECT = b'{"code":0,"msg":"","data":{"balance":{"asset":"BTC","free":"0.5","locked":"0"}}}'


@KINDS
@pytest.mark.parametrize(("body", "rows"), [
    (LIVE_FUND, [("USDT", D("44.37692200000000237300"), D("0E-20"))]),
    (OFFICIAL_BALANCES, [("USDT", D("1000.00"), D("0.00")), ("BTC", D("0.05"), D("0.01"))]),
    (OFFICIAL_BALANCE_OBJECT, [("BTC", D("0.5"), D("0"))]),
])
def test_fund_balance_reads_every_shape(kind: str, body: bytes, rows: list[tuple[str, Decimal, Decimal]]) -> None:
    for bx, wire in wired(kind, body):
        got = bx.fund_balance()
        assert_get(wire.sent[0], FUND, f"timestamp={NOW}")
        assert [(b.asset, b.free, b.locked) for b in got] == rows
        assert [str(b.free) for b in got] == [str(r[1]) for r in rows]  # the digits as sent


@KINDS
def test_fund_balance_of_an_unknown_shape_is_a_decode_error(kind: str) -> None:
    for bx, wire in wired(kind, b'{"code":0,"msg":"","data":{"coins":[{"asset":"USDT","free":"1"}]}}'):
        with pytest.raises(DecodeError) as e:
            bx.fund_balance("USDT")
        assert_get(wire.sent[0], FUND, f"asset=USDT&timestamp={NOW}")
        assert e.value.field == "$.data"
        assert FUND in str(e.value) and "`$.data`" in str(e.value)


#: fund-account api-reference "Asset Transfer Records" example (enveloped there; the spot-account
#: api-reference says the answer is bare): both read
OFFICIAL_HISTORY = (b'{"code":0,"msg":"","data":{"total":2,"rows":[{"asset":"USDT","amount":"100.00",'
                    b'"type":"FUND_PFUTURES","status":"CONFIRMED","tranId":8374927364827,"timestamp":1700000000000}]}}')
#: a live transferRecord answer as ccxt quotes it (bare)
LIVE_RECORDS = (b'{"total":2,"rows":[{"asset":"LTC","amount":"0.05000000000000000000","status":"CONFIRMED",'
                b'"transferId":"1051461075661819338791","timestamp":1752202092000,"fromAccount":"spot",'
                b'"toAccount":"USDTMPerp"}]}')


@KINDS
def test_transfer_history_and_records(kind: str) -> None:
    for bx, wire in wired(kind, OFFICIAL_HISTORY, LIVE_RECORDS):
        history = bx.transfer_history(type="FUND_PFUTURES")
        assert_get(wire.sent[0], "/openApi/api/v3/asset/transfer", f"timestamp={NOW}&type=FUND_PFUTURES")
        assert history.total == 2
        assert [(r.asset, r.amount, r.type, r.status, r.tran_id, r.timestamp) for r in history.rows] == [
            ("USDT", D("100.00"), "FUND_PFUTURES", "CONFIRMED", "8374927364827", 1700000000000)]
        records = bx.transfer_records(transfer_id="1051461075661819338791")
        assert_get(wire.sent[1], "/openApi/api/v3/asset/transferRecord",
                   f"timestamp={NOW}&transferId=1051461075661819338791")
        assert [(r.transfer_id, r.asset, r.amount, r.from_account, r.to_account, r.timestamp, r.status)
                for r in records.rows] == [("1051461075661819338791", "LTC", D("0.05000000000000000000"), "spot",
                                            "USDTMPerp", 1752202092000, "CONFIRMED")]


@KINDS
def test_overview_and_internal_transfers(kind: str) -> None:
    overview = (b'{"code":0,"timestamp":1700000000000,"data":[{"accountType":"sopt","usdtBalance":"1000.00"},'
                b'{"accountType":"USDTMPerp","usdtBalance":"500.00"}]}')
    inner = (b'{"code":0,"timestamp":1700000000000,"data":{"total":1,"data":[{"id":9182736450192,"coin":"USDT",'
             b'"receiver":987654321,"amount":50.0,"status":6,"fromUid":123456789,"recordType":"out"}]}}')
    for bx, wire in wired(kind, overview, inner):
        assert [(a.account_type, a.usdt_balance) for a in bx.account_balances()] == [
            ("sopt", D("1000.00")), ("USDTMPerp", D("500.00"))]
        assert_get(wire.sent[0], "/openApi/account/v1/allAccountBalance", f"timestamp={NOW}")
        page = bx.inner_transfer_records("USDT")
        assert_get(wire.sent[1], "/openApi/wallets/v1/capital/innerTransfer/records", f"coin=USDT&timestamp={NOW}")
        row = page.data[0]
        assert (page.total, row.id, row.receiver, row.amount, row.status, row.from_uid, row.record_type) == (
            1, "9182736450192", "987654321", D("50.0"), 6, "123456789", "out")
