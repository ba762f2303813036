"""Helpers shared by the command modules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import typer

from tradewire.cli.errors import USAGE, CliError
from tradewire.cli.session import Session
from tradewire.unified import symbols


def session(ctx: typer.Context) -> Session:
    """The session the root callback opened."""
    found = ctx.find_root().obj
    assert isinstance(found, Session)
    return found


def market_symbol(text: str) -> str:
    """A symbol in any spelling, checked (`btc` -> `BTC/USDT`)."""
    return symbols.unified(text)


def amount(text: str, option: str) -> Decimal:
    """A positive amount exactly as typed."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise CliError(f"{option}: {text!r} is not a number", USAGE) from None
    if not value.is_finite() or value <= 0:
        raise CliError(f"{option}: must be greater than 0 (got {text})", USAGE)
    return value
