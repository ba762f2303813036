"""A venue-neutral matching engine: price-time priority per symbol; money moves through a `Settlement`.

Order types: MARKET, LIMIT (GTC/IOC/FOK), LIMIT_MAKER (rejected when it would take), STOP_LOSS,
TAKE_PROFIT and their _LIMIT variants (triggered by the last trade price, or trailing it by
`trailing_delta` BIPS), OCO pairs, OTO/OTOCO lists (pending orders go live when the working order
fills), cancel, and self-trade prevention (EXPIRE_TAKER / EXPIRE_MAKER / EXPIRE_BOTH). Matching is here; what a fill
does to balances is the settlement's: `SpotSettlement` (the default) keeps free funds in account `spot`,
funds locked by open orders in `spot.locked` and sends commission to the fee account; a perpetual book
settles positions instead. The `house` uid (see `sim/house.py`) quotes through `house_order`: its orders
are not kept, it pays no fee, and its trades with itself move no money and are not recorded.
Front-ends translate wire parameters and apply their own filters.
"""

from __future__ import annotations

import copy
import threading
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Protocol

from tradewire.sim.ledger import InsufficientBalance, Ledger
from tradewire.sim.memo import Memo

FREE, LOCKED = "spot", "spot.locked"
ZERO = Decimal(0)
FEE_QUANTUM = Decimal("0.00000001")
STOPS = ("STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")
DONE = ("FILLED", "CANCELED", "REJECTED", "EXPIRED", "EXPIRED_IN_MATCH")


class Unsettled(Exception):
    """A settlement cannot settle `order` (e.g. a closing order with no position left): it leaves the book."""

    def __init__(self, order: Order) -> None:
        super().__init__(order.id)
        self.order = order


class Reject(Exception):
    """The engine refused an order; `reason` is a short key the front-end words its own way."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Pair:
    """A tradable symbol."""

    symbol: str
    base: str
    quote: str
    step: Decimal = Decimal("0.00000001")
    maker_fee: Decimal = Decimal("0.001")
    taker_fee: Decimal = Decimal("0.001")


@dataclass
class Fill:
    price: Decimal
    qty: Decimal
    commission: Decimal
    commission_asset: str
    trade_id: int
    maker: bool


@dataclass
class Order:
    """One order; `qty`/`price` are Decimals as given, `executed`/`cum_quote` grow with fills."""

    id: int
    client_id: str
    uid: str
    symbol: str
    side: str
    type: str
    tif: str
    qty: Decimal
    price: Decimal | None
    stop_price: Decimal | None
    quote_qty: Decimal | None
    stp: str
    time: int
    status: str = "NEW"
    executed: Decimal = ZERO
    cum_quote: Decimal = ZERO
    locked: Decimal = ZERO
    list_id: int = -1
    working_time: int = -1
    update_time: int = 0
    triggered: bool = False
    trailing_delta: int | None = None  # BIPS (trailing-stop-faq.md)
    trail_ref: Decimal | None = None  # the extreme last price since tracking began
    trailing_time: int = -1  # when tracking began
    fills: list[Fill] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.qty - self.executed

    @property
    def open(self) -> bool:
        return self.status not in DONE


@dataclass
class OrderList:
    """An OCO pair (a LIMIT_MAKER leg and a stop leg), or an OTO list: a working order and one pending
    order, or a pending OCO pair (OTOCO), placed when the working order is fully filled."""

    id: int
    client_id: str
    symbol: str
    orders: list[Order]
    time: int
    status: str = "EXECUTING"
    contingency: str = "OCO"  # OCO or OTO (an OTOCO is an OTO list: enums.md ContingencyType)
    working: Order | None = None
    pending: list[Order] = field(default_factory=list)


@dataclass(frozen=True)
class Leg:
    """One order of an order list, before it is placed."""

    side: str
    type: str
    qty: Decimal
    price: Decimal | None = None
    stop_price: Decimal | None = None
    tif: str = "GTC"
    client_id: str = ""
    trailing_delta: int | None = None


@dataclass(frozen=True)
class Trade:
    """A public trade."""

    symbol: str
    id: int
    price: Decimal
    qty: Decimal
    buyer_maker: bool
    time: int
    buyer_order: int
    seller_order: int


@dataclass(frozen=True)
class OrderEvent:
    """An order changed: `kind` is NEW, TRADE, CANCELED, EXPIRED, REJECTED or TRADE_PREVENTION."""

    order: Order
    kind: str
    fill: Fill | None
    time: int


@dataclass(frozen=True)
class ListEvent:
    """An OCO list changed."""

    order_list: OrderList
    time: int


@dataclass(frozen=True)
class PreventedMatch:
    id: int
    symbol: str
    taker_order: int
    maker_order: int
    mode: str
    price: Decimal
    maker_qty: Decimal
    time: int
    uid: str


Event = Trade | OrderEvent | ListEvent
Levels = list[tuple[Decimal, Decimal]]


class Settlement(Protocol):
    """What fills do to money; the engine only matches."""

    def reserve(self, book: Book, order: Order) -> None:
        """Hold what an accepted order may need; raises `Reject` (nothing held) when it cannot."""

    def release(self, book: Book, order: Order, now: int) -> None:
        """Give back what a finished order still holds."""

    def trade(self, pair: Pair, taker: Order, maker: Order, price: Decimal, qty: Decimal, trade_id: int,
              now: int) -> tuple[Fill, Fill]:
        """Settle one fill of both sides; (maker fill, taker fill). Raises `InsufficientBalance` (the taker
        expires) or `Unsettled` (that order leaves the book) before moving anything."""
        ...


class Side:
    """One side of a book: price -> FIFO of resting orders, prices kept sorted (best last)."""

    def __init__(self, bids: bool) -> None:
        self.sign = 1 if bids else -1
        self.levels: dict[Decimal, deque[Order]] = {}
        self.keys: list[Decimal] = []  # sign * price, ascending: the best level is last

    def add(self, order: Order) -> None:
        assert order.price is not None
        q = self.levels.get(order.price)
        if q is None:
            q = self.levels[order.price] = deque()
            insort(self.keys, self.sign * order.price)
        q.append(order)

    def remove(self, order: Order) -> None:
        assert order.price is not None
        q = self.levels[order.price]
        q.remove(order)
        if not q:
            del self.levels[order.price]
            del self.keys[bisect_left(self.keys, self.sign * order.price)]

    def best(self) -> Decimal | None:
        return self.sign * self.keys[-1] if self.keys else None

    def depth(self, limit: int) -> list[tuple[Decimal, Decimal]]:
        """Best `limit` levels as (price, total remaining)."""
        out = []
        for k in reversed(self.keys[-limit:] if limit else []):
            p = self.sign * k
            out.append((p, sum((o.remaining for o in self.levels[p]), ZERO)))
        return out

    def level_qty(self, price: Decimal) -> Decimal:
        return sum((o.remaining for o in self.levels.get(price, ())), ZERO)


class Book:
    """The book of one symbol, with its update id and the levels changed since the last drain."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.bids = Side(True)
        self.asks = Side(False)
        self.stops: list[Order] = []
        self.update_id = 1
        self.last_price: Decimal | None = None
        self.first_pending: int | None = None
        self.changed: set[tuple[str, Decimal]] = set()

    def touch(self, side: str, price: Decimal) -> None:
        self.update_id += 1
        if self.first_pending is None:
            self.first_pending = self.update_id
        self.changed.add((side, price))

    def drain(self) -> tuple[int, int, list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]] | None:
        """(first id, last id, bid levels, ask levels) changed since the last drain, absolute quantities."""
        if self.first_pending is None:
            return None
        bids = sorted(((p, self.bids.level_qty(p)) for s, p in self.changed if s == "BUY"), reverse=True)
        asks = sorted((p, self.asks.level_qty(p)) for s, p in self.changed if s == "SELL")
        first, self.first_pending = self.first_pending, None
        self.changed.clear()
        return first, self.update_id, bids, asks


class Engine:
    """All books of one venue. Every method runs under `lock`; listeners run on the caller's thread."""

    def __init__(self, ledger: Ledger, pairs: list[Pair], now: Callable[[], int],
                 lock: threading.RLock | None = None, settlement: Settlement | None = None,
                 house: str = "", trade_ids: Callable[[str], int] | None = None) -> None:
        from tradewire.sim.spot_settlement import SpotSettlement

        self.ledger = ledger
        self.settlement: Settlement = settlement or SpotSettlement(ledger, house)
        self.house = house
        #: the id of a symbol's next trade (a venue whose public trades interleave with a tape numbers them)
        self.trade_ids = trade_ids
        self.now = now
        self.lock = lock or threading.RLock()
        self.books = {p.symbol: Book(p) for p in pairs}
        self.orders: dict[int, Order] = {}
        self.by_client: dict[tuple[str, str, str], Order] = {}  # (uid, symbol, client id)
        self.lists: dict[int, OrderList] = {}
        self.trades: dict[str, list[Trade]] = {p.symbol: [] for p in pairs}
        self.user_trades: dict[str, list[tuple[Order, Fill, Trade]]] = {}
        self.prevented: list[PreventedMatch] = []
        self.listeners: list[Callable[[Event], None]] = []
        self._ids = {"order": 0, "trade": 0, "list": 0, "prevented": 0}
        self._due: list[OrderList] = []  # OTO lists whose working order filled: placed after the match
        self._depth: Memo[tuple[Levels, Levels]] = Memo()  # (symbol, limit) -> levels at (book, update id)

    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def _emit(self, event: Event) -> None:
        if isinstance(event, OrderEvent) and event.order.uid == self.house:
            return
        for listener in list(self.listeners):
            listener(event)

    # --- placing -------------------------------------------------------------------------------

    def place(self, uid: str, symbol: str, side: str, type: str, qty: Decimal, *, price: Decimal | None = None,
              tif: str = "GTC", stop_price: Decimal | None = None, quote_qty: Decimal | None = None,
              client_id: str = "", stp: str = "NONE", list_id: int = -1,
              trailing_delta: int | None = None) -> Order:
        """Place and match an order; raises `Reject` (nothing changed) when it cannot be accepted."""
        with self.lock:
            book = self.books[symbol]
            if client_id and (old := self.by_client.get((uid, symbol, client_id))) and old.open:
                raise Reject("duplicate")
            now = self.now()
            order = Order(self._next("order"), client_id or f"sim{self._ids['order']}", uid, symbol, side, type,
                          tif, qty, price, stop_price, quote_qty, stp, now, list_id=list_id, update_time=now,
                          trailing_delta=trailing_delta)
            if type == "LIMIT_MAKER" and self._crosses(book, order):
                raise Reject("would take")
            if type in STOPS and trailing_delta is None and self._would_trigger(book, order):
                raise Reject("would trigger")
            if type == "MARKET" and not (book.asks if side == "BUY" else book.bids).keys:
                raise Reject("no depth")
            self.settlement.reserve(book, order)
            self.orders[order.id] = order
            self.by_client[(uid, symbol, order.client_id)] = order
            self._emit(OrderEvent(order, "NEW", None, now))
            if type in STOPS:
                order.working_time = -1
                self._arm(book, order, now)
            else:
                self._run(book, order)
            return order

    def _arm(self, book: Book, order: Order, now: int) -> None:
        """A stop waits for its trigger; a trailing one without a stop price tracks from the last price."""
        if order.trailing_delta is not None and order.stop_price is None and book.last_price is not None:
            order.trail_ref, order.trailing_time = book.last_price, now
        book.stops.append(order)

    def house_order(self, symbol: str, side: str, price: Decimal, qty: Decimal, tif: str = "GTC") -> Order:
        """A LIMIT order of the house: matched like any order (a user resting at a better price fills first,
        at the user's price), the rest resting when `tif` is GTC; not kept in `orders`, no events."""
        with self.lock:
            now = self.now()
            order = Order(self._next("order"), "", self.house, symbol, side, "LIMIT", tif, qty, price, None, None,
                          "NONE", now, update_time=now)
            self._run(self.books[symbol], order)
            return order

    def resize(self, order: Order, remaining: Decimal) -> None:
        """Shrink a resting order to `remaining` in place (it keeps its queue place); 0 takes it off the book."""
        with self.lock:
            assert order.price is not None and remaining < order.remaining
            book = self.books[order.symbol]
            order.qty = order.executed + remaining
            if not remaining:
                (book.bids if order.side == "BUY" else book.asks).remove(order)
                order.status = "CANCELED"
                self._finish(order, "CANCELED", self.now())
            book.touch(order.side, order.price)

    def last_trade(self, symbol: str, price: Decimal) -> None:
        """The market traded at `price` (elsewhere than this book's matching): the stops it triggers fire."""
        with self.lock:
            book = self.books[symbol]
            book.last_price = price
            self._fire_stops(book)

    def _unlock_rest(self, order: Order) -> None:
        self.settlement.release(self.books[order.symbol], order, self.now())

    @staticmethod
    def _crosses(book: Book, order: Order) -> bool:
        best = (book.asks if order.side == "BUY" else book.bids).best()
        if best is None or order.price is None:
            return False
        return order.price >= best if order.side == "BUY" else order.price <= best

    @staticmethod
    def _above(order: Order) -> bool:
        """Whether the stop fires when the price rises to it (STOP_LOSS BUY, TAKE_PROFIT SELL)."""
        return order.type.startswith("STOP_LOSS") == (order.side == "BUY")

    def _would_trigger(self, book: Book, order: Order) -> bool:
        last, stop = book.last_price, order.stop_price
        if last is None or stop is None:
            return False
        return last >= stop if self._above(order) else last <= stop

    # --- matching ------------------------------------------------------------------------------

    def _run(self, book: Book, order: Order) -> None:
        """Match `order` against the book, then rest, expire or finish it; then fire stops."""
        now = self.now()
        if order.tif == "FOK" and self._fillable(book, order) < order.qty:
            order.status = "EXPIRED"
            self._finish(order, "EXPIRED", now)
            return
        trades = self._match(book, order, now)
        if order.open:
            if order.type in ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT") and order.tif == "GTC":
                order.working_time = order.working_time if order.working_time > 0 else now
                (book.bids if order.side == "BUY" else book.asks).add(order)
                assert order.price is not None
                book.touch(order.side, order.price)
            else:
                order.status = "EXPIRED"
                self._finish(order, "EXPIRED", now)
        if trades:
            self._fire_stops(book)
        while self._due:
            self._activate(self._due.pop(0), now)

    def _fillable(self, book: Book, order: Order) -> Decimal:
        side = book.asks if order.side == "BUY" else book.bids
        total = ZERO
        for k in reversed(side.keys):
            p = side.sign * k
            if order.price is not None and order.type != "MARKET" and (
                    p > order.price if order.side == "BUY" else p < order.price):
                break
            total += side.level_qty(p)
        return total

    def _match(self, book: Book, taker: Order, now: int) -> int:
        side = book.asks if taker.side == "BUY" else book.bids
        count = 0
        while taker.open and side.keys:
            p = side.sign * side.keys[-1]
            if taker.type != "MARKET" and taker.price is not None and (
                    p > taker.price if taker.side == "BUY" else p < taker.price):
                break
            maker = side.levels[p][0]
            want = taker.remaining
            if taker.quote_qty is not None:  # fills until the quote amount is spent
                left = taker.quote_qty - taker.cum_quote
                want = (left / p / book.pair.step).to_integral_value(ROUND_DOWN) * book.pair.step
                if want <= 0:
                    break
            if maker.uid == taker.uid and taker.stp != "NONE":
                if self._prevent(book, side, taker, maker, p, now):
                    break
                continue
            qty = min(want, maker.remaining)
            try:
                self._trade(book, taker, maker, p, qty, now)
            except InsufficientBalance:
                taker.status = "EXPIRED"
                break
            except Unsettled as e:
                if e.order is taker:
                    taker.status = "EXPIRED"
                    break
                side.remove(maker)
                book.touch(maker.side, p)
                maker.status = "CANCELED"
                self._finish(maker, "CANCELED", now)
                continue
            count += 1
            if maker.remaining == 0:
                side.remove(maker)
            book.touch(maker.side, p)
        if taker.type == "MARKET" and taker.quote_qty is not None and taker.executed > 0 and taker.open:
            taker.status = "FILLED"
            taker.qty = taker.executed
            self._finish(taker, None, now)
        elif taker.status == "EXPIRED":
            self._finish(taker, "EXPIRED", now)
        return count

    def _prevent(self, book: Book, side: Side, taker: Order, maker: Order, p: Decimal, now: int) -> bool:
        """Self-trade prevention; True when the taker stops matching."""
        self.prevented.append(PreventedMatch(self._next("prevented"), book.pair.symbol, taker.id, maker.id,
                                             taker.stp, p, maker.remaining, now, taker.uid))
        if taker.stp in ("EXPIRE_MAKER", "EXPIRE_BOTH"):
            side.remove(maker)
            book.touch(maker.side, p)
            maker.status = "EXPIRED_IN_MATCH"
            self._finish(maker, "TRADE_PREVENTION", now)
        if taker.stp in ("EXPIRE_TAKER", "EXPIRE_BOTH"):
            taker.status = "EXPIRED_IN_MATCH"
            self._finish(taker, "TRADE_PREVENTION", now)
            return True
        return False

    def _trade(self, book: Book, taker: Order, maker: Order, p: Decimal, qty: Decimal, now: int) -> None:
        pair = book.pair
        house = taker.uid == maker.uid == self.house
        book.last_price = p
        if house:  # the house trading with itself: only the quantities change
            for o in (maker, taker):
                o.executed += qty
                o.cum_quote += p * qty
                o.status = "FILLED" if o.remaining == 0 else "PARTIALLY_FILLED"
            return
        tid = self.trade_ids(pair.symbol) if self.trade_ids is not None else self._next("trade")
        maker_fill, taker_fill = self.settlement.trade(pair, taker, maker, p, qty, tid, now)
        buyer = taker if taker.side == "BUY" else maker
        trade = Trade(pair.symbol, tid, p, qty, buyer is maker, now, buyer.id,
                      (maker if buyer is taker else taker).id)
        self.trades[pair.symbol].append(trade)
        self._emit(trade)
        for o, fill in ((maker, maker_fill), (taker, taker_fill)):
            o.executed += qty
            o.cum_quote += p * qty
            o.update_time = now
            o.status = "FILLED" if o.quote_qty is None and o.remaining == 0 else "PARTIALLY_FILLED"
            if o.uid == self.house:
                continue
            o.fills.append(fill)
            self.user_trades.setdefault(o.uid, []).append((o, fill, trade))
            self._emit(OrderEvent(o, "TRADE", fill, now))
            if o.status == "FILLED":
                self._finish(o, None, now)
            if o.list_id >= 0:
                self._list_fill(o, now)

    def _finish(self, order: Order, kind: str | None, now: int) -> None:
        order.update_time = now
        self._unlock_rest(order)
        if kind is not None:
            self._emit(OrderEvent(order, kind, None, now))
        if order.list_id >= 0 and order.status in ("EXPIRED", "EXPIRED_IN_MATCH"):
            ol = self.lists.get(order.list_id)
            if ol is not None and ol.working is order:  # OTO_PHASE_ONE_EXPIRED: the whole list expires
                self._expire_pending(ol, now)

    def _hit(self, book: Book, order: Order) -> bool:
        """Whether a stop fires at the last price. A trailing stop (trailing-stop-faq.md) first waits for
        its stop price, if any; from then it tracks the best price (highest for a SELL, lowest for a BUY)
        and fires on a move of `trailing_delta` BIPS back from it."""
        if order.trailing_delta is None:
            return self._would_trigger(book, order)
        last = book.last_price
        if last is None:
            return False
        if order.trail_ref is None:
            if order.stop_price is None or self._would_trigger(book, order):
                order.trail_ref, order.trailing_time = last, self.now()
            return False
        delta = Decimal(order.trailing_delta) / 10_000
        if order.side == "SELL":
            order.trail_ref = max(order.trail_ref, last)
            return last <= order.trail_ref * (1 - delta)
        order.trail_ref = min(order.trail_ref, last)
        return last >= order.trail_ref * (1 + delta)

    def _fire_stops(self, book: Book) -> None:
        for order in [o for o in book.stops if self._hit(book, o)]:
            if order not in book.stops:
                continue
            book.stops.remove(order)
            order.triggered = True
            order.working_time = self.now()
            if order.list_id >= 0:
                self._cancel_siblings(order, self.now())
            # a triggered stop matches as MARKET (no price) or LIMIT, and keeps its type for reports
            saved, order.type = order.type, ("MARKET" if order.price is None else "LIMIT")
            try:
                self._run(book, order)
            finally:
                order.type = saved

    # --- OCO -----------------------------------------------------------------------------------

    def place_oco(self, uid: str, symbol: str, side: str, qty: Decimal, price: Decimal, stop_price: Decimal,
                  stop_limit_price: Decimal | None, stop_tif: str, client_id: str, limit_client_id: str = "",
                  stop_client_id: str = "", stp: str = "NONE", trailing_delta: int | None = None) -> OrderList:
        """A LIMIT_MAKER leg and a STOP_LOSS(_LIMIT) leg; the limit leg holds the funds for both."""
        with self.lock:
            book = self.books[symbol]
            last = book.last_price
            if last is not None and not (price > last > stop_price if side == "SELL" else price < last < stop_price):
                raise Reject("bad prices")
            lid = self._next("list")
            limit_leg = self.place(uid, symbol, side, "LIMIT_MAKER", qty, price=price, client_id=limit_client_id,
                                   stp=stp, list_id=lid)
            stop_type = "STOP_LOSS_LIMIT" if stop_limit_price is not None else "STOP_LOSS"
            now = self.now()
            stop_leg = Order(self._next("order"), stop_client_id or f"sim{self._ids['order']}", uid, symbol, side,
                             stop_type, stop_tif if stop_limit_price is not None else "GTC", qty, stop_limit_price,
                             stop_price, None, stp, now, list_id=lid, update_time=now, trailing_delta=trailing_delta)
            self.orders[stop_leg.id] = stop_leg
            self.by_client[(uid, symbol, stop_leg.client_id)] = stop_leg
            self._arm(book, stop_leg, now)
            ol = OrderList(lid, client_id or f"simlist{lid}", symbol, [stop_leg, limit_leg], now)
            self.lists[lid] = ol
            self._emit(OrderEvent(stop_leg, "NEW", None, now))
            self._emit(ListEvent(ol, now))
            return ol

    def _list_fill(self, order: Order, now: int) -> None:
        ol = self.lists.get(order.list_id)
        if ol is None:
            return
        if ol.contingency == "OTO" and order not in ol.pending:  # the working order
            if order.status == "FILLED" and ol.working is order:
                self._due.append(ol)
            return
        self._cancel_siblings(order, now)

    # --- OTO / OTOCO ---------------------------------------------------------------------------

    def place_oto(self, uid: str, symbol: str, working: Leg, pending: list[Leg], client_id: str = "",
                  stp: str = "NONE") -> tuple[OrderList, list[Order]]:
        """A working LIMIT/LIMIT_MAKER order and one pending order (OTO), or a pending OCO pair (OTOCO:
        a LIMIT_MAKER leg, which holds the funds, and a STOP_LOSS(_LIMIT) leg). The pending orders hold
        nothing until they are placed. Returns the list and its orders as placed (rest-api.md: a working
        order filled at once shows FILLED while the pending ones still show PENDING_NEW)."""
        with self.lock:
            now = self.now()
            lid = self._next("list")
            ol = OrderList(lid, client_id or f"simlist{lid}", symbol, [], now, contingency="OTO")
            self.lists[lid] = ol
            try:
                work = self.place(uid, symbol, working.side, working.type, working.qty, price=working.price,
                                  tif=working.tif, client_id=working.client_id, stp=stp, list_id=lid)
            except Reject:
                del self.lists[lid]
                raise
            for leg in pending:
                o = Order(self._next("order"), leg.client_id or f"sim{self._ids['order']}", uid, symbol, leg.side,
                          leg.type, leg.tif, leg.qty, leg.price, leg.stop_price, None, stp, now, status="PENDING_NEW",
                          list_id=lid, update_time=now, trailing_delta=leg.trailing_delta)
                self.orders[o.id] = o
                self.by_client[(uid, symbol, o.client_id)] = o
                ol.pending.append(o)
            ol.orders, ol.working = [work, *ol.pending], work
            for o in ol.pending:
                self._emit(OrderEvent(o, "NEW", None, now))
            self._emit(ListEvent(ol, now))
            placed = [copy.copy(o) for o in ol.orders]
            if work.status == "FILLED":
                self._activate(ol, now)
            elif not work.open:
                self._expire_pending(ol, now)
            return ol, placed

    def _activate(self, ol: OrderList, now: int) -> None:
        """The working order filled: the pending orders go on the book (or wait for their trigger)."""
        book = self.books[ol.symbol]
        legs = [o for o in ol.pending if o.status == "PENDING_NEW"]
        pair = len(legs) == 2
        for o in legs:
            if not (pair and o.type in STOPS):  # an OCO pair's limit leg holds the funds of both
                try:
                    self.settlement.reserve(book, o)
                except Reject:
                    self._expire_pending(ol, now)
                    return
            o.status, o.update_time = "NEW", now
        for o in legs:
            self._emit(OrderEvent(o, "NEW", None, now))
        if not pair:
            ol.status = "ALL_DONE"
        self._emit(ListEvent(ol, now))
        for o in legs:
            if not o.open:
                continue
            if o.type in STOPS:
                self._arm(book, o, now)
            elif o.type == "LIMIT_MAKER" and self._crosses(book, o):
                o.status = "EXPIRED"
                self._finish(o, "EXPIRED", now)
                if pair:
                    self._cancel_siblings(o, now)
            else:
                self._run(book, o)
        self._fire_stops(book)

    def _expire_pending(self, ol: OrderList, now: int) -> None:
        for o in ol.pending:
            if o.open:
                o.status = "EXPIRED"
                self._finish(o, "EXPIRED", now)
        ol.status = "ALL_DONE"
        self._emit(ListEvent(ol, now))

    def _cancel_siblings(self, order: Order, now: int) -> None:
        ol = self.lists.get(order.list_id)
        if ol is None or ol.status == "ALL_DONE":
            return
        for other in ol.orders:
            if other is not order and other.open:
                if other.type == "LIMIT_MAKER" and order.locked == 0 and other.locked > 0:
                    self._detach(other)
                    self._unlock_rest(other)
                    self.settlement.reserve(self.books[order.symbol], order)
                    other.status = "CANCELED"
                    self._finish(other, "CANCELED", now)
                else:
                    self._cancel_one(other, now)
        ol.status = "ALL_DONE"
        self._emit(ListEvent(ol, now))

    # --- cancel --------------------------------------------------------------------------------

    def _detach(self, order: Order) -> None:
        book = self.books[order.symbol]
        if order in book.stops:
            book.stops.remove(order)
        elif order.price is not None and order.working_time > 0 and order.open:
            side = book.bids if order.side == "BUY" else book.asks
            if order in side.levels.get(order.price, ()):
                side.remove(order)
                book.touch(order.side, order.price)

    def _cancel_one(self, order: Order, now: int) -> None:
        self._detach(order)
        order.status = "CANCELED"
        self._finish(order, "CANCELED", now)

    def cancel(self, uid: str, symbol: str, order_id: int | None = None, client_id: str | None = None) -> Order:
        """Cancel an open order (its whole list while the list executes); raises `Reject("unknown")`."""
        with self.lock:
            order = self.find(uid, symbol, order_id, client_id)
            if order is None or not order.open:
                raise Reject("unknown")
            now = self.now()
            ol = self.lists.get(order.list_id)
            if ol is not None and ol.status != "ALL_DONE":
                self.cancel_list(uid, symbol, order.list_id)
            else:
                self._cancel_one(order, now)
            return order

    def cancel_list(self, uid: str, symbol: str, list_id: int) -> OrderList:
        """Cancel both legs of an OCO list."""
        with self.lock:
            ol = self.lists.get(list_id)
            if ol is None or ol.symbol != symbol or ol.orders[0].uid != uid or ol.status == "ALL_DONE":
                raise Reject("unknown")
            now = self.now()
            for o in ol.orders:
                if o.open:
                    self._cancel_one(o, now)
            ol.status = "ALL_DONE"
            self._emit(ListEvent(ol, now))
            return ol

    def find(self, uid: str, symbol: str, order_id: int | None, client_id: str | None) -> Order | None:
        """An order of `uid` on `symbol` by id (preferred) or client id."""
        if order_id is not None:
            o = self.orders.get(order_id)
            return o if o is not None and o.uid == uid and o.symbol == symbol else None
        if client_id is not None:
            return self.by_client.get((uid, symbol, client_id))
        return None

    def open_orders(self, uid: str, symbol: str | None = None) -> list[Order]:
        """Open orders of `uid`, oldest first."""
        with self.lock:
            return [o for o in self.orders.values() if o.uid == uid and o.open and symbol in (None, o.symbol)]

    def depth(self, symbol: str, limit: int) -> tuple[int, Levels, Levels]:
        """(update id, bids, asks) of the best `limit` levels; summed once per book change (every change of a
        level bumps the update id, `Book.touch`)."""
        with self.lock:
            book = self.books[symbol]
            key = (book, book.update_id)
            levels = self._depth.get((symbol, limit), key)
            if levels is None:
                levels = self._depth.put((symbol, limit), key, (book.bids.depth(limit), book.asks.depth(limit)))
            return book.update_id, list(levels[0]), list(levels[1])
