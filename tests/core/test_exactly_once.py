"""A write is sent once: every answer that does not prove a refusal is an unknown outcome, never a retry."""

from __future__ import annotations

import pytest

from tests.core.test_flow import BALANCE, TRANSFER, Scripted, answer, config
from tradewire.binance import endpoints as BE
from tradewire.binance.base import BinanceConfig
from tradewire.bingx import endpoints as E
from tradewire.core.call import flow, run_sync
from tradewire.core.errors import RateLimited, ServerError, UnknownOutcome

WRITE = {"asset": "USDT", "amount": "5", "fromAccount": "fund", "toAccount": "USDTMPerp"}
SENT = {"amount": "5", "asset": "USDT", "fromAccount": "fund", "toAccount": "USDTMPerp"}

NOT_A_REFUSAL = [
    pytest.param(500, b'{"code":100500,"msg":"Internal system error"}', id="500-json"),
    pytest.param(502, b"<html>502 Bad Gateway</html>", id="502-html"),
    pytest.param(503, b"<html>503 Service Temporarily Unavailable</html>", id="503-html"),
    pytest.param(504, b"", id="504-empty"),
    pytest.param(429, b'{"code":100410,"msg":"rate limited"}', id="429-http"),
    pytest.param(200, b"<html>maintenance</html>", id="200-not-json"),
    pytest.param(200, b'{"code":0,"msg":"","data":{"tranId":"7', id="200-truncated"),
    pytest.param(200, b'{"code":100500,"msg":"Internal system error"}', id="200-system-error-code"),
    pytest.param(200, b'{"code":80012,"msg":"service unavailable"}', id="200-service-unavailable-code"),
]


@pytest.mark.parametrize(("status", "body"), NOT_A_REFUSAL)
def test_a_bingx_write_answered_without_a_refusal_is_unknown_and_sent_once(status: int, body: bytes) -> None:
    send = Scripted(answer(status, body), answer(200, TRANSFER))
    with pytest.raises(UnknownOutcome) as e:
        run_sync(flow(config().context, E.TRANSFER, WRITE), send)
    assert len(send.sent) == 1
    assert e.value.params == SENT
    assert e.value.endpoint == "/openApi/api/asset/v1/transfer"
    assert "was not sent again" in str(e.value)
    assert "signature=" not in e.value.request and "signature" not in e.value.params


def test_the_documented_gateway_refusal_is_raised_as_such_and_not_resent() -> None:
    send = Scripted(answer(200, b'{"code":100410,"msg":"Request rate limit exceeded"}'), answer(200, TRANSFER))
    with pytest.raises(RateLimited) as e:
        run_sync(flow(config().context, E.TRANSFER, WRITE), send)
    assert not isinstance(e.value, UnknownOutcome)
    assert e.value.code == 100410
    assert len(send.sent) == 1


@pytest.mark.parametrize(("status", "body"), [
    (500, b'{"code":100500,"msg":"Internal system error"}'), (503, b"<html></html>"),
    (429, b'{"code":100410,"msg":"rate limited"}'), (200, b'{"code":100410,"msg":"rate limited"}')])
def test_a_read_is_retried(status: int, body: bytes) -> None:
    send = Scripted(answer(status, body), answer(200, BALANCE))
    cfg = config()
    cfg.context.max_retries = 1
    rows = run_sync(flow(cfg.context, E.SWAP_BALANCE, {}), lambda r: send(r))
    assert [str(r.balance) for r in rows] == ["1.5"]
    assert len(send.sent) == 2


def test_a_read_gives_up_after_its_retries() -> None:
    cfg = config()
    cfg.context.max_retries = 2
    send = Scripted(*[answer(500, b"{}")] * 3)
    with pytest.raises(ServerError):
        run_sync(flow(cfg.context, E.SWAP_BALANCE, {}), send)
    assert len(send.sent) == 3


def binance() -> BinanceConfig:
    cfg = BinanceConfig("k" * 20, "s" * 20, base_url="http://bn", rate_limits=False)
    cfg.context.clock.synced = True
    return cfg


@pytest.mark.parametrize(("status", "body"), [
    (429, b'{"code":-1003,"msg":"Too many requests."}'),
    (429, b'{"code":-1015,"msg":"Too many new orders."}'),
    (500, b'{"code":-1000,"msg":"An unknown error occurred"}'),
    (503, b"<html></html>"),
    (200, b'{"id":"7'),
])
def test_a_binance_withdraw_is_sent_once(status: int, body: bytes) -> None:
    send = Scripted(answer(status, body), answer(200, b'{"id":"7"}'))
    with pytest.raises(UnknownOutcome) as e:
        run_sync(flow(binance().context, BE.WITHDRAW, {"coin": "USDT", "address": "TXYZ", "amount": "20"}), send)
    assert len(send.sent) == 1
    assert e.value.params["amount"] == "20"


#: the only non-GET endpoints that may be re-sent: test orders change nothing, listen keys only extend a stream
RESENDABLE = {
    ("POST", "/api/v3/order/test"), ("POST", "/openApi/swap/v2/trade/order/test"),
    ("POST", "/api/v3/userDataStream"), ("PUT", "/api/v3/userDataStream"), ("DELETE", "/api/v3/userDataStream"),
    ("POST", "/openApi/user/auth/userDataStream"), ("PUT", "/openApi/user/auth/userDataStream"),
    ("DELETE", "/openApi/user/auth/userDataStream"),
    ("POST", "/fapi/v1/listenKey"), ("PUT", "/fapi/v1/listenKey"), ("DELETE", "/fapi/v1/listenKey"),
}


def test_every_state_changing_endpoint_is_a_write() -> None:
    from tradewire.bingx import trade as T
    from tradewire.core.endpoint import Endpoint

    declared = [v for mod in (BE, E, T) for v in vars(mod).values() if isinstance(v, Endpoint)]
    changing = {(ep.method, ep.path) for ep in declared if ep.method != "GET"}
    assert {(ep.method, ep.path) for ep in declared if ep.method != "GET" and not ep.write} == RESENDABLE
    assert ("DELETE", "/api/v3/order") in changing and ("DELETE", "/fapi/v1/order") in changing
