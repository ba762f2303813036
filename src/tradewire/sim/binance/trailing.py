"""The TRAILING_DELTA filter (filters.md; faqs/trailing-stop-faq.md): `trailingDelta` in BIPS, only on
STOP_LOSS/TAKE_PROFIT(_LIMIT) orders, within the symbol's above or below bounds."""

from __future__ import annotations

from typing import Any

from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import STOPS

#: the bounds of BTCUSDT on the real venue
FILTER: dict[str, Any] = {"filterType": "TRAILING_DELTA", "minTrailingAboveDelta": 10, "maxTrailingAboveDelta": 2000,
          "minTrailingBelowDelta": 10, "maxTrailingBelowDelta": 2000}


def check_trailing(c: Call, symbol: str, side: str, kind: str, delta: int | None) -> None:
    """-1106 on an order type that takes no trailingDelta; -1013 outside the filter's bounds."""
    if delta is None:
        return
    if kind not in STOPS:
        raise ApiError(-1106, "Parameter 'trailingDelta' sent when not required.")
    f = next((x for x in c.ex.specs[symbol].filters if x["filterType"] == "TRAILING_DELTA"), FILTER)
    # STOP_LOSS BUY and TAKE_PROFIT SELL trigger above the market: the "above" bounds
    where = "Above" if kind.startswith("STOP_LOSS") == (side == "BUY") else "Below"
    if not int(f[f"minTrailing{where}Delta"]) <= delta <= int(f[f"maxTrailing{where}Delta"]):
        raise ApiError(-1013, "Filter failure: TRAILING_DELTA")
