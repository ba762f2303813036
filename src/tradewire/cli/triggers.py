"""Stop, take-profit and trailing orders, and take-profit/stop-loss attached to a perpetual order, in each
venue's own words.

| kind              | BingX swap           | BingX spot       | Binance spot      | Binance USD-M (algo) |
| stop-loss         | STOP_MARKET          | TAKE_STOP_MARKET | STOP_LOSS         | STOP_MARKET          |
| stop-loss-limit   | STOP                 | TAKE_STOP_LIMIT  | STOP_LOSS_LIMIT   | STOP                 |
| take-profit       | TAKE_PROFIT_MARKET   | TAKE_STOP_MARKET | TAKE_PROFIT       | TAKE_PROFIT_MARKET   |
| take-profit-limit | TAKE_PROFIT          | TAKE_STOP_LIMIT  | TAKE_PROFIT_LIMIT | TAKE_PROFIT          |
| trailing-stop     | TRAILING_STOP_MARKET | -                | STOP_LOSS + trailingDelta | TRAILING_STOP_MARKET |
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tradewire.app.errors import USAGE, CliError
from tradewire.app.session import Session

if TYPE_CHECKING:
    from tradewire.binance.models import AlgoOrder
    from tradewire.unified import Order

KINDS = ("stop-loss", "stop-loss-limit", "take-profit", "take-profit-limit", "trailing-stop")
ALIASES = {"stop": "stop-loss", "stop-limit": "stop-loss-limit", "tp": "take-profit", "sl": "stop-loss",
           "trailing": "trailing-stop"}
#: kind -> (BingX swap, BingX spot, Binance spot, Binance USD-M)
WIRE_TYPES = {
    "stop-loss": ("STOP_MARKET", "TAKE_STOP_MARKET", "STOP_LOSS", "STOP_MARKET"),
    "stop-loss-limit": ("STOP", "TAKE_STOP_LIMIT", "STOP_LOSS_LIMIT", "STOP"),
    "take-profit": ("TAKE_PROFIT_MARKET", "TAKE_STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET"),
    "take-profit-limit": ("TAKE_PROFIT", "TAKE_STOP_LIMIT", "TAKE_PROFIT_LIMIT", "TAKE_PROFIT"),
    "trailing-stop": ("TRAILING_STOP_MARKET", "", "STOP_LOSS", "TRAILING_STOP_MARKET"),
}
#: BingX's priceRate: a fraction up to 1 (swap-trade/api-reference.md "Maximum: 1"); we take percent
MAX_RATE_PERCENT = Decimal(100)


def kind_of(given: str) -> str | None:
    """The trigger kind `given` names, or None for MARKET/LIMIT."""
    word = given.strip().lower().replace("_", "-")
    word = ALIASES.get(word, word)
    return word if word in KINDS else None


@dataclass(frozen=True)
class Trigger:
    """A trigger order as typed: `rate` is the trailing callback in percent."""

    kind: str
    symbol: str
    market: str
    side: str  # BUY or SELL
    quantity: Decimal
    stop_price: Decimal | None
    price: Decimal | None
    rate: Decimal | None
    activation: Decimal | None
    position_side: str | None
    reduce_only: bool
    client_id: str | None

    def check(self, venue: str) -> None:
        """The rules that need no exchange."""
        limit = self.kind.endswith("-limit")
        if self.kind == "trailing-stop":
            if self.rate is None or not 0 < self.rate <= MAX_RATE_PERCENT:
                raise CliError("--callback-rate: a trailing stop needs a callback rate in percent (0-100]", USAGE)
            if venue == "bingx" and self.market == "spot":
                raise CliError("--type trailing-stop: BingX spot has no trailing orders (use --market swap)", USAGE)
        elif self.stop_price is None:
            raise CliError(f"--stop-price is required for a {self.kind} order", USAGE)
        if limit and self.price is None:
            raise CliError(f"--price is required for a {self.kind} order", USAGE)
        if not limit and self.price is not None:
            raise CliError(f"a {self.kind} order fills at market: no --price (use {self.kind}-limit)", USAGE)

    def wire_type(self, venue: str) -> str:
        """The venue's order type."""
        column = (0 if self.market == "swap" else 1) if venue == "bingx" else (3 if self.market == "swap" else 2)
        return WIRE_TYPES[self.kind][column]


def place(s: Session, t: Trigger) -> Order:
    """Send the trigger order to the session's venue."""
    from tradewire.unified import binance as ub
    from tradewire.unified import bingx as ux

    venue = s.exchange().venue
    t.check(venue)
    wire = t.wire_type(venue)
    sym = s.exchange().market_id(t.symbol)
    limit_tif = "GTC" if t.kind.endswith("-limit") else None
    if venue == "bingx" and t.market == "swap":
        return ux.swap_order(s.bingx().swap_order(
            sym, t.side, wire, quantity=t.quantity, price=t.price, stop_price=t.stop_price,
            position_side=t.position_side, time_in_force=limit_tif, client_order_id=t.client_id,
            reduce_only=True if t.reduce_only else None,
            price_rate=t.rate / 100 if t.rate is not None else None, activation_price=t.activation))
    if venue == "bingx":
        return ux.spot_order(s.bingx().spot_order(sym, t.side, wire, quantity=t.quantity, price=t.price,
                                                  stop_price=t.stop_price, time_in_force=limit_tif,
                                                  client_order_id=t.client_id))
    client = s.exchange().client
    if t.market == "spot":
        extra: dict[str, Any] = {}
        if t.kind == "trailing-stop":  # BIPS, 1% = 100 (binance-spot-api-docs/faqs/trailing-stop-faq.md)
            extra["trailingDelta"] = int(t.rate * 100) if t.rate is not None else None
        sent = ub.spot_order(client.new_order(sym, t.side, wire, quantity=t.quantity, price=t.price,
                                              time_in_force=limit_tif, stop_price=t.stop_price,
                                              new_client_order_id=t.client_id, **extra))
        return sent if sent.status else s.exchange().fetch_order(t.symbol, "spot", sent.id)  # an ACK answer
    algo = client.futures_new_algo_order(sym, t.side, wire, quantity=t.quantity, trigger_price=t.stop_price,
                                         price=t.price, reduce_only=True if t.reduce_only else None,
                                         callback_rate=t.rate, activate_price=t.activation,
                                         time_in_force=limit_tif, client_algo_id=t.client_id,
                                         positionSide=t.position_side)
    return algo_order(algo)


def algo_order(algo: AlgoOrder) -> Order:
    """A USD-M algo (conditional) order, venue-neutral."""
    from tradewire.unified import Order, symbols

    return Order(venue="binance", market="swap", symbol=symbols.unified(algo.symbol), id=str(algo.algo_id),
                 client_id=algo.client_algo_id, side=algo.side.lower(), type=algo.order_type, status=algo.algo_status,
                 price=algo.price or None, amount=algo.quantity, filled=None, time_in_force=algo.time_in_force,
                 position_side=algo.position_side, reduce_only=algo.reduce_only, stop_price=algo.trigger_price)


def attached(take_profit: Decimal | None, stop_loss: Decimal | None) -> dict[str, Any]:
    """BingX swap's `takeProfit`/`stopLoss` objects for a MARKET or LIMIT order: each fires at market when the
    mark price reaches it (swap-trade/api-reference.md, "stopLoss / takeProfit object structure")."""
    out: dict[str, Any] = {}
    if take_profit is not None:
        out["take_profit"] = {"type": "TAKE_PROFIT_MARKET", "stopPrice": take_profit, "workingType": "MARK_PRICE"}
    if stop_loss is not None:
        out["stop_loss"] = {"type": "STOP_MARKET", "stopPrice": stop_loss, "workingType": "MARK_PRICE"}
    return out
