"""Seeded accounts and the account endpoints' shapes, quirks and validation."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import openpyxl

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator

D = Decimal
DAY = 86_400_000


def test_seeded_balances(sim: Simulator, demo: RawClient) -> None:
    uid = sim.users[0].uid
    assert demo.get("/openApi/fund/v1/account/balance").data == {"assets": [
        {"asset": "BTC", "free": "0.5", "locked": "0"}, {"asset": "USDT", "free": "10000", "locked": "0"}]}
    assert demo.get("/openApi/fund/v1/account/balance", asset="BTC").data["assets"] == [
        {"asset": "BTC", "free": "0.5", "locked": "0"}]
    spot = demo.get("/openApi/spot/v1/account/balance")
    assert spot.raw.startswith(b'{"code":0,"msg":"","debugMsg":"","data":')
    assert spot.data == {"balances": [{"asset": "BTC", "free": "0.01234567", "locked": "0"},
                                      {"asset": "USDT", "free": "2500.5", "locked": "0"}]}
    assert sim.ledger.balance(uid, "USDTMPerp", "USDT") == D(10000)
    bob = sim.users[1].uid
    assert [sim.ledger.balance(bob, a, c) for a, c in (("fund", "USDT"), ("fund", "BTC"), ("USDTMPerp", "USDT"))] == [
        D(500), D("0.1"), D(250)]
    assert demo.get("/openApi/account/v1/uid").data == {"uid": uid}


def test_perpetual_balance_and_positions(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    user = sim.users[0]
    usdt, usdc = demo.get("/openApi/swap/v3/user/balance").data
    positions = demo.get("/openApi/swap/v2/user/positions")
    btc, eth = positions.data
    marks = {p["symbol"]: D(p["markPrice"]) for p in (btc, eth)}
    unrealized = (marks["BTC-USDT"] - D("64250.5")) * D("0.05") + (D("3310.25") - marks["ETH-USDT"]) * D("1.5")
    assert usdt == {
        "userId": user.user_id, "asset": "USDT", "balance": "10000.0000",
        "equity": format((10000 + unrealized).quantize(D("0.0001")), "f"),
        "unrealizedProfit": format(unrealized.quantize(D("0.0001")), "f"), "realisedProfit": "102.6162",
        "availableMargin": format(D("8685.6725") + min(D(0), unrealized), "f"), "usedMargin": "1314.3275",
        "freezedMargin": "0.0000", "shortUid": user.uid}
    assert usdc == {"userId": "", "asset": "USDC", "balance": "", "equity": "", "unrealizedProfit": "",
                    "realisedProfit": "0", "availableMargin": "", "usedMargin": "", "freezedMargin": "",
                    "shortUid": user.uid}
    assert (btc["symbol"], btc["positionSide"], btc["isolated"], btc["positionAmt"], btc["avgPrice"],
            btc["leverage"], btc["initialMargin"]) == ("BTC-USDT", "LONG", True, "0.0500", "64250.5", 10, "321.2525")
    assert (eth["symbol"], eth["positionSide"], eth["isolated"], eth["positionAmt"], eth["avgPrice"],
            eth["leverage"], eth["initialMargin"]) == ("ETH-USDT", "SHORT", False, "1.50", "3310.25", 5, "993.0750")
    assert btc["liquidationPrice"] == D("58057.68072289")
    assert b'"liquidationPrice":58057.68072289,' in positions.raw
    assert int(btc["positionId"]) > 2**53 and isinstance(btc["positionId"], str)
    assert demo.get("/openApi/swap/v2/user/positions", symbol="ETH-USDT").data == [eth]
    assert demo.get("/openApi/swap/v2/user/positions", symbol="XRP-USDT").code == 109425


def test_commission_rates_are_numbers(demo: RawClient) -> None:
    answer = demo.get("/openApi/swap/v2/user/commissionRate")
    rates = b'{"takerCommissionRate":0.0005,"makerCommissionRate":0.0002}'
    assert answer.raw == b'{"code":0,"msg":"","data":{"commission":' + rates + b"}}"


def test_income_history(sim: Simulator, demo: RawClient) -> None:
    now = sim.clock.now_ms()
    month = demo.get("/openApi/swap/v2/user/income", startTime=now - 31 * DAY, limit=1000).data
    assert {r["incomeType"] for r in month} == {"TRANSFER", "REALIZED_PNL", "FUNDING_FEE", "TRADING_FEE"}
    assert sum(D(r["income"]) for r in month) == D(10000)  # the fund flow adds up to the balance
    assert [r["time"] for r in month] == sorted(r["time"] for r in month)
    assert all(isinstance(r["tranId"], str) and isinstance(r["tradeId"], str) for r in month)
    transfers = [r["income"] for r in month if r["incomeType"] == "TRANSFER"]
    assert transfers[1:] == ["2000", "-500"]
    week = demo.get("/openApi/swap/v2/user/income").data
    assert week == [r for r in month if r["time"] >= now - 7 * DAY]
    funding = demo.get("/openApi/swap/v2/user/income", symbol="BTC-USDT", incomeType="FUNDING_FEE",
                       startTime=now - 31 * DAY).data
    assert funding and {(r["symbol"], r["incomeType"], r["info"]) for r in funding} == {
        ("BTC-USDT", "FUNDING_FEE", "Funding Fee")}
    assert demo.get("/openApi/swap/v2/user/income", startTime=now - 31 * DAY, limit=2).data == month[:2]
    assert demo.get("/openApi/swap/v2/user/income", endTime=now, limit=2).data == month[-2:]


def test_income_validation(demo: RawClient) -> None:
    income = "/openApi/swap/v2/user/income"
    assert demo.get(income, incomeType="FUNDING").code == 109400
    assert demo.get(income, symbol="BTC_USDT").code == 109400
    assert demo.get(income, startTime=2, endTime=1).json["msg"] == "startTime is later than endTime"
    assert demo.get(income, limit=0).code == 109400
    assert demo.get(income, limit=1001).code == 109400
    assert demo.get(income, startTime="", endTime="").code == 0  # empty means absent, as the samples send


def test_income_export_is_a_real_xlsx(sim: Simulator, demo: RawClient) -> None:
    start = sim.clock.now_ms() - 31 * DAY
    answer = demo.get("/openApi/swap/v2/user/income/export", startTime=start, limit=1000)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(answer.raw)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Time(UTC)", "Symbol", "Type", "Amount", "Asset", "Info", "Transaction ID"]
    income = [r for r in demo.get("/openApi/swap/v2/user/income", startTime=start, limit=1000).data
              if r["incomeType"] != "TRANSFER"]
    assert [[r[1], r[2], r[3], r[4], r[5], r[6]] for r in rows[1:]] == [
        [r["symbol"] or None, r["incomeType"], r["income"], r["asset"], r["info"], r["tranId"]] for r in income]
    assert time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(income[0]["time"] // 1000)) == rows[1][0]
    bad = demo.get("/openApi/swap/v2/user/income/export", incomeType="TRANSFER")
    assert bad.code == 109400 and bad.headers["Content-Type"].startswith("application/json")


def test_all_account_balance(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    rows = demo.get("/openApi/account/v1/allAccountBalance").data
    assert [r["accountType"] for r in rows] == ["sopt", "stdFutures", "coinMPerp", "USDTMPerp", "copyTrading",
                                                "grid", "eran", "c2c"]
    btc = D(demo.public("/openApi/swap/v1/ticker/price", symbol="BTC-USDT").data["price"])
    eth = D(demo.public("/openApi/swap/v1/ticker/price", symbol="ETH-USDT").data["price"])
    spot = sim.ledger.assets(sim.users[0].uid, "spot")
    assert set(spot) <= {"BTC", "ETH", "USDT"}
    spot_usdt = spot.get("BTC", D(0)) * btc + spot.get("ETH", D(0)) * eth + spot.get("USDT", D(0))
    assert spot_usdt > 0  # "sopt" is the spot and the fund account (fund-account api-reference)
    assert D(rows[0]["usdtBalance"]) == (10000 + btc / 2 + spot_usdt).quantize(D("1E-8"))
    assert demo.get("/openApi/account/v1/allAccountBalance", accountType="grid").data == [
        {"accountType": "grid", "usdtBalance": "0.00000000"}]
    assert demo.get("/openApi/account/v1/allAccountBalance", accountType="spot").code == 100400


def test_listen_key_lifecycle(sim: Simulator, demo: RawClient, bob: RawClient) -> None:
    path = "/openApi/user/auth/userDataStream"
    key = demo.send("POST", path).json["listenKey"]
    assert int(key, 16) >= 0 and len(key) == 64
    sim.clock.advance(50 * 60_000)
    extended = demo.send("PUT", path, f"listenKey={key}")
    assert (extended.status, extended.json) == (200, {"code": 0, "msg": "", "data": {}})
    sim.clock.advance(50 * 60_000)
    assert sim.state.listen_keys.lookup(key, sim.clock.base_ms()) is not None
    assert bob.send("PUT", path, f"listenKey={key}").status == 404  # not bob's
    empty = demo.send("PUT", path)
    assert (empty.status, empty.raw) == (204, b"")
    sim.clock.advance(11 * 60_000)
    assert demo.send("PUT", path, f"listenKey={key}").status == 404  # expired
    second = demo.send("POST", path).json["listenKey"]
    assert second != key
    assert demo.send("DELETE", path, f"listenKey={second}").status == 200
    assert demo.send("DELETE", path, f"listenKey={second}").status == 404
    assert demo.send("DELETE", path).status == 204


def test_unknown_path_and_method(demo: RawClient) -> None:
    answer = demo.public("/openApi/swap/v2/quote/nothing")
    assert (answer.status, answer.code, answer.json["msg"]) == (200, 100400, "this api is not exist")
    wrong = demo.send("DELETE", "/openApi/swap/v3/user/balance", demo.query([]))
    assert (wrong.status, wrong.code) == (200, 100404)


def test_requests_are_recorded_byte_for_byte(sim: Simulator, demo: RawClient) -> None:
    body = demo.query([("asset", "USDT"), ("amount", "1.5"), ("fromAccount", "fund"), ("toAccount", "USDTMPerp")])
    demo.send("POST", "/openApi/api/asset/v1/transfer", "x=%41", body=body)
    last = sim.requests[-1]
    assert (last.method, last.path, last.raw_query, last.body) == (
        "POST", "/openApi/api/asset/v1/transfer", "x=%41", body.encode())
    assert last.headers["X-BX-APIKEY"] == demo.api_key
    assert last.headers["Content-Type"] == "application/x-www-form-urlencoded"
