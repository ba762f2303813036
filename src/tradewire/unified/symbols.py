"""Symbol spelling: one unified form (`BTC/USDT`) and each venue's own (`BTC-USDT`, `BTCUSDT`)."""

from __future__ import annotations

import re

from tradewire.core.errors import ValidationError

#: quote assets recognised at the end of a symbol written without a separator (`BTCUSDT`)
QUOTES = ("USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USD", "EUR", "TRY", "BTC", "ETH", "BNB")
DEFAULT_QUOTE = "USDT"
_PART = re.compile(r"^[A-Z0-9]{1,20}$")


def split(symbol: str) -> tuple[str, str]:
    """`(base, quote)` of any common spelling: `BTC/USDT`, `btc-usdt`, `BTC_USDT`, `BTCUSDT`, `BTC/USDT:USDT`;
    a bare coin (`BTC`) is quoted in USDT."""
    s = symbol.strip().upper().split(":", 1)[0]
    parts = re.split(r"[/\-_]", s)
    if len(parts) == 2:
        base, quote = parts
    elif len(parts) == 1:
        base, quote = _split_joined(s)
    else:
        raise ValidationError("symbol", "must look like BTC/USDT, BTC-USDT or BTCUSDT", symbol)
    if not (_PART.match(base) and _PART.match(quote)):
        raise ValidationError("symbol", "must look like BTC/USDT, BTC-USDT or BTCUSDT", symbol)
    return base, quote


def _split_joined(s: str) -> tuple[str, str]:
    for quote in QUOTES:
        if s.endswith(quote) and len(s) > len(quote):
            return s[: -len(quote)], quote
    return s, DEFAULT_QUOTE


def unified(symbol: str) -> str:
    """`BTC/USDT` for any spelling."""
    base, quote = split(symbol)
    return f"{base}/{quote}"


def bingx(symbol: str) -> str:
    """BingX spelling: `BTC-USDT`."""
    base, quote = split(symbol)
    return f"{base}-{quote}"


def binance(symbol: str) -> str:
    """Binance spelling: `BTCUSDT`."""
    base, quote = split(symbol)
    return base + quote
