"""One exception tree for every venue, and the table that maps exchange codes onto it."""

from __future__ import annotations

from typing import Any


class TradewireError(Exception):
    """Base of every error tradewire raises."""


class ValidationError(TradewireError, ValueError):
    """A parameter broke a documented rule; nothing was sent."""

    def __init__(self, param: str, rule: str, value: Any = None) -> None:
        self.param = param
        self.rule = rule
        self.value = value
        super().__init__(f"{param}: {rule}" + ("" if value is None else f" (got {value!r})"))


class TransportError(TradewireError):
    """No HTTP answer arrived: DNS, refused or reset connection, TLS failure, timeout."""

    def __init__(self, message: str, *, url: str = "", sent: bool = False) -> None:
        super().__init__(message)
        self.url = url
        #: True when the request bytes may have reached the server (the outcome is unknown).
        self.sent = sent


class RequestTimeout(TransportError):
    """The server did not answer within the timeout."""


class DecodeError(TradewireError):
    """An answer arrived but did not have the documented shape: names the venue, the endpoint and the
    field (msgspec's `$.data[0].time` path) that did not fit. The venues' protocols subclass it."""

    def __init__(self, detail: str, *, venue: str = "", endpoint: str = "", field: str | None = None,
                 body: bytes = b"") -> None:
        self.venue = venue
        self.endpoint = endpoint
        #: the JSON path of the field that did not fit (`$.data.assets`), when known
        self.field = field
        self.detail = detail
        where = f"{venue} {endpoint}".strip()
        at = f" (field {field})" if field and field not in detail else ""
        super().__init__(f"{where}: unexpected answer: {detail}{at}; answer began {body[:200]!r}")


class ExchangeError(TradewireError):
    """The exchange answered with an error (a business code or an HTTP error status)."""

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        venue: str = "",
        code: int | None = None,
        status: int | None = None,
        endpoint: str = "",
        request: str = "",
    ) -> None:
        self.venue = venue
        self.code = code
        self.message = message
        self.status = status
        self.endpoint = endpoint
        #: The request line with secrets redacted (signature removed).
        self.request = request
        where = f"{venue} {endpoint}".strip()
        tag = f"[{code}] " if code is not None else (f"[HTTP {status}] " if status else "")
        super().__init__(f"{tag}{message}" + (f" ({where})" if where else ""))


class AuthenticationError(ExchangeError):
    """Credentials were refused."""


class SignatureError(AuthenticationError):
    """The signature did not verify, or was missing."""


class InvalidApiKey(AuthenticationError):
    """The API key is unknown, deleted or missing."""


class IpNotWhitelisted(AuthenticationError):
    """The request IP is not on the key's whitelist."""


class PermissionDenied(AuthenticationError):
    """The key lacks the permission this call needs."""


class TimestampError(ExchangeError):
    """The request timestamp was missing or outside recvWindow of server time."""


class RateLimited(ExchangeError):
    """Too many requests; wait `retry_after` seconds when the server said how long."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:  # float ok: not money
        super().__init__(message, **kw)
        self.retry_after = retry_after  # float ok: seconds


class IpBanned(ExchangeError):
    """HTTP 418 (auto-ban after 429) or 403 (firewall): stop sending."""


class BadRequest(ExchangeError):
    """The exchange refused the parameters."""


class NotFound(ExchangeError):
    """The resource does not exist (HTTP 404, e.g. an expired listen key)."""


class InsufficientFunds(ExchangeError):
    """Not enough balance or margin."""


class OrderNotFound(ExchangeError):
    """The order does not exist."""


class PositionNotFound(ExchangeError):
    """The position does not exist."""


class OrderRejected(ExchangeError):
    """The exchange refused the order (size, price range, post-only, reduce-only, leverage...)."""


class DuplicateOrder(OrderRejected):
    """The same client order id was submitted again."""


class RiskForbidden(ExchangeError):
    """Blocked by the exchange's risk control."""


class ServerError(ExchangeError):
    """The exchange failed internally (HTTP 5xx or a 'system busy' code)."""

    retryable = True


class UnknownOutcome(ExchangeError):
    """A write was sent but its outcome is unknown (HTTP 5xx, a rate-limit answer that does not prove a
    refusal, an unreadable answer, rpc timeout, connection lost).

    It may or may not have been executed and was not sent again: query state before sending it again.
    `params` holds what was sent (without timestamp and signature).
    """

    def __init__(self, message: str, *, params: dict[str, str] | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.params = params or {}


class UnknownOrderState(UnknownOutcome):
    """An order's outcome is unknown and could not be reconciled by its client order id."""

    def __init__(self, message: str, *, client_order_id: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.client_order_id = client_order_id


class OrderNotPlaced(ExchangeError):
    """The outcome was unknown, and a lookup by client order id proved the order does not exist:
    sending it again is safe."""

    def __init__(self, message: str, *, client_order_id: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.client_order_id = client_order_id


# (venue, code) -> exception class. Codes from the seeds and the official error-code reference.
CODE_TABLE: dict[tuple[str, int], type[ExchangeError]] = {
    ("bingx", 100001): SignatureError,
    ("bingx", 100412): SignatureError,
    ("bingx", 80014): BadRequest,
    ("bingx", 100413): InvalidApiKey,
    ("bingx", 100419): IpNotWhitelisted,
    ("bingx", 100004): PermissionDenied,
    ("bingx", 100403): PermissionDenied,
    ("bingx", 100421): TimestampError,
    ("bingx", 100410): RateLimited,
    ("bingx", 109429): RateLimited,
    ("bingx", 100400): BadRequest,
    ("bingx", 109400): BadRequest,
    ("bingx", 100204): NotFound,
    ("bingx", 100404): NotFound,
    ("bingx", 100437): BadRequest,
    ("bingx", 100450): BadRequest,
    ("bingx", 100490): BadRequest,
    ("bingx", 100202): InsufficientFunds,
    ("bingx", 101204): InsufficientFunds,
    ("bingx", 101206): InsufficientFunds,
    ("bingx", 101212): InsufficientFunds,
    ("bingx", 101253): InsufficientFunds,
    ("bingx", 102201): InsufficientFunds,
    ("bingx", 80016): OrderNotFound,
    ("bingx", 109421): OrderNotFound,
    ("bingx", 80017): PositionNotFound,
    ("bingx", 101205): PositionNotFound,
    ("bingx", 109420): PositionNotFound,
    ("bingx", 80020): RiskForbidden,
    ("bingx", 109403): RiskForbidden,
    ("bingx", 100441): RiskForbidden,
    ("bingx", 101210): RiskForbidden,
    ("bingx", 101484): RiskForbidden,
    ("bingx", 101483): PermissionDenied,
    ("bingx", 109201): DuplicateOrder,
    ("bingx", 101481): DuplicateOrder,
    ("bingx", 101215): OrderRejected,
    ("bingx", 101290): OrderRejected,
    ("bingx", 101400): OrderRejected,
    ("bingx", 101201): OrderRejected,
    ("bingx", 101202): OrderRejected,
    ("bingx", 101209): OrderRejected,
    ("bingx", 101211): OrderRejected,
    ("bingx", 101222): OrderRejected,
    ("bingx", 101414): OrderRejected,
    ("bingx", 101415): OrderRejected,
    ("bingx", 101419): OrderRejected,
    ("bingx", 101429): OrderRejected,
    ("bingx", 101460): OrderRejected,
    ("bingx", 101461): OrderRejected,
    ("bingx", 101485): OrderRejected,
    ("bingx", 100440): OrderRejected,
    ("bingx", 80018): OrderRejected,
    ("bingx", 100500): ServerError,
    ("bingx", 80012): ServerError,
    ("bingx", 80013): OrderRejected,
    ("bingx", 80019): ServerError,
    ("bingx", 101214): ServerError,
    ("bingx", 101219): ServerError,
    ("bingx", 109500): ServerError,
    ("bingx", 109701): ServerError,
    ("bingx", 101500): UnknownOutcome,
    # the rest of the official error-code reference (bingx-skills/references/error-codes.md)
    ("bingx", 101412): OrderRejected,
    ("bingx", 101413): OrderRejected,
    ("bingx", 104424): OrderRejected,
    ("bingx", 101434): OrderRejected,
    ("bingx", 101479): OrderRejected,
    ("bingx", 109430): OrderRejected,
    ("bingx", 110203): OrderRejected,
    ("bingx", 110206): OrderRejected,
    ("bingx", 110280): OrderRejected,
    ("bingx", 110284): OrderRejected,
    ("bingx", 110287): OrderRejected,
    ("bingx", 110400): OrderRejected,
    ("bingx", 110402): OrderRejected,
    ("bingx", 110406): OrderRejected,
    ("bingx", 110407): OrderRejected,
    ("bingx", 110411): OrderRejected,
    ("bingx", 110412): OrderRejected,
    ("bingx", 110413): OrderRejected,
    ("bingx", 110414): OrderRejected,
    ("bingx", 110415): OrderRejected,
    ("bingx", 110418): OrderRejected,
    ("bingx", 110419): OrderRejected,
    ("bingx", 110420): OrderRejected,
    ("bingx", 110422): OrderRejected,
    ("bingx", 110425): OrderRejected,
    ("bingx", 110426): OrderRejected,
    ("bingx", 110427): OrderRejected,
    ("bingx", 110428): OrderRejected,
    ("bingx", 112414): OrderRejected,
    ("bingx", 104103): BadRequest,
    ("bingx", 104108): BadRequest,
    ("bingx", 109417): BadRequest,
    ("bingx", 109425): BadRequest,
    ("bingx", 104414): PermissionDenied,
    ("bingx", 101402): PermissionDenied,
    ("bingx", 110424): InsufficientFunds,
    ("bingx", 110500): ServerError,
    # Binance (binance.md §8); -2010/-2011 are refined by message in binance/protocol.py
    ("binance", -1000): ServerError,
    ("binance", -1001): ServerError,
    ("binance", -1003): RateLimited,
    ("binance", -1004): ServerError,
    ("binance", -1006): UnknownOutcome,
    ("binance", -1007): UnknownOutcome,
    ("binance", -1008): ServerError,
    ("binance", -1010): OrderRejected,
    ("binance", -1013): OrderRejected,
    ("binance", -1014): OrderRejected,
    ("binance", -1015): RateLimited,
    ("binance", -1016): ServerError,
    ("binance", -1020): BadRequest,
    ("binance", -1021): TimestampError,
    ("binance", -1022): SignatureError,
    ("binance", -1099): PermissionDenied,
    ("binance", -1100): BadRequest,
    ("binance", -1101): BadRequest,
    ("binance", -1102): BadRequest,
    ("binance", -1103): BadRequest,
    ("binance", -1104): BadRequest,
    ("binance", -1105): BadRequest,
    ("binance", -1106): BadRequest,
    ("binance", -1108): BadRequest,
    ("binance", -1111): BadRequest,
    ("binance", -1112): OrderRejected,
    ("binance", -1114): BadRequest,
    ("binance", -1115): BadRequest,
    ("binance", -1116): BadRequest,
    ("binance", -1117): BadRequest,
    ("binance", -1118): BadRequest,
    ("binance", -1119): BadRequest,
    ("binance", -1120): BadRequest,
    ("binance", -1121): BadRequest,
    ("binance", -1125): NotFound,
    ("binance", -1127): BadRequest,
    ("binance", -1128): BadRequest,
    ("binance", -1130): BadRequest,
    ("binance", -1131): BadRequest,
    ("binance", -1134): BadRequest,
    ("binance", -1135): BadRequest,
    ("binance", -1145): BadRequest,
    ("binance", -2010): OrderRejected,
    ("binance", -2011): OrderRejected,
    ("binance", -2013): OrderNotFound,
    ("binance", -2014): InvalidApiKey,
    ("binance", -2015): InvalidApiKey,
    ("binance", -2016): OrderRejected,
    ("binance", -2021): OrderRejected,
    ("binance", -2022): OrderRejected,
    ("binance", -2026): OrderNotFound,
    ("binance", -3000): ServerError,
    ("binance", -3001): PermissionDenied,
    ("binance", -3002): InsufficientFunds,
    ("binance", -3003): BadRequest,
    ("binance", -3004): RiskForbidden,
    ("binance", -3005): RiskForbidden,
    ("binance", -3006): InsufficientFunds,
    ("binance", -3007): BadRequest,
    ("binance", -3008): RiskForbidden,
    ("binance", -3010): RiskForbidden,
    ("binance", -3011): BadRequest,
    ("binance", -3012): RiskForbidden,
    ("binance", -3013): BadRequest,
    ("binance", -3014): RiskForbidden,
    ("binance", -3015): BadRequest,
    ("binance", -3016): BadRequest,
    ("binance", -3021): RiskForbidden,
    ("binance", -3022): RiskForbidden,
    ("binance", -3027): BadRequest,
    ("binance", -3028): BadRequest,
    ("binance", -3029): ServerError,
    ("binance", -3038): NotFound,
    ("binance", -3044): ServerError,
    ("binance", -3045): InsufficientFunds,
    ("binance", -4001): BadRequest,
    ("binance", -4005): RateLimited,
    ("binance", -4013): PermissionDenied,
    ("binance", -4018): BadRequest,
    ("binance", -4019): RiskForbidden,
    ("binance", -4021): BadRequest,
    ("binance", -4022): BadRequest,
    ("binance", -4023): RiskForbidden,
    ("binance", -4024): InsufficientFunds,
    ("binance", -4025): InsufficientFunds,
    ("binance", -4026): InsufficientFunds,
    ("binance", -4029): NotFound,
    ("binance", -4033): BadRequest,
    ("binance", -4035): PermissionDenied,
    ("binance", -4047): BadRequest,
    ("binance", -4120): OrderRejected,  # a conditional type sent to /fapi/v1/order: the algo endpoints take it
    ("binance", -5002): InsufficientFunds,
    ("binance", -5003): InsufficientFunds,
    ("binance", -5005): BadRequest,
    ("binance", -5006): RiskForbidden,
    ("binance", -5010): ServerError,
    ("binance", -5011): NotFound,
    ("binance", -6012): InsufficientFunds,
    ("binance", -6018): InsufficientFunds,
    ("binance", -7001): BadRequest,
    ("binance", -7002): BadRequest,
    ("binance", -10011): InsufficientFunds,
    ("binance", -12014): RateLimited,
    ("binance", -20132): DuplicateOrder,
}


def error_for_code(venue: str, code: int) -> type[ExchangeError]:
    """The exception class for an exchange business code (ExchangeError when unmapped)."""
    return CODE_TABLE.get((venue, code), ExchangeError)


def error_for_status(status: int, *, write: bool) -> type[ExchangeError]:
    """The exception class for an HTTP error status with no usable business code."""
    if status == 429:
        return RateLimited
    if status in (418, 403):
        return IpBanned
    if status == 401:
        return InvalidApiKey
    if status == 404:
        return NotFound
    if status == 504 and write:
        return UnknownOutcome
    if status >= 500:
        return ServerError
    return BadRequest
