"""Exit codes scripts can rely on, and one clear line for every failure."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from tradewire.core.errors import (
    AuthenticationError,
    ExchangeError,
    InvalidApiKey,
    IpBanned,
    IpNotWhitelisted,
    PermissionDenied,
    RateLimited,
    ServerError,
    SignatureError,
    TimestampError,
    TradewireError,
    TransportError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)

OK = 0
EXCHANGE = 1  # the exchange refused the request
USAGE = 2  # bad or missing option, invalid parameter (nothing was sent)
AUTH = 3  # credentials, key permissions, IP whitelist, unsafe config file
NETWORK = 4  # no answer from the exchange, or a write whose outcome is unknown
ABORTED = 5  # the user declined the confirmation


class CliError(TradewireError):
    """A failure the CLI itself detects, with its exit code."""

    def __init__(self, message: str, exit_code: int = USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Aborted(CliError):
    """The user did not confirm."""

    def __init__(self, message: str = "aborted: nothing was sent") -> None:
        super().__init__(message, ABORTED)


def lost(exc: TradewireError) -> bool:
    """Whether a write's outcome is unknown: `UnknownOutcome`, or a server error (any 5xx or internal-error code:
    the request may have been carried out before the server failed)."""
    return isinstance(exc, UnknownOutcome | ServerError)


def describe(exc: TradewireError, clock_offset: Callable[[], int | None]) -> tuple[int, str]:
    """`(exit code, one line)` for an error; `clock_offset` measures local-vs-server ms on demand."""
    from tradewire.unified import NotSupported

    if isinstance(exc, CliError):
        return exc.exit_code, str(exc)
    if isinstance(exc, NotSupported):
        return USAGE, f"{exc}; nothing was sent"
    if isinstance(exc, UnknownOrderState):
        cid = f" (client order id {exc.client_order_id})" if exc.client_order_id else ""
        return NETWORK, (f"OUTCOME UNKNOWN for the order{cid}: {exc.message}. It was NOT re-sent; check it with "
                         "`tradewire order get SYMBOL --client-id ID` (or `order list`) before placing it again")
    if isinstance(exc, ValidationError):
        return USAGE, f"invalid {exc.param}: {exc.rule}{_got(exc.value)}; nothing was sent"
    if isinstance(exc, UnknownOutcome):
        return NETWORK, (f"OUTCOME UNKNOWN: {_tag(exc)}{exc.message}. It may have been executed and it was NOT "
                         "retried; check its state before sending it again")
    if isinstance(exc, TransportError):
        return NETWORK, f"network: no answer from the exchange ({exc}); check the connection and retry"
    if isinstance(exc, ExchangeError):
        return _exchange(exc, clock_offset)
    return EXCHANGE, f"{type(exc).__name__}: {exc}"


def _got(value: object) -> str:
    if value is None:
        return ""
    shown = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return f" (got {shown})"


def _tag(exc: ExchangeError) -> str:
    return f"[{exc.code}] " if exc.code is not None else (f"[HTTP {exc.status}] " if exc.status else "")


def _exchange(exc: ExchangeError, clock_offset: Callable[[], int | None]) -> tuple[int, str]:
    head = f"{exc.venue or 'exchange'} {_tag(exc)}{exc.message}"
    if isinstance(exc, TimestampError):
        offset = clock_offset()
        drift = f"your clock differs from the server's by {offset} ms; " if offset is not None else ""
        return EXCHANGE, f"{head}: {drift}sync the system clock (NTP) and retry (`tradewire time` shows the offset)"
    if isinstance(exc, IpNotWhitelisted):
        return AUTH, f"{head}: this machine's IP is not on the API key's whitelist; add it in API management"
    if isinstance(exc, PermissionDenied):
        return AUTH, f"{head}: the API key lacks the permission this command needs; enable it in API management"
    if isinstance(exc, (InvalidApiKey, SignatureError)):
        var = "BINANCE" if exc.venue == "binance" else "BINGX"
        return AUTH, (f"{head}: the API key or secret is wrong; check {var}_API_KEY/{var}_SECRET_KEY "
                      "or the profile in the config file")
    if isinstance(exc, AuthenticationError):
        return AUTH, f"{head}: the credentials were refused"
    if isinstance(exc, RateLimited):
        wait = f" for {exc.retry_after:g} s" if exc.retry_after else ""
        return EXCHANGE, f"{head}: rate limit reached; wait{wait} and retry"
    if isinstance(exc, IpBanned):
        return EXCHANGE, f"{head}: this IP is temporarily banned for sending too many requests; stop and wait"
    return EXCHANGE, head
