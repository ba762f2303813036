"""Event hub: small typed events for balance, position, trade and book changes (feeds the websockets)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class BalanceEvent:
    """A balance changed: ``balance`` is the new value, ``change`` the signed delta."""

    uid: str
    account: str
    asset: str
    balance: Decimal
    change: Decimal
    reason: str
    time: int


@dataclass(frozen=True)
class PositionEvent:
    """A position changed (emitted by whatever moves positions, e.g. a matching engine)."""

    uid: str
    symbol: str
    position_side: str
    amount: Decimal
    entry_price: Decimal
    time: int


@dataclass(frozen=True)
class TradeEvent:
    """A public trade printed on the tape."""

    symbol: str
    trade_id: int
    price: Decimal
    qty: Decimal
    buyer_maker: bool
    time: int


@dataclass(frozen=True)
class BookEvent:
    """The order book of ``symbol`` changed; read it back from the market."""

    symbol: str
    time: int


@dataclass(frozen=True)
class OrderEvent:
    """A BingX order (spot or swap) was created, filled or changed status.

    ``market`` is "spot" or "swap"; ``position_side`` is "" for spot. ``status`` NEW, PARTIALLY_FILLED,
    FILLED, CANCELED or EXPIRED; ``execution_type`` NEW, TRADE, CANCELED, EXPIRED or CALCULATED.
    ``price`` is 0 for market orders; ``last_*`` describe this event's fill (0 when none); ``filled_qty``,
    ``fee`` (negative when paid, in ``fee_asset``) and ``realized_pnl`` are the order's running totals.
    """

    uid: str
    symbol: str
    market: str
    client_order_id: str
    order_id: str
    side: str
    order_type: str
    position_side: str
    qty: Decimal
    price: Decimal
    stop_price: Decimal
    avg_price: Decimal
    status: str
    execution_type: str
    last_qty: Decimal
    last_price: Decimal
    filled_qty: Decimal
    fee_asset: str
    fee: Decimal
    realized_pnl: Decimal
    time: int


@dataclass(frozen=True)
class ConfigEvent:
    """A perpetual setting of ``uid`` on ``symbol`` (leverage, margin type) changed; read it back from the venue."""

    uid: str
    symbol: str
    time: int


Event = BalanceEvent | PositionEvent | TradeEvent | BookEvent | OrderEvent | ConfigEvent
Callback = Callable[[Event], None]


class EventHub:
    """Synchronous publish/subscribe; callbacks run on the publishing thread and must be quick."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callbacks: list[Callback] = []

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Register ``callback``; returns a function that unsubscribes it."""
        with self._lock:
            self._callbacks.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every subscriber."""
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(event)
