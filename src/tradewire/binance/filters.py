"""Symbol filters from exchangeInfo, checked before an order is sent, and tick/step rounding.

Rules as binance.md §10 states them (a field equal to 0 disables its rule); every failure is a
`ValidationError` whose rule names the filter, worded like the server's `Filter failure: <NAME>`.
All arithmetic is `Decimal` on the strings the exchange sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Any

from tradewire.binance.models import SymbolInfo
from tradewire.core.errors import ValidationError
from tradewire.core.validate import to_decimal

ZERO = Decimal(0)


class SymbolFilters:
    """The filters of one symbol, keyed by `filterType`, with Decimal fields."""

    def __init__(self, info: SymbolInfo) -> None:
        self.symbol = info.symbol
        self.info = info
        self.by_type: dict[str, dict[str, Any]] = {}
        for f in info.filters:
            kind = str(f.get("filterType"))
            self.by_type[kind] = {k: _num(v) for k, v in f.items() if k != "filterType"}

    def get(self, kind: str, field: str) -> Decimal:
        """A filter field as Decimal (0 when the filter or field is absent)."""
        value = self.by_type.get(kind, {}).get(field, ZERO)
        return value if isinstance(value, Decimal) else Decimal(int(value))

    @property
    def tick_size(self) -> Decimal:
        """PRICE_FILTER tickSize (0 when there is none)."""
        return self.get("PRICE_FILTER", "tickSize")

    @property
    def step_size(self) -> Decimal:
        """LOT_SIZE stepSize (0 when there is none)."""
        return self.get("LOT_SIZE", "stepSize")

    def round_price(self, price: Decimal | str, rounding: str = ROUND_DOWN) -> Decimal:
        """`price` on the tick grid; `rounding` is a `decimal` rounding mode (ROUND_DOWN, ROUND_UP...)."""
        return round_to(to_decimal("price", price), self.tick_size, rounding)

    def round_qty(self, qty: Decimal | str, rounding: str = ROUND_DOWN, *, market: bool = False) -> Decimal:
        """`qty` on the LOT_SIZE (or, with `market`, MARKET_LOT_SIZE) step grid."""
        step = self.get("MARKET_LOT_SIZE", "stepSize") if market else ZERO
        return round_to(to_decimal("quantity", qty), step or self.step_size, rounding)

    def check(self, params: Mapping[str, Any], avg_price: Decimal | None = None) -> None:
        """Raise `ValidationError` naming the first filter `params` (as rendered) breaks."""
        kind = params.get("type", "LIMIT")
        side = params.get("side", "BUY")
        price = _opt(params, "price")
        qty = _opt(params, "quantity")
        for name in ("price", "stopPrice", "stopLimitPrice"):
            value = _opt(params, name)
            if value is not None:
                self._price_filter(name, value)
        if qty is not None:
            lot = "MARKET_LOT_SIZE" if kind == "MARKET" and "MARKET_LOT_SIZE" in self.by_type else "LOT_SIZE"
            self._lot(lot, "quantity", qty)
            if lot == "MARKET_LOT_SIZE":
                self._lot("LOT_SIZE", "quantity", qty)
        iceberg = _opt(params, "icebergQty")
        if iceberg is not None:
            self._lot("LOT_SIZE", "icebergQty", iceberg)
            parts = self.get("ICEBERG_PARTS", "limit")
            if parts and qty is not None and -(-qty // iceberg) > parts:
                raise _fail("icebergQty", "ICEBERG_PARTS", f"quantity / icebergQty must be at most {parts} parts",
                            iceberg)
        delta = params.get("trailingDelta")
        if delta is not None and "TRAILING_DELTA" in self.by_type:
            self._trailing(str(kind).startswith("STOP_LOSS") == (side == "BUY"), Decimal(str(delta)))
        ref = price if kind != "MARKET" else avg_price
        if price is not None and avg_price is not None:
            self._percent(side, price, avg_price)
        if ref is not None and qty is not None:
            self._notional(kind, ref * qty)

    def _trailing(self, above: bool, delta: Decimal) -> None:
        """STOP_LOSS BUY and TAKE_PROFIT SELL take the above bounds, the others the below ones (filters.md)."""
        where = "Above" if above else "Below"
        lo, hi = (self.get("TRAILING_DELTA", f"{edge}Trailing{where}Delta") for edge in ("min", "max"))
        if (lo and delta < lo) or (hi and delta > hi):
            raise _fail("trailingDelta", "TRAILING_DELTA", f"must be from {lo} to {hi} BIPS", delta)

    def _price_filter(self, name: str, value: Decimal) -> None:
        lo, hi, tick = (self.get("PRICE_FILTER", f) for f in ("minPrice", "maxPrice", "tickSize"))
        if lo and value < lo:
            raise _fail(name, "PRICE_FILTER", f"must be >= minPrice {lo}", value)
        if hi and value > hi:
            raise _fail(name, "PRICE_FILTER", f"must be <= maxPrice {hi}", value)
        if tick and value % tick:
            raise _fail(name, "PRICE_FILTER", f"must be a multiple of tickSize {tick}", value)

    def _lot(self, kind: str, name: str, value: Decimal) -> None:
        lo, hi, step = (self.get(kind, f) for f in ("minQty", "maxQty", "stepSize"))
        if lo and value < lo:
            raise _fail(name, kind, f"must be >= minQty {lo}", value)
        if hi and value > hi:
            raise _fail(name, kind, f"must be <= maxQty {hi}", value)
        if step and value % step:
            raise _fail(name, kind, f"must be a multiple of stepSize {step}", value)

    def _percent(self, side: str, price: Decimal, avg: Decimal) -> None:
        if "PERCENT_PRICE_BY_SIDE" in self.by_type:
            pre = "bid" if side == "BUY" else "ask"
            up = self.get("PERCENT_PRICE_BY_SIDE", f"{pre}MultiplierUp")
            down = self.get("PERCENT_PRICE_BY_SIDE", f"{pre}MultiplierDown")
            kind = "PERCENT_PRICE_BY_SIDE"
        elif "PERCENT_PRICE" in self.by_type:
            up, down = self.get("PERCENT_PRICE", "multiplierUp"), self.get("PERCENT_PRICE", "multiplierDown")
            kind = "PERCENT_PRICE"
        else:
            return
        if up and price > avg * up:
            raise _fail("price", kind, f"must be <= {avg * up} (average price {avg} x {up})", price)
        if down and price < avg * down:
            raise _fail("price", kind, f"must be >= {avg * down} (average price {avg} x {down})", price)

    def _notional(self, kind: str, notional: Decimal) -> None:
        market = kind == "MARKET"
        if "MIN_NOTIONAL" in self.by_type:
            lo = self.get("MIN_NOTIONAL", "minNotional")
            applies = not market or bool(self.by_type["MIN_NOTIONAL"].get("applyToMarket", True))
            if applies and lo and notional < lo:
                raise _fail("quantity", "MIN_NOTIONAL", f"price x quantity must be >= {lo}", notional)
        if "NOTIONAL" in self.by_type:
            f = self.by_type["NOTIONAL"]
            lo, hi = self.get("NOTIONAL", "minNotional"), self.get("NOTIONAL", "maxNotional")
            if lo and notional < lo and (not market or f.get("applyMinToMarket", True)):
                raise _fail("quantity", "NOTIONAL", f"price x quantity must be >= {lo}", notional)
            if hi and notional > hi and (not market or f.get("applyMaxToMarket", True)):
                raise _fail("quantity", "NOTIONAL", f"price x quantity must be <= {hi}", notional)

    @property
    def needs_avg_price(self) -> bool:
        """Whether `check` needs the average price (percent filters, market notional)."""
        return bool({"PERCENT_PRICE", "PERCENT_PRICE_BY_SIDE", "MIN_NOTIONAL", "NOTIONAL"} & set(self.by_type))


def round_to(value: Decimal, step: Decimal, rounding: str = ROUND_DOWN) -> Decimal:
    """`value` rounded to a multiple of `step` in the given direction (exponent of `step`)."""
    if not step:
        return value
    return (value / step).quantize(Decimal(1), rounding=rounding) * step


def _num(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def _opt(params: Mapping[str, Any], name: str) -> Decimal | None:
    value = params.get(name)
    return None if value is None else to_decimal(name, value)


def _fail(param: str, kind: str, rule: str, value: Decimal) -> ValidationError:
    return ValidationError(param, f"Filter failure: {kind}: {rule}", format(value, "f"))
