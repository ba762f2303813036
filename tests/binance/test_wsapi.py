"""The WebSocket API: the simulator's frames, the client's signatures, orders across REST and the socket,
user data on the connection, and exactly-once orders when the connection drops after sending."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import Any

import aiohttp
import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256

from tradewire.binance import streams as s
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.protocol import KeyCredentials
from tradewire.binance.wsapi import AsyncWsApi, payload, signed_params
from tradewire.core.auth import Credentials
from tradewire.core.errors import (
    InvalidApiKey,
    OrderNotFound,
    RateLimited,
    SignatureError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal
BOUND_S = 30.0  # float ok: seconds; bounds a hang, never paces a test
#: web-socket-api.md, "SIGNED request example (HMAC)": the documented keys, parameters and signature
DOC_KEY, DOC_SECRET = ("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                       "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
DOC_PARAMS = {"symbol": "BTCUSDT", "side": "SELL", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01000000",
              "price": "52000.00"}
DOC_STAMP = 1645423376532
ED_SEED = bytes(range(32))


def ed_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(ED_SEED)


def pems(key: Any) -> tuple[bytes, bytes]:
    """(private PEM, public PEM)."""
    return (key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()),
            key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo))


async def until(cond: Callable[[], bool]) -> None:
    deadline = time.monotonic() + BOUND_S
    while not cond():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def client(sim: BinanceSim, kind: str = "hmac") -> AsyncWsApi:
    """The demo user's WebSocket API client with an HMAC, RSA or Ed25519 key (registered on the simulator)."""
    if kind == "hmac":
        return AsyncWsApi(DEMO_API_KEY, DEMO_SECRET_KEY, url=sim.ws_api_url)
    key = ed_key() if kind == "ed25519" else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private, public = pems(key)
    sim.exchange.add_key(sim.exchange.users[0].uid, f"{kind}key", public)
    return AsyncWsApi(f"{kind}key", private_key=private, url=sim.ws_api_url)


def rest(sim: BinanceSim) -> AsyncBinance:
    return AsyncBinance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, ws_url=sim.ws_url)


async def raw(sim: BinanceSim, frames: list[dict[str, Any] | str]) -> list[dict[str, Any]]:
    """Send each frame on a fresh connection and read its answer (the frames exactly as the server wrote them)."""
    out = []
    async with aiohttp.ClientSession() as http, http.ws_connect(sim.ws_api_url) as ws:
        for f in frames:
            await ws.send_str(f if isinstance(f, str) else json.dumps(f))
            msg = await asyncio.wait_for(ws.receive(), BOUND_S)
            out.append(json.loads(msg.data))
    return out


def placed(sim: BinanceSim, cid: str) -> int:
    """How many orders of the demo user carry the client order id `cid`."""
    return sum(1 for o in sim.exchange.engine.orders.values() if o.client_id == cid)


# --- frames --------------------------------------------------------------------------------------

async def test_frames_exactly_as_documented(sim: BinanceSim) -> None:
    now = sim.exchange.clock.now_ms()
    answers = await raw(sim, [{"id": 7, "method": "time"}, {"id": "x", "method": "v3/ping"},
                              {"id": 8, "method": "no.such"}, "{not json",
                              {"id": 9, "method": "time", "params": {"returnRateLimits": False}}])
    t = answers[0]
    assert now <= t["result"]["serverTime"] <= now + 60_000
    # connecting costs 2, time 1, ping 1 (web-socket-api.md, IP limits)
    assert answers[0] == {"id": 7, "status": 200, "result": {"serverTime": t["result"]["serverTime"]},
                          "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
                                          "limit": 6000, "count": 3}]}
    assert answers[1] == {"id": "x", "status": 200, "result": {},
                          "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
                                          "limit": 6000, "count": 4}]}
    assert answers[2] == {"id": 8, "status": 400, "error": {"code": -1020, "msg": "This operation is not supported."}}
    assert answers[3] == {"id": None, "status": 400, "error": {"code": -1135, "msg": "Invalid JSON Request"}}
    assert list(answers[4]) == ["id", "status", "result"]


async def test_order_frames_and_user_data_envelope(sim: BinanceSim) -> None:
    stamp = sim.exchange.clock.now_ms()
    sub = signed_params({}, Credentials(DEMO_API_KEY, DEMO_SECRET_KEY), stamp, None, False)
    order = signed_params({"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                           "quantity": "0.001", "price": "64000", "newClientOrderId": "frame1",
                           "newOrderRespType": "ACK"}, Credentials(DEMO_API_KEY, DEMO_SECRET_KEY), stamp, None, False)
    async with aiohttp.ClientSession() as http, http.ws_connect(sim.ws_api_url) as ws:
        await ws.send_str(json.dumps({"id": 1, "method": "userDataStream.subscribe.signature", "params": sub}))
        assert json.loads((await ws.receive()).data)["result"] == {"subscriptionId": 0}
        await ws.send_str(json.dumps({"id": 2, "method": "order.place", "params": order}))
        frames = [json.loads((await asyncio.wait_for(ws.receive(), BOUND_S)).data) for _ in range(3)]
    report, position, answer = frames
    oid = answer["result"]["orderId"]
    assert answer == {"id": 2, "status": 200, "result": {
        "symbol": "BTCUSDT", "orderId": oid, "orderListId": -1, "clientOrderId": "frame1",
        "transactTime": answer["result"]["transactTime"]}, "rateLimits": [
        {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100, "count": 1},
        {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 200000, "count": 1},
        {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000, "count": 5}]}
    assert list(report) == ["subscriptionId", "event"] and report["subscriptionId"] == 0
    ev = report["event"]
    assert (ev["e"], ev["c"], ev["x"], ev["X"], ev["i"], ev["q"], ev["p"]) == (
        "executionReport", "frame1", "NEW", "NEW", oid, "0.00100000", "64000.00000000")
    assert position == {"subscriptionId": 0, "event": {
        "e": "outboundAccountPosition", "E": position["event"]["E"], "u": position["event"]["u"],
        "B": [{"a": "BTC", "f": "1.00000000", "l": "0.00000000"},
              {"a": "USDT", "f": "9936.00000000", "l": "64.00000000"}]}}


# --- signatures ----------------------------------------------------------------------------------

def test_hmac_signature_is_the_documented_one() -> None:
    p = signed_params(DOC_PARAMS, Credentials(DOC_KEY, DOC_SECRET), DOC_STAMP, 100, False)
    assert p == {**DOC_PARAMS, "recvWindow": 100, "timestamp": DOC_STAMP, "apiKey": DOC_KEY,
                 "signature": "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24"}


def test_ed25519_signature_bytes() -> None:
    private, public = pems(ed_key())
    p = signed_params(DOC_PARAMS, KeyCredentials("4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO",
                                                 private), DOC_STAMP, 100, False)
    signed = ("apiKey=4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO&price=52000.00&"
              "quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532"
              "&type=LIMIT")  # the payload of web-socket-api.md's Ed25519 example
    assert payload(p) == signed
    assert p["signature"] == "3ADw4lmg8VltNWCoFiqDlNIli7wU5lkXzOiHTdE2a8gXPpleTO9QKi3Xlbk9Blm5iZOMqImD6BJxmllzEKNeCQ=="
    ser.load_pem_public_key(public).verify(base64.b64decode(p["signature"]), signed.encode())  # type: ignore[union-attr,call-arg]


def test_rsa_signature_bytes() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private, _ = pems(key)
    p = signed_params(DOC_PARAMS, KeyCredentials(DOC_KEY, private), DOC_STAMP, 100, False)
    signed = payload(p).encode()
    # PKCS#1 v1.5 is deterministic: the same bytes as signing the documented payload directly
    assert base64.b64decode(p["signature"]) == key.sign(signed, padding.PKCS1v15(), SHA256())
    assert payload(p) == payload({**DOC_PARAMS, "recvWindow": 100, "timestamp": DOC_STAMP, "apiKey": DOC_KEY})


def test_session_requests_carry_only_the_timestamp() -> None:
    assert signed_params({"symbol": "BTCUSDT"}, None, DOC_STAMP, None, True) == {"symbol": "BTCUSDT",
                                                                                  "timestamp": DOC_STAMP}


@pytest.mark.parametrize("kind", ["hmac", "rsa", "ed25519"])
async def test_each_key_type_places_and_rest_sees_it(sim: BinanceSim, kind: str) -> None:
    async with client(sim, kind) as api, rest(sim) as bn:
        o = await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000.00"),
                                time_in_force="GTC", new_client_order_id=f"ws-{kind}")
        assert (o.status, o.orig_qty, o.price, o.client_order_id) == ("NEW", D("0.001"), D("64000"), f"ws-{kind}")
        seen = await bn.get_order("BTCUSDT", orig_client_order_id=f"ws-{kind}")
        assert (seen.order_id, seen.status, seen.orig_qty) == (o.order_id, "NEW", D("0.001"))
        assert sim.wsapi.seen[-1]["params"]["apiKey"] == f"{kind}key" if kind != "hmac" else DEMO_API_KEY


async def test_rest_order_seen_and_cancelled_over_the_socket(sim: BinanceSim) -> None:
    async with client(sim) as api, rest(sim) as bn:
        o = await bn.new_order("ETHUSDT", "SELL", "LIMIT", quantity=D("0.5"), price=D("3300.00"), time_in_force="GTC")
        got = await api.get_order("ETHUSDT", order_id=int(o.order_id))
        assert (got.client_order_id, got.status, got.price) == (o.client_order_id, "NEW", D("3300"))
        assert [x.order_id for x in await api.open_orders("ETHUSDT")] == [o.order_id]
        done = await api.cancel_order("ETHUSDT", order_id=int(o.order_id))
        assert done.status == "CANCELED"
        assert (await bn.get_order("ETHUSDT", order_id=int(o.order_id))).status == "CANCELED"
        with pytest.raises(OrderNotFound) as e:
            await api.cancel_order("ETHUSDT", order_id=int(o.order_id))
        assert (e.value.code, e.value.status) == (-2011, 400)


async def test_bad_signature_and_unknown_key(sim: BinanceSim) -> None:
    async with AsyncWsApi(DEMO_API_KEY, "not-the-secret", url=sim.ws_api_url, check_filters=False) as api:
        with pytest.raises(SignatureError) as e:
            await api.account()
        assert (e.value.code, e.value.message) == (-1022, "Signature for this request is not valid.")
    async with AsyncWsApi("nobody", DEMO_SECRET_KEY, url=sim.ws_api_url) as api:
        with pytest.raises(InvalidApiKey) as k:
            await api.account()
        assert (k.value.code, k.value.status) == (-2015, 401)
    stamp = sim.exchange.clock.now_ms()
    good = signed_params({}, Credentials(DEMO_API_KEY, DEMO_SECRET_KEY), stamp, None, False)
    forged = {**good, "timestamp": stamp + 1}  # signed for another timestamp
    [answer] = await raw(sim, [{"id": 1, "method": "account.status", "params": forged}])
    assert answer["error"] == {"code": -1022, "msg": "Signature for this request is not valid."}


async def test_logon_is_ed25519_only(sim: BinanceSim) -> None:
    async with client(sim) as api:
        with pytest.raises(ValidationError):
            await api.logon()
        assert sim.wsapi.seen == []  # refused before the wire
    private, public = pems(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    sim.exchange.add_key(sim.exchange.users[0].uid, "rsakey", public)
    params = signed_params({}, KeyCredentials("rsakey", private), sim.exchange.clock.now_ms(), None, False)
    [answer] = await raw(sim, [{"id": 1, "method": "session.logon", "params": params}])
    assert (answer["status"], answer["error"]) == (401, {"code": -1002,
                                                         "msg": "You are not authorized to execute this request."})


async def test_logon_session_signs_nothing_more(sim: BinanceSim) -> None:
    async with client(sim, "ed25519") as api:
        status = await api.logon()
        assert (status.api_key, status.user_data_stream) == ("ed25519key", False)
        acct = await api.account()
        assert next(b.free for b in acct.balances if b.asset == "USDT") == D("10000")
        sent = sim.wsapi.seen[-1]
        assert sent["method"] == "account.status" and set(sent["params"]) == {"timestamp"}
        out = await api.logout()
        assert out.api_key is None and out.authorized_since is None
        await api.account()  # signed one by one again
        assert set(sim.wsapi.seen[-1]["params"]) == {"timestamp", "apiKey", "signature"}


async def test_validation_and_filters_before_the_wire(sim: BinanceSim) -> None:
    async with client(sim) as api:
        with pytest.raises(ValidationError) as e:
            await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), time_in_force="GTC")
        assert e.value.param == "price"
        with pytest.raises(ValidationError) as f:
            await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000.005"),
                                time_in_force="GTC")
        assert f.value.param == "price"
        # the clock, the filters (once) and the average price of PERCENT_PRICE_BY_SIDE: no order.place
        assert [x["method"] for x in sim.wsapi.seen] == ["time", "exchangeInfo", "avgPrice"]
        assert not any(o.uid == sim.exchange.users[0].uid for o in sim.exchange.engine.orders.values())


async def test_weight_limit_answers_429(sim: BinanceSim) -> None:
    sim.wsapi.weight_limit = 4
    async with client(sim) as api:
        await api.ping()  # 2 (connect) + 1 (time, the clock) + 1
        with pytest.raises(RateLimited) as e:
            await api.ping()
        assert (e.value.code, e.value.status) == (-1003, 429)
        assert e.value.retry_after is not None and 0 <= e.value.retry_after <= 60


# --- exactly once --------------------------------------------------------------------------------

async def test_order_lost_after_execution_is_reconciled_not_resent(sim: BinanceSim) -> None:
    sim.wsapi.fault("order.place", "drop_after")
    async with client(sim) as api:
        o = await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.002"), price=D("64000.00"),
                                time_in_force="GTC", new_client_order_id="once-1")
        assert (o.client_order_id, o.status, o.orig_qty) == ("once-1", "NEW", D("0.002"))
        assert api.connects == 2
    assert placed(sim, "once-1") == 1
    assert [x["method"] for x in sim.wsapi.seen].count("order.place") == 1


async def test_order_lost_before_execution_is_unknown_not_resent(sim: BinanceSim) -> None:
    sim.wsapi.fault("order.place", "drop")
    async with client(sim) as api:
        with pytest.raises(UnknownOrderState) as e:
            await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.002"), price=D("64000.00"),
                                time_in_force="GTC", new_client_order_id="once-2")
        assert e.value.client_order_id == "once-2"
    assert placed(sim, "once-2") == 0
    methods = [x["method"] for x in sim.wsapi.seen]
    assert methods.count("order.place") == 0 and methods.count("order.status") == 4  # dropped unread; 4 queries


async def test_cancel_answer_lost_is_unknown_outcome(sim: BinanceSim) -> None:
    async with client(sim) as api:
        o = await api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.002"), price=D("64000.00"),
                                time_in_force="GTC")
        sim.wsapi.fault("order.cancel", "mute")
        api.timeout = 2.0  # the answer never comes: only this call waits for the timeout
        with pytest.raises(UnknownOutcome) as e:
            await api.cancel_order("BTCUSDT", order_id=int(o.order_id))
        api.timeout = BOUND_S
        assert e.value.endpoint == "order.cancel"
        assert (await api.get_order("BTCUSDT", order_id=int(o.order_id))).status == "CANCELED"
    assert [x["method"] for x in sim.wsapi.seen].count("order.cancel") == 1


# --- user data -----------------------------------------------------------------------------------

async def read(api: AsyncWsApi, out: list[object], stop: Callable[[list[object]], bool]) -> None:
    events: AsyncIterator[Any] = api.user_data()
    async for ev in events:
        out.append(ev)
        if stop(out):
            return


async def test_user_data_typed_and_resubscribed_after_a_drop(sim: BinanceSim) -> None:
    async with client(sim, "ed25519") as api, rest(sim) as bn:
        await api.logon()
        out: list[object] = []
        task = asyncio.ensure_future(read(api, out, lambda o: sum(isinstance(e, s.ExecutionReport) for e in o) >= 2))
        await until(lambda: api._subscription is not None)
        await bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000.00"), time_in_force="GTC",
                           new_client_order_id="ud-1")
        await until(lambda: any(isinstance(e, s.ExecutionReport) for e in out))
        for sess in list(sim.wsapi.sessions):  # the server drops the connection
            sim.loop.call_soon_threadsafe(lambda w=sess.ws: asyncio.ensure_future(w.close()))
        await until(lambda: any(isinstance(e, s.Reconnected) for e in out))
        status = await api.session_status()
        assert (status.api_key, status.user_data_stream) == ("ed25519key", True)  # logged on, subscribed again
        await bn.cancel_order("BTCUSDT", orig_client_order_id="ud-1")
        await asyncio.wait_for(task, BOUND_S)
    reports = [e for e in out if isinstance(e, s.ExecutionReport)]
    assert [(r.c, r.x, r.X, r.q, r.p) for r in reports] == [
        ("ud-1", "NEW", "NEW", D("0.001"), D("64000")), ("ud-1", "CANCELED", "CANCELED", D("0.001"), D("64000"))]
    positions = [e for e in out if isinstance(e, s.AccountPosition)]
    assert [(b.a, b.f, b.l) for b in positions[0].B] == [("BTC", D("1"), D("0")), ("USDT", D("9936"), D("64"))]
    assert api.connects == 2
