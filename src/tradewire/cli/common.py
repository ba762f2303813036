"""Helpers shared by the command modules (and the MCP tools): reading what people type, strictly."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.session import Session
from tradewire.app.values import COIN, plain_decimal
from tradewire.core.errors import ValidationError

if TYPE_CHECKING:
    from tradewire.unified import Exchange

F = TypeVar("F", bound=Callable[..., Any])
MAX_SECONDS = 366 * 86_400  # float ok: a stream's duration, at most a year


def session(ctx: typer.Context) -> Session:
    """The session the root callback opened."""
    found = ctx.find_root().obj
    assert isinstance(found, Session)
    return found


#: the market types of market data; `futures` (and `usdm`) name swap too, as Binance users say it
DATA_MARKETS = ("spot", "swap")
MARKET_ALIASES = {"futures": "swap", "usdm": "swap", "perp": "swap"}
DataMarketOpt = Annotated[str | None, typer.Option(
    "--market", "-m", help="spot or swap (USDT-M perpetual futures: BingX swap, Binance USD-M futures; 'futures' "
                           "also works); default: swap on BingX, spot on Binance")]


def market_name(given: str, option: str = "--market") -> str:
    """`spot` or `swap` from what was typed; a usage error naming the rule otherwise."""
    name = given.strip().lower()
    name = MARKET_ALIASES.get(name, name)
    if name not in DATA_MARKETS:
        raise CliError(f"{option}: must be spot or swap (futures and usdm mean swap; got {given!r})", USAGE)
    return name


def data_exchange(s: Session, given: str | None) -> Exchange:
    """The exchange reading market data from the chosen market (the venue's default when not given)."""
    name = None if given is None else market_name(given)
    ex = s.exchange()
    return ex if name is None else ex.on(name)


def market_symbol(text: str) -> str:
    """A symbol in any spelling, checked (`btc` -> `BTC/USDT`)."""
    from tradewire.unified import symbols

    return symbols.unified(text)


def amount(text: str, option: str) -> Decimal:
    """A positive amount exactly as typed."""
    try:
        value = plain_decimal(text)
    except ValueError as e:
        raise CliError(f"{option}: {e} (got {text!r})", USAGE) from None
    if value <= 0:
        raise CliError(f"{option}: must be greater than 0 (got {text!r})", USAGE)
    return value


def coin(text: str, option: str) -> str:
    """An asset name such as USDT (letters and digits)."""
    name = text.strip().upper()
    if not COIN.match(name):
        raise CliError(f"{option}: must be a coin name such as USDT (1-20 letters or digits; got {text!r})", USAGE)
    return name


def seconds(value: float | None, option: str = "--seconds") -> float | None:  # float ok: a duration
    """A positive, finite number of seconds (at most a year), or None."""
    if value is not None and not (math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise CliError(f"{option}: must be a number of seconds greater than 0 and at most {MAX_SECONDS} "
                       f"(got {value})", USAGE)
    return value


def output_file(path: Path, option: str = "--out") -> Path:
    """`path` checked before anything is sent: not a directory, in a directory that exists and is writable."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CliError(f"{option}: {path} is a directory; give a file name", USAGE)
    if not parent.is_dir():
        raise CliError(f"{option}: the directory {parent} does not exist", USAGE)
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"{option}: {path} cannot be written (permission denied)", USAGE)
    return path


#: wire parameter -> the option that sets it, for most commands (`options()` takes overrides)
OPTIONS = {"symbol": "SYMBOL", "quantity": "--quantity", "price": "--price", "newClientOrderId": "--client-id",
           "clientOrderId": "--client-id", "origClientOrderId": "--client-id", "orderId": "--id",
           "timeInForce": "--time-in-force", "positionSide": "--position-side", "startTime": "--since",
           "endTime": "--until", "interval": "--interval", "limit": "--limit", "depth": "--depth"}


def renamed(**overrides: str) -> Callable[[F], F]:
    """A command whose library `ValidationError`s name its options (see `options`)."""
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            with options(**overrides):
                return fn(*args, **kwargs)
        return cast(F, run)
    return wrap


@contextmanager
def options(**overrides: str) -> Iterator[None]:
    """Re-word a library `ValidationError` so it names the command's option (`quantity` -> `--quantity`,
    `limit` -> `--depth` with `options(limit="--depth")`)."""
    names: Mapping[str, str] = OPTIONS | overrides
    try:
        yield
    except ValidationError as e:
        if e.param in names:
            raise ValidationError(names[e.param], e.rule, e.value) from None
        raise
