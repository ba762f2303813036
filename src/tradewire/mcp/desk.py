"""The MCP tools' shared ground: one CLI `Session`, its environment and notices, and JSON-ready values.

Independent of the MCP SDK; `reads.py` and `money.py` do the tools' work, `server.py` only exposes it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import msgspec

from tradewire.app.errors import CliError, describe
from tradewire.app.session import TESTNET_NOTICE, Session
from tradewire.app.timespec import parse_time
from tradewire.app.values import plain_decimal
from tradewire.core.errors import TradewireError, ValidationError
from tradewire.mcp.confirm import Confirmations, Refused

if TYPE_CHECKING:
    from tradewire.bingx.client import BingX
    from tradewire.unified import Exchange

Doc = dict[str, Any]
SIM_NOTICE = "You are operating on the offline simulator: demo funds, nothing here is real."
LIVE_LABEL = "LIVE: real funds"
MAX_SAFE_INT = 2**53 - 1


class OutcomeUnknown(TradewireError):
    """A write whose outcome is unknown; the message says how to check. It was not retried."""


def plain(value: Any) -> Any:
    """JSON-ready: Structs as objects, Decimals as exact strings, ids beyond 2^53 as strings; never a float."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, msgspec.Struct):
        value = msgspec.structs.asdict(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        raise TypeError("a float must never reach a tool result")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INT:
        return str(value)
    return value


def utc(ms: int) -> str:
    """`2024-05-01T14:03:07.123Z`."""
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def positive(text: str, param: str) -> Decimal:
    """A positive decimal exactly as written: plain digits and one point, as a string (no `1e999`, `NaN`,
    `1_000`, sign or non-ASCII digits)."""
    try:
        value = plain_decimal(text)
    except ValueError as e:
        raise ValidationError(param, f"{e}, written as a string, e.g. \"25.5\"", text) from None
    if value <= 0:
        raise ValidationError(param, "must be greater than 0", text)
    return value


def moment(text: str | None, param: str, now: int) -> int | None:
    """A tool's time argument (`7d`, `2024-05-01`, Unix ms, ...) as UTC ms; None when not given."""
    if text is None:
        return None
    try:
        return parse_time(text, param, now, utc=True)
    except CliError as e:  # the CLI's line names the option first: the same words as a ValidationError
        raise ValidationError(param, str(e).removeprefix(f"{param}: ")) from None


@contextmanager
def named(args: Mapping[str, str]) -> Iterator[None]:
    """A library `ValidationError` re-worded to name the tool's argument (`quantity` -> `amount`)."""
    try:
        yield
    except ValidationError as e:
        if e.param in args and args[e.param] != e.param:
            raise ValidationError(args[e.param], e.rule, e.value) from None
        raise


class Desk:
    """One venue and environment for every tool. Calls are serialised (the SDK runs sync tools on threads)."""

    def __init__(self, session: Session, confirmations: Confirmations | None = None) -> None:
        self.session = session
        self.confirmations = confirmations or Confirmations()
        self.lock = threading.Lock()

    def exchange(self) -> Exchange:
        """The exchange (opening it, and the simulator for `sim`, on first use)."""
        return self.session.exchange()

    def env(self) -> str:
        """live, vst, testnet or sim."""
        self.exchange()
        return self.session.env

    @property
    def live(self) -> bool:
        """Real funds: money-moving calls need CONFIRM."""
        return self.env() == "live"

    def notice(self) -> str | None:
        """The line every result of a non-live environment starts with."""
        if self.env() == "vst":
            from tradewire.bingx.base import VST_NOTICE

            return VST_NOTICE
        return {"testnet": TESTNET_NOTICE, "sim": SIM_NOTICE}.get(self.session.env)

    def label(self) -> str:
        """`BingX · LIVE: real funds` or the environment's notice: the head of every result."""
        venue = {"bingx": "BingX", "binance": "Binance"}[self.exchange().venue]
        return f"{venue} · {self.notice() or LIVE_LABEL}"

    def explain(self, exc: TradewireError) -> str:
        """One clear line for an error: the exchange code and the fix, never a secret."""
        if isinstance(exc, Refused | OutcomeUnknown):
            return str(exc)
        return describe(exc, self.session.clock_offset)[1]

    def keyed(self) -> Exchange:
        """The exchange, once credentials are known to be there."""
        self.session.require_keys()
        return self.exchange()

    def bingx(self, tool: str, keyed: bool = True) -> BingX:
        """The BingX client, for what only BingX has; a clear error on another venue."""
        ex = self.keyed() if keyed else self.exchange()
        if ex.venue != "bingx":
            raise ValidationError("venue", f"{tool} is BingX-only (this server runs on {ex.venue})")
        client: BingX = ex.client
        return client
