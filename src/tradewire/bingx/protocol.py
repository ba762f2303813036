"""BingX on the wire: how a request is signed and sent, and how an answer is read."""

from __future__ import annotations

import time
from typing import Any

import msgspec

from tradewire.bingx import endpoints as E
from tradewire.core.auth import canonical, transmitted
from tradewire.core.call import Context
from tradewire.core.codec import blank_to_null, decode, decode_failure, decoder
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    BadRequest,
    ExchangeError,
    NotFound,
    OrderRejected,
    RateLimited,
    error_for_code,
    error_for_status,
)
from tradewire.core.errors import (
    DecodeError as CoreDecodeError,
)
from tradewire.core.http import Request, Response
from tradewire.core.limits import Limiter

VENUE = "bingx"
FORM = "application/x-www-form-urlencoded"


class Head(msgspec.Struct):
    """Just the status part of a body."""

    code: int = 0
    msg: str | None = None


class DecodeError(CoreDecodeError):
    """The answer did not have the documented shape (names the endpoint and the field)."""


_envelopes: dict[Any, Any] = {}


def envelope_of(tp: Any) -> Any:
    """`{code, msg, data: tp}` as one msgspec type, so an answer decodes in one pass."""
    found = _envelopes.get(tp)
    if found is None:
        found = _envelopes[tp] = msgspec.defstruct(
            "Envelope", [("code", int), ("msg", str | None, None), ("data", tp | None, None)]
        )
    return found


_envelope_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def envelope_decoder(tp: Any) -> msgspec.json.Decoder[Any]:
    """The decoder of `envelope_of(tp)`, found in one lookup per answer."""
    found = _envelope_decoders.get(tp)
    if found is None:
        found = _envelope_decoders[tp] = decoder(envelope_of(tp))
    return found


class BingXProtocol:
    """The `Venue` of BingX."""

    name = VENUE
    #: `{"code":100410}` comes from the gateway and is documented as safe to send again (skills
    #: rate-limits.md §3); an HTTP 429 is not documented, so a write answered with it stays unknown
    refusals = frozenset({100410})
    time_endpoint = E.SERVER_TIME

    def __init__(self, source_key: str | None = "BX-AI-SKILL") -> None:
        self.source_key = source_key
        #: the headers every request carries, built once (each request gets its own copy)
        self._headers = {"X-SOURCE-KEY": source_key} if source_key else {}

    def prepare(self, ep: Endpoint, params: dict[str, str], base: str, ctx: Context) -> Request:
        """Sign (when the endpoint is signed) and place the very signed bytes in the query or body."""
        headers = self._headers.copy()
        creds = ctx.credentials
        if ep.body == "json" and ep.auth == "signed":
            return self._json_request(ep, params, base, ctx, headers)
        if ep.auth == "apikey":
            assert creds is not None
            headers["X-BX-APIKEY"] = creds.api_key
            payload = transmitted(params, canonical(params))
        else:
            stamp = str(ctx.clock.now_ms())
            window = ctx.recv_window if ep.auth == "signed" else None
            if params:
                p = dict(params)
                p["timestamp"] = stamp
                if window is not None:
                    p["recvWindow"] = str(window)
                signed = canonical(p)
                payload = transmitted(p, signed)
            else:  # the usual read: canonical() of digits only, in ASCII order, sent as it is (= transmitted())
                signed = payload = f"timestamp={stamp}" if window is None else f"recvWindow={window}&timestamp={stamp}"
            if ep.auth == "signed":
                assert creds is not None
                headers["X-BX-APIKEY"] = creds.api_key
                payload += "&signature=" + creds.sign(signed)
        url = base + ep.path
        if ep.method == "POST":
            headers["Content-Type"] = FORM
            return Request(ep.method, url, headers, payload.encode())
        return Request(ep.method, f"{url}?{payload}" if payload else url, headers)

    def _json_request(self, ep: Endpoint, params: dict[str, str], base: str, ctx: Context,
                      headers: dict[str, str]) -> Request:
        """A signed JSON body: `timestamp`, `recvWindow` and `signature` inside it, the signature over the
        ASCII-sorted `k=v&...` of every field (references/authentication.md, "JSON Request Body Example");
        a literal parameter (`Param.literal`) is written as the very text that was signed."""
        assert ctx.credentials is not None
        p = dict(params)
        p["timestamp"] = str(ctx.clock.now_ms())
        if ctx.recv_window is not None:
            p["recvWindow"] = str(ctx.recv_window)
        signature = ctx.credentials.sign(canonical(p))
        numbers = ("timestamp", "recvWindow")
        fields = [f"{_json_text(k)}:{v if k in numbers or ep.literal(k) else _json_text(v)}"
                  for k, v in sorted(p.items())]
        fields.append(f'"signature":"{signature}"')
        headers["X-BX-APIKEY"] = ctx.credentials.api_key
        headers["Content-Type"] = "application/json"
        return Request(ep.method, base + ep.path, headers, ("{" + ",".join(fields) + "}").encode())

    def parse(self, ep: Endpoint, resp: Response) -> Any:
        """The result of `ep`, or the mapped exception."""
        body = resp.body
        if ep.shape == "envelope" and resp.status == 200:
            return self._envelope(ep, resp)
        if ep.shape == "status":
            return self._status(ep, resp)
        if resp.status != 200:
            raise self._http_error(ep, resp)
        if ep.shape == "bytes":
            if body[:1] == b"{":
                self._raise_code(ep, self._head(ep, body), resp)
            return body
        if ep.shape == "auto":
            head = self._head(ep, body)
            if head.code:
                self._raise_code(ep, head, resp)
            raw: Any = self._decode(ep, body, Any)
            return raw["data"] if isinstance(raw, dict) and "data" in raw and "code" in raw else raw
        if ep.shape == "unwrapped":
            if body.lstrip()[:1] != b"[":  # a bare array (deposit/withdraw history) has no code
                head = self._head(ep, body)
                if head.code:
                    self._raise_code(ep, head, resp)
            return self._decode(ep, body, ep.result)
        return self._envelope(ep, resp)

    def _envelope(self, ep: Endpoint, resp: Response) -> Any:
        """`data` of a `{code, msg, data}` answer of status 200, decoded as `ep.result`."""
        body = resp.body
        try:
            env = envelope_decoder(ep.result).decode(blank_to_null(body))
        except (msgspec.ValidationError, msgspec.DecodeError) as e:
            head = self._head(ep, body)
            if head.code:  # an error answer whose data is not the result's shape
                self._raise_code(ep, head, resp)
            raise decode_failure(DecodeError, VENUE, f"{ep.method} {ep.path}", e, body) from None
        if env.code:
            self._raise_code(ep, self._head(ep, body), resp)
        return env.data

    def server_time(self, resp: Response) -> int:
        """Server time from the server-time answer."""
        data: Any = self.parse(E.SERVER_TIME, resp)
        return int(data.server_time)

    def rate_headers(self, ep: Endpoint, resp: Response, limiter: Limiter) -> None:
        """Honour `X-RateLimit-Requests-Remain/Expire` when the server sends them."""
        remain = resp.headers.get("X-RateLimit-Requests-Remain")
        if remain is None:
            return
        expire = resp.headers.get("X-RateLimit-Requests-Expire")
        limiter.observe(ep, int(remain), _seconds_until(expire))

    # --- errors ---------------------------------------------------------------------------------

    def _decode(self, ep: Endpoint, body: bytes, tp: Any) -> Any:
        try:
            return decode(body, tp)
        except (msgspec.ValidationError, msgspec.DecodeError) as e:
            raise decode_failure(DecodeError, VENUE, f"{ep.method} {ep.path}", e, body) from None

    def _head(self, ep: Endpoint, body: bytes) -> Head:
        try:
            head: Head = decode(body, Head)
        except (msgspec.ValidationError, msgspec.DecodeError) as e:
            raise decode_failure(DecodeError, VENUE, f"{ep.method} {ep.path}", e, body) from None
        return head

    def _raise_code(self, ep: Endpoint, head: Head, resp: Response) -> None:
        if not head.code:
            raise DecodeError("no error code and no result", venue=VENUE, endpoint=f"{ep.method} {ep.path}",
                              field="$.code", body=resp.body)
        cls = error_for_code(VENUE, head.code)
        # 100421 is a timestamp error everywhere but on spot trading, where it means the
        # pending-order limit or a pair closed to API orders (skills error-codes.md).
        if head.code == 100421 and ep.path.startswith("/openApi/spot/v1/trade"):
            cls = OrderRejected
        raise cls(head.msg or "error", venue=VENUE, code=head.code, status=resp.status, endpoint=ep.path)

    def _http_error(self, ep: Endpoint, resp: Response) -> ExchangeError:
        code: int | None = None
        msg = f"HTTP {resp.status}"
        try:
            head = decode(resp.body, Head)
            code, msg = (head.code or None), head.msg or msg
        except (msgspec.ValidationError, msgspec.DecodeError):
            pass
        cls = error_for_status(resp.status, write=ep.write)
        kw: dict[str, Any] = dict(venue=VENUE, code=code, status=resp.status, endpoint=ep.path)
        if cls is RateLimited:
            return RateLimited(msg, retry_after=_seconds_until(resp.headers.get("Retry-After")), **kw)
        return cls(msg, **kw)

    def _status(self, ep: Endpoint, resp: Response) -> None:
        if resp.status == 404:
            raise NotFound("listen key does not exist", venue=VENUE, status=404, endpoint=ep.path)
        if resp.status == 204:
            raise BadRequest("no request parameters", venue=VENUE, status=204, endpoint=ep.path)
        if resp.status != 200:
            raise self._http_error(ep, resp)
        if resp.body[:1] == b"{":
            head = self._head(ep, resp.body)
            if head.code:
                self._raise_code(ep, head, resp)


def _json_text(value: str) -> str:
    """A JSON string literal."""
    return msgspec.json.encode(value).decode()


def _seconds_until(value: str | None) -> float | None:  # float ok: seconds
    """A header that is a delay in seconds or an epoch time in ms, as seconds from now."""
    if not value:
        return None
    try:
        n = float(value)  # float ok: a header delay, not money
    except ValueError:
        return None
    if n > 1e12:
        return max(0.0, n / 1000 - time.time())
    return n


__all__ = ["BingXProtocol", "DecodeError"]
