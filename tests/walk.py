"""What an order walking a depth snapshot gets: one fill per level, best first (expected values for tests)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

Fills = list[tuple[Decimal, Decimal]]


def walk(levels: Sequence[Sequence[Decimal]], qty: Decimal) -> Fills:
    """(price, qty) per level taken by an order of `qty` against `levels` (best first); less when they run out."""
    fills: Fills = []
    left = qty
    for price, size in levels:
        if not left:
            break
        take = min(left, size)
        fills.append((price, take))
        left -= take
    return fills


def vwap(fills: Fills) -> Decimal:
    """The exact volume-weighted average price of `fills`."""
    return sum((p * q for p, q in fills), Decimal(0)) / sum((q for _, q in fills), Decimal(0))


def spot_depth(client: Any, symbol: str, limit: int = 20) -> tuple[Fills, Fills]:
    """(bids, asks) of the BingX spot book, best first, through a client's escape hatch (no typed method)."""
    data = client.request("GET", "/openApi/spot/v1/market/depth", {"symbol": symbol, "limit": limit})
    return ([(Decimal(p), Decimal(q)) for p, q in data["bids"]], [(Decimal(p), Decimal(q)) for p, q in data["asks"]])
