"""The USD-M futures WebSocket API (`/ws-fapi/v1`) through `AsyncFuturesWsApi` and ccxt.pro's binanceusdm against
the simulator: the same answers as REST, HMAC and Ed25519 session signing, a lost `order.place` reconciled by its
client order id and never re-sent, a lost `order.modify` surfaced as an unknown outcome."""

from __future__ import annotations

import asyncio
from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.binance.prints import last_price
from tests.walk import vwap, walk
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.fwsapi import AsyncFuturesWsApi
from tradewire.core.errors import ExchangeError, UnknownOrderState, UnknownOutcome, ValidationError
from tradewire.sim.binance import fapi_more
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal
Q8 = D("0.00000001")
BOUND_S = 30.0  # float ok: seconds; bounds a hang, never paces a test


def ws(sim: BinanceSim, **kw: Any) -> AsyncFuturesWsApi:
    kw = {"api_key": DEMO_API_KEY, "secret_key": DEMO_SECRET_KEY, **kw}
    return AsyncFuturesWsApi(url=sim.fws_api_url, rest_url=sim.url, **kw)


def rest(sim: BinanceSim) -> AsyncBinance:
    return AsyncBinance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, futures_url=sim.url)


def seen(sim: BinanceSim) -> list[str]:
    return [x["method"] for x in sim.fwsapi.seen]


async def test_websocket_and_rest_answer_alike(sim: BinanceSim) -> None:
    async with ws(sim) as api, rest(sim) as bn:
        assert (await api.depth("BTCUSDT", 5)).bids == (await bn.futures_depth("BTCUSDT", 5)).bids
        assert (await api.book_ticker("ETHUSDT")).bid_price == (await bn.futures_depth("ETHUSDT", 5)).bids[0][0]
        o = await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC")
        assert await api.get_order("BTCUSDT", orig_client_order_id=o.client_order_id) == await bn.futures_get_order(
            "BTCUSDT", orig_client_order_id=o.client_order_id)
        moved = await api.modify_order("BTCUSDT", "BUY", "0.02", "60001", order_id=int(o.order_id))
        assert (moved.order_id, moved.price, moved.orig_qty) == (o.order_id, D(60001), D("0.02"))
        assert [a.amendment.count for a in await bn.futures_order_amendments("BTCUSDT", int(o.order_id))] == [1]
        assert (await api.cancel_order("BTCUSDT", int(o.order_id))).status == "CANCELED"
        fills = walk((await bn.futures_depth("BTCUSDT", 5)).asks, D("0.01"))
        filled = await api.new_order("BTCUSDT", "BUY", "MARKET", quantity="0.01")
        assert (filled.status, filled.avg_price) == ("FILLED", vwap(fills).quantize(Q8))
        assert await api.positions_v2() == await bn.futures_positions()
        assert await api.positions("BTCUSDT") == await bn.futures_positions_v2("BTCUSDT")
        assert [(b.asset, b.balance, b.available_balance) for b in await api.balance()] == [
            (b.asset, b.balance, b.available_balance) for b in await bn.futures_balance_v2()]  # updateTime: now
        fee = sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))  # taker
        assert (await api.account_v2()).total_wallet_balance == 1000 - fee
        assert (await api.account()).available_balance == (await bn.futures_account_v2()).available_balance
        algo = await api.new_algo_order("BTCUSDT", "SELL", "STOP_MARKET", quantity="0.01", trigger_price="50000")
        assert (await api.cancel_algo_order(int(algo.algo_id))).code == "200"
        key = await api.user_stream_start()
        assert key == await bn.futures_create_listen_key()  # the one live key, as REST hands it out
        await api.user_stream_ping()
        await api.user_stream_stop()
        with pytest.raises(ExchangeError) as refused:
            await api.cancel_order("BTCUSDT", 999)
        assert refused.value.code == -2011
        with pytest.raises(ValidationError, match="quantity"):
            await api.new_order("BTCUSDT", "BUY", "MARKET")
        assert api.rate_limits[0].limit == 2400
    placed = [x["params"] for x in sim.fwsapi.seen if x["method"] == "order.place"]
    assert [(p["type"], p["quantity"], p.get("price")) for p in placed] == [("LIMIT", "0.01", "60000"),
                                                                          ("MARKET", "0.01", None)]
    assert all(set(p) >= {"apiKey", "timestamp", "signature"} for p in placed)  # HMAC, request by request


async def test_a_lost_order_answer_is_reconciled_by_client_id(sim: BinanceSim) -> None:
    sim.fwsapi.fault("order.place", "drop_after")  # executed, then the connection closes unanswered
    async with ws(sim) as api:
        o = await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC",
                                new_client_order_id="mine-1")
        assert (o.client_order_id, o.status) == ("mine-1", "NEW")
        assert [x.client_id for x in sim.exchange.futures.orders.values()] == ["mine-1"]  # placed once
        sim.fwsapi.fault("order.place", "drop")  # closed before it executes: found nowhere
        with pytest.raises(UnknownOrderState) as lost:
            await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC",
                                new_client_order_id="mine-2")
        assert lost.value.client_order_id == "mine-2"
    # the dropped second request never reached a handler; neither was sent again, only looked up
    assert seen(sim) == ["order.place", "order.status", *["order.status"] * 4]
    assert [x.client_id for x in sim.exchange.futures.orders.values()] == ["mine-1"]


async def test_a_lost_modify_is_an_unknown_outcome_not_a_retry(sim: BinanceSim) -> None:
    async with ws(sim) as api:
        o = await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC")
        sim.fwsapi.fault("order.modify", "drop_after")
        with pytest.raises(UnknownOutcome):
            await api.modify_order("BTCUSDT", "BUY", "0.02", "60001", order_id=int(o.order_id))
    assert seen(sim).count("order.modify") == 1
    (a,) = fapi_more.extras(sim.exchange).amendments  # applied once, by the one request
    assert a["amendment"]["origQty"] == {"before": "0.010", "after": "0.020"}


async def test_ed25519_session_logon_then_unsigned_requests(sim: BinanceSim) -> None:
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    private = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    public = key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    sim.exchange.add_key(sim.exchange.users[0].uid, "edkey", public)
    async with ws(sim, api_key="edkey", secret_key=None, private_key=private) as api:
        status = await api.logon()
        assert status.api_key == "edkey"
        o = await api.new_order("BTCUSDT", "SELL", "LIMIT", quantity="0.01", price="70000", time_in_force="GTC")
        assert o.status == "NEW"
    placed = next(x for x in sim.fwsapi.seen if x["method"] == "order.place")
    assert "signature" not in placed["params"] and "apiKey" not in placed["params"]


async def test_hmac_key_cannot_log_on(sim: BinanceSim) -> None:
    async with ws(sim) as api:
        with pytest.raises(ValidationError, match="Ed25519"):
            await api.logon()


async def test_ccxt_pro_binanceusdm_over_the_futures_websocket_api(sim: BinanceSim) -> None:
    ccxtpro = pytest.importorskip("ccxt.pro")
    ex = ccxtpro.binanceusdm({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                              "options": {"fetchMarkets": ["linear"], "fetchCurrencies": False}})
    for name, url in list(ex.urls["api"].items()):
        if isinstance(url, str) and url.startswith("https://fapi.binance.com"):
            ex.urls["api"][name] = sim.url + url.removeprefix("https://fapi.binance.com")
    ex.urls["api"]["ws"]["ws-api"]["linear"] = sim.fws_api_url
    try:
        await asyncio.wait_for(ex.load_markets(), BOUND_S)
        o = await ex.create_order_ws("BTC/USDT:USDT", "limit", "buy", 0.01, 60000)
        assert (o["status"], o["price"], o["amount"]) == ("open", 60000.0, 0.01)  # ccxt's own floats
        edited = await ex.edit_order_ws(o["id"], "BTC/USDT:USDT", "limit", "buy", 0.02, 60001)
        assert (edited["id"], edited["price"]) == (o["id"], 60001.0)
        assert (await ex.fetch_order_ws(o["id"], "BTC/USDT:USDT"))["amount"] == 0.02
        assert (await ex.cancel_order_ws(o["id"], "BTC/USDT:USDT"))["status"] == "canceled"
        async with rest(sim) as bn:
            fills = walk((await bn.futures_depth("BTCUSDT", 5)).asks, D("0.01"))
            m = await ex.create_order_ws("BTC/USDT:USDT", "market", "buy", 0.01)
            bids = (await bn.futures_depth("BTCUSDT", 5)).bids
        entry = vwap(fills).quantize(Q8)
        assert (m["status"], m["average"]) == ("closed", float(entry))
        (pos,) = await ex.fetch_positions_ws(["BTC/USDT:USDT"])
        assert (pos["contracts"], pos["side"], pos["entryPrice"]) == (0.01, "long", float(entry))
        bal = await ex.fetch_balance_ws()
        # the wallet less the taker fee, plus the profit at the mark (the tape's print), less the margin at 20x
        fee = sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))
        mark = last_price(sim, "BTCUSDT")
        margin = D("0.01") * mark / 20
        assert (bal["USDT"]["free"], bal["USDT"]["used"]) == (
            float(1000 - fee + (mark - entry) * D("0.01") - margin), float(margin))
        assert (await ex.fetch_order_book_ws("BTC/USDT:USDT", 5))["bids"][0] == [float(bids[0][0]),
                                                                                  float(bids[0][1])]
    finally:
        await ex.close()
    assert seen(sim) == ["order.place", "order.modify", "order.status", "order.cancel", "order.place",
                         "account.position", "account.status", "depth"]
    order = sim.exchange.futures.orders[int(o["id"])]
    assert (order.qty, order.price, order.status) == (D("0.02"), D(60001), "CANCELED")
