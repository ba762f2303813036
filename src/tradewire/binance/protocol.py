"""Binance on the wire: signing (binance.md §4), reading answers and rate-limit headers (§6, §7)."""

from __future__ import annotations

import base64
import string
from typing import Any
from urllib.parse import quote

import msgspec

from tradewire.binance import endpoints as E
from tradewire.core.auth import Credentials
from tradewire.core.call import Context
from tradewire.core.codec import blank_to_null, decode_failure, decoder
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    DecodeError as CoreDecodeError,
)
from tradewire.core.errors import (
    DuplicateOrder,
    ExchangeError,
    InsufficientFunds,
    IpBanned,
    OrderNotFound,
    OrderRejected,
    RateLimited,
    ServerError,
    UnknownOutcome,
    error_for_code,
    error_for_status,
)
from tradewire.core.http import Request, Response
from tradewire.core.limits import Limiter

VENUE = "binance"
FORM = "application/x-www-form-urlencoded"


class DecodeError(CoreDecodeError):
    """The answer did not have the documented shape (names the endpoint and the field)."""


class CancelReplaceFailed(OrderRejected):
    """-2021 (one half failed) or -2022 (both failed); `data` holds both halves as sent."""

    def __init__(self, message: str, *, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.data = data


class ErrorBody(msgspec.Struct):
    code: int = 0
    msg: str = ""
    data: dict[str, Any] | None = None


class KeyCredentials(Credentials):
    """An RSA (PKCS#1 v1.5, SHA-256; binance.md §4.2) or Ed25519 private key in PEM.

    Ed25519 is not in the reference; it is the same flow with the key's own signature scheme.
    Needs the optional `cryptography` package.
    """

    __slots__ = ("_key",)

    def __init__(self, api_key: str, private_key_pem: bytes | str, password: bytes | None = None) -> None:
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        super().__init__(api_key, "")
        pem = private_key_pem.encode() if isinstance(private_key_pem, str) else private_key_pem
        self._key = load_pem_private_key(pem, password)

    @property
    def key_type(self) -> str:
        """RSA or ED25519 (the WebSocket API's `session.logon` takes Ed25519 keys only)."""
        from cryptography.hazmat.primitives.asymmetric import ed25519

        return "ED25519" if isinstance(self._key, ed25519.Ed25519PrivateKey) else "RSA"

    def sign(self, message: str) -> str:
        """Base64 signature of `message` (URL-encoded by the caller)."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

        key = self._key
        if isinstance(key, rsa.RSAPrivateKey):
            raw = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ed25519.Ed25519PrivateKey):
            raw = key.sign(message.encode())
        else:
            raise TypeError("private key must be RSA or Ed25519")
        return base64.b64encode(raw).decode()

    def __repr__(self) -> str:
        return f"KeyCredentials(api_key={self.api_key[:5]}..., private_key='***')"

    __str__ = __repr__


#: characters `quote` never encodes: a value made of them only is sent as it is (the common case: numbers,
#: symbols, enum names, hex signatures), without the cost of `quote`
_PLAIN = frozenset(string.ascii_letters + string.digits + "-_.~")


def _quoted(value: str) -> str:
    return value if _PLAIN.issuperset(value) else quote(value, safe="-_.~")


def encode_params(params: dict[str, str]) -> str:
    """`k=v&...` in the given order, values percent-encoded (JSON arrays, commas, `@`, spaces)."""
    return "&".join([f"{k}={_quoted(v)}" for k, v in params.items()])


def total_params(query: str, body: str) -> str:
    """The signed text: query string directly followed by the body (no `&` between them)."""
    return query + body


#: the headers `rate_headers` reads: the weight used this minute, the orders placed in 10 s and in a day
USED_WEIGHT = "X-MBX-USED-WEIGHT-1M"
ORDER_COUNTS = ((0, "X-MBX-ORDER-COUNT-10S"), (1, "X-MBX-ORDER-COUNT-1D"))


class BinanceProtocol:
    """The `Venue` of Binance; `/fapi/` and `/futures/data/` paths go to `futures_url`."""

    name = VENUE
    #: no 429 is documented as refused before execution: a write answered so is an unknown outcome
    refusals = frozenset[int]()
    time_endpoint = E.TIME

    def __init__(self, futures_url: str = "https://fapi.binance.com") -> None:
        self.futures_url = futures_url
        #: the credentials the header templates below were built for
        self._creds: Credentials | None = None
        #: the headers of a keyed request and of a keyed form body, built once per key (each request gets a copy)
        self._keyed: dict[str, str] = {}
        self._keyed_form: dict[str, str] = {"Content-Type": FORM}
        #: result type -> its decoder, found in one lookup per answer
        self._decoders: dict[Any, msgspec.json.Decoder[Any]] = {}

    def _headers(self, auth: str, form: bool, creds: Credentials | None) -> dict[str, str]:
        if auth == "none":
            return {"Content-Type": FORM} if form else {}
        assert creds is not None
        if creds is not self._creds:
            self._keyed = {"X-MBX-APIKEY": creds.api_key}
            self._keyed_form = {"X-MBX-APIKEY": creds.api_key, "Content-Type": FORM}
            self._creds = creds
        return (self._keyed_form if form else self._keyed).copy()

    def prepare(self, ep: Endpoint, params: dict[str, str], base: str, ctx: Context) -> Request:
        """Add recvWindow/timestamp after the parameters, sign the exact text sent, put it in the query
        (GET/DELETE) or the body (POST/PUT)."""
        auth, form = ep.auth, ep.method in ("POST", "PUT")
        creds = ctx.credentials
        headers = self._headers(auth, form, creds)
        payload = encode_params(params) if params else ""
        if auth == "signed":
            assert creds is not None
            stamp = f"timestamp={ctx.clock.now_ms()}"
            if ctx.recv_window is not None:
                stamp = f"recvWindow={ctx.recv_window}&{stamp}"
            payload = f"{payload}&{stamp}" if payload else stamp
            signature = creds.sign(payload)
            # hex (HMAC) is sent as it is; base64 (RSA, Ed25519) has `+/=` encoded
            payload += "&signature=" + (_quoted(signature) if isinstance(creds, KeyCredentials) else signature)
        url = (self.futures_url if ep.path.startswith(("/fapi/", "/futures/")) else base) + ep.path
        if form:
            return Request(ep.method, url, headers, payload.encode())
        return Request(ep.method, f"{url}?{payload}" if payload else url, headers)

    def parse(self, ep: Endpoint, resp: Response) -> Any:
        """The result of `ep`, or the mapped exception."""
        if resp.status == 200:
            tp = ep.result
            typed = self._decoders.get(tp)
            if typed is None:
                typed = self._decoders[tp] = decoder(tp)
            try:
                return typed.decode(blank_to_null(resp.body))
            except (msgspec.ValidationError, msgspec.DecodeError) as e:
                raise decode_failure(DecodeError, VENUE, f"{ep.method} {ep.path}", e, resp.body) from None
        raise self.error(ep, resp)

    def error(self, ep: Endpoint, resp: Response) -> ExchangeError:
        """The exception for a non-200 answer."""
        try:
            body = decoder(ErrorBody).decode(resp.body)
        except (msgspec.ValidationError, msgspec.DecodeError):
            body = ErrorBody(msg=resp.body[:200].decode(errors="replace") or f"HTTP {resp.status}")
        code = body.code or None
        msg = body.msg or f"HTTP {resp.status}"
        kw: dict[str, Any] = dict(venue=VENUE, code=code, status=resp.status, endpoint=ep.path)
        status = resp.status
        if status == 429:
            return RateLimited(msg, retry_after=_seconds(resp.headers.get("Retry-After")), **kw)
        if status == 418:
            retry = resp.headers.get("Retry-After")
            return IpBanned(f"IP banned by Binance (HTTP 418){'; retry after ' + retry + ' s' if retry else ''}: "
                            f"{msg}", **kw)
        if status >= 500 and ep.write:
            return UnknownOutcome(f"{msg}; execution status unknown (HTTP {status})", **kw)
        if status >= 500:
            return ServerError(msg, **kw)
        if code in (-2021, -2022) and body.data is not None:
            return CancelReplaceFailed(msg, data=body.data, **kw)
        cls = error_for_code(VENUE, code) if code is not None else error_for_status(status, write=ep.write)
        return _refine(cls, msg)(msg, **kw)

    def server_time(self, resp: Response) -> int:
        """Server time from `GET /api/v3/time`."""
        data: Any = self.parse(E.TIME, resp)
        return int(data.server_time)

    def rate_headers(self, ep: Endpoint, resp: Response, limiter: Limiter) -> None:
        """Bring the weight and order buckets up to what `X-MBX-USED-WEIGHT-1M` / `X-MBX-ORDER-COUNT-*` say."""
        if not limiter.enabled:
            return
        headers = resp.headers
        used = headers.get(USED_WEIGHT)
        if used is not None and used.isdigit():
            limiter.observe_used("weight", 0, int(used))
        for index, name in ORDER_COUNTS:
            count = headers.get(name)
            if count is not None and count.isdigit():
                limiter.observe_used("orders", index, int(count))


def _refine(cls: type[ExchangeError], msg: str) -> type[ExchangeError]:
    """Codes -2010/-2011 cover several cases; the message tells them apart (binance.md §8)."""
    if cls is OrderRejected:
        if msg == "Unknown order sent.":
            return OrderNotFound
        if msg == "Duplicate order sent.":
            return DuplicateOrder
        if "insufficient balance" in msg:
            return InsufficientFunds
    return cls


def _seconds(value: str | None) -> float | None:  # float ok: seconds
    if not value:
        return None
    try:
        return max(0.0, float(value))  # float ok: a header delay, not money
    except ValueError:
        return None


__all__ = ["BinanceProtocol", "CancelReplaceFailed", "DecodeError", "KeyCredentials", "total_params"]
