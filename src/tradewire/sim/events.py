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
class OrderUpdateEvent:
    """A perpetual order was created, filled or changed status (the account stream's ORDER_TRADE_UPDATE).

    ``price`` is 0 for market orders, ``fee`` negative when paid, ``last_*`` the latest fill (0 when none).
    """

    uid: str
    symbol: str
    order_id: str
    client_id: str
    side: str
    order_type: str
    position_side: str
    qty: Decimal
    price: Decimal
    stop_price: Decimal
    avg_price: Decimal
    execution_type: str  # NEW, TRADE, CANCELED, EXPIRED
    status: str  # NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED
    fee: Decimal
    realized_pnl: Decimal
    filled_qty: Decimal
    last_qty: Decimal
    last_price: Decimal
    working_type: str
    time: int


Event = BalanceEvent | PositionEvent | TradeEvent | BookEvent | OrderUpdateEvent
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
