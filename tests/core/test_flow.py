"""The call flow, driven with a scripted transport: fallback, unknown outcomes, resync, retries."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from tradewire.bingx import endpoints as E
from tradewire.bingx.base import BingXConfig
from tradewire.core.call import flow, run_sync
from tradewire.core.errors import (
    IpBanned,
    RateLimited,
    RequestTimeout,
    SignatureError,
    TimestampError,
    TransportError,
    UnknownOutcome,
    ValidationError,
)
from tradewire.core.http import Request, Response

OK_TIME = Response(200, {}, b'{"code":0,"msg":"","data":{"serverTime":1700000000000}}')
BALANCE = b'{"code":0,"msg":"","data":[{"asset":"USDT","balance":"1.5","equity":"1.5"}]}'
TRANSFER = b'{"code":0,"msg":"","data":{"tranId":"77"}}'

Script = list[Callable[[Request], Response]]


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Callable[[Request], Response]:
    return lambda req: Response(status, headers or {}, body)


def fail(exc: TransportError) -> Callable[[Request], Response]:
    def send(req: Request) -> Response:
        raise exc
    return send


class Scripted:
    """Answers each request with the next scripted step and records what was sent."""

    def __init__(self, *steps: Callable[[Request], Response]) -> None:
        self.steps = list(steps)
        self.sent: list[Request] = []

    def __call__(self, req: Request) -> Response:
        self.sent.append(req)
        return self.steps.pop(0)(req)


def config(**kw: object) -> BingXConfig:
    cfg = BingXConfig("k" * 20, "s" * 20, base_url=("http://com", "http://pro"), **kw)  # type: ignore[arg-type]
    cfg.context.clock.synced = True
    return cfg


def call(cfg: BingXConfig, ep: object, send: Scripted, **params: object) -> object:
    return run_sync(flow(cfg.context, ep, params), send)  # type: ignore[arg-type]


def test_connect_failure_falls_back_to_pro() -> None:
    send = Scripted(fail(TransportError("refused", sent=False)), answer(200, BALANCE))
    rows = call(config(), E.SWAP_BALANCE, send)
    assert [r.url.split("/openApi")[0] for r in send.sent] == ["http://com", "http://pro"]
    assert rows[0].balance == Decimal("1.5")  # type: ignore[index]


def test_read_timeout_on_a_read_falls_back() -> None:
    send = Scripted(fail(RequestTimeout("slow", sent=True)), answer(200, BALANCE))
    call(config(), E.SWAP_BALANCE, send)
    assert len(send.sent) == 2


def test_http_answer_never_falls_back() -> None:
    send = Scripted(answer(200, b'{"code":100001,"msg":"Signature verification failed","timestamp":1}'))
    with pytest.raises(SignatureError) as e:
        call(config(), E.SWAP_BALANCE, send)
    assert (e.value.code, e.value.venue, e.value.endpoint) == (100001, "bingx", "/openApi/swap/v3/user/balance")
    assert len(send.sent) == 1


def test_timed_out_write_is_an_unknown_outcome_and_not_resent() -> None:
    send = Scripted(fail(RequestTimeout("slow", sent=True)))
    with pytest.raises(UnknownOutcome):
        call(config(), E.TRANSFER, send, asset="USDT", amount="5", fromAccount="fund", toAccount="USDTMPerp")
    assert len(send.sent) == 1


def test_refused_write_may_use_the_fallback() -> None:
    send = Scripted(fail(TransportError("refused", sent=False)), answer(200, TRANSFER))
    result = call(config(), E.TRANSFER, send, asset="USDT", amount="5", fromAccount="fund", toAccount="USDTMPerp")
    assert result.tran_id == "77"  # type: ignore[attr-defined]
    assert [r.url for r in send.sent] == ["http://com/openApi/api/asset/v1/transfer",
                                          "http://pro/openApi/api/asset/v1/transfer"]
    first, second = (r.body.decode().split("&timestamp=")[0] for r in send.sent if r.body)
    assert first == second == "amount=5&asset=USDT&fromAccount=fund"  # the same order, freshly timestamped and signed


def test_504_on_a_write_is_unknown_and_not_retried() -> None:
    send = Scripted(answer(504, b"<html>gateway timeout</html>"))
    with pytest.raises(UnknownOutcome) as e:
        call(config(), E.TRANSFER, send, asset="USDT", amount="5", fromAccount="fund", toAccount="USDTMPerp")
    assert e.value.status == 504
    assert len(send.sent) == 1


def test_5xx_on_a_read_is_retried() -> None:
    send = Scripted(answer(503, b"busy"), answer(504, b""), answer(200, BALANCE))
    call(config(), E.SWAP_BALANCE, send)
    assert len(send.sent) == 3


def test_5xx_on_a_write_is_an_unknown_outcome() -> None:
    send = Scripted(answer(500, b"oops"))
    with pytest.raises(UnknownOutcome) as e:
        call(config(), E.TRANSFER, send, asset="USDT", amount="5", fromAccount="fund", toAccount="USDTMPerp")
    assert len(send.sent) == 1
    assert e.value.status == 500
    assert e.value.params == {"amount": "5", "asset": "USDT", "fromAccount": "fund", "toAccount": "USDTMPerp"}


def test_timestamp_error_resyncs_once_and_retries_once() -> None:
    stale = answer(200, b'{"code":100421,"msg":"Null timestamp or timestamp mismatch"}')
    send = Scripted(stale, lambda r: OK_TIME, answer(200, BALANCE))
    cfg = config()
    call(cfg, E.SWAP_BALANCE, send)
    assert [r.url.split("?")[0].rsplit("/", 2)[-1] for r in send.sent] == ["balance", "time", "balance"]
    assert cfg.clock.offset_ms != 0

    send = Scripted(stale, lambda r: OK_TIME, stale)
    with pytest.raises(TimestampError):
        call(config(), E.SWAP_BALANCE, send)
    assert len(send.sent) == 3


def test_first_signed_call_syncs_the_clock() -> None:
    cfg = config()
    cfg.context.clock.synced = False
    send = Scripted(lambda r: OK_TIME, answer(200, BALANCE))
    call(cfg, E.SWAP_BALANCE, send)
    assert send.sent[0].url.startswith("http://com/openApi/swap/v2/server/time")
    assert cfg.clock.synced


def test_rate_limit_code_backs_off_and_retries() -> None:
    limited = answer(200, b'{"code":100410,"msg":"rate limitation"}')
    send = Scripted(limited, answer(200, BALANCE))
    call(config(), E.SWAP_BALANCE, send)
    assert len(send.sent) == 2
    send = Scripted(limited, limited, limited, limited)
    with pytest.raises(RateLimited):
        call(config(), E.SWAP_BALANCE, send)
    assert len(send.sent) == 4


def test_http_429_honours_retry_after() -> None:
    send = Scripted(answer(429, b"", {"Retry-After": "0.05"}), answer(200, BALANCE))
    call(config(), E.SWAP_BALANCE, send)
    assert len(send.sent) == 2


@pytest.mark.parametrize("status", [418, 403])
def test_ban_stops_every_later_request(status: int) -> None:
    cfg = config()
    send = Scripted(answer(status, b"banned", {"Retry-After": "120"}))
    with pytest.raises(IpBanned) as e:
        call(cfg, E.SWAP_BALANCE, send)
    assert e.value.status == status
    with pytest.raises(IpBanned, match="requests stopped"):
        call(cfg, E.POSITIONS, Scripted())
    assert len(send.sent) == 1


def test_validation_error_sends_nothing() -> None:
    send = Scripted()
    with pytest.raises(ValidationError) as e:
        call(config(), E.POSITIONS, send, symbol="btc-usdt")
    assert e.value.param == "symbol"
    assert send.sent == []


def test_signed_call_without_credentials_sends_nothing() -> None:
    cfg = BingXConfig(base_url="http://x")
    with pytest.raises(ValidationError, match="needs API credentials"):
        call(cfg, E.SWAP_BALANCE, Scripted())


def test_local_limiter_waits_instead_of_failing() -> None:
    cfg = config()
    send = Scripted(*[answer(200, BALANCE)] * 7)
    import time

    t0 = time.monotonic()
    for _ in range(7):
        call(cfg, E.SWAP_BALANCE, send)
    # UID 5/s and IP 3/s: the 4th..7th calls wait for the 3/s bucket
    assert time.monotonic() - t0 >= 1.2
