"""A small USDT-M perpetual engine: orders fill from one book per contract, positions carry leverage.

Orders go to the book (`matching`, the shared price-time engine, with the house quoting the tape on it:
`sim/house.py`): MARKET walks it, one fill per level; LIMIT GTC rests, keeps its queue place and fills as
maker when the market trades through it; IOC/FOK fill partly/refuse as the engine does; PostOnly is
refused when it would take against the book. Each fill settles on its own (`_fill`): the fee follows who
provided liquidity, realized PnL moves between the user and the house (`HOUSE_UID`), fees to the fee
account: the ledger only ever moves money. Stop and take-profit orders trigger when the last price
crosses `stopPrice`, then go to the book as takers. A TRAILING_STOP_MARKET order activates when the last
price reaches `activationPrice` (at once without one), then follows the best price seen at each sweep and
fires at market when the price moves back by `priceRate` of it (or by `price`, the distance); TRAILING_TP_SL
rests.
Open orders that would open a position reserve their initial margin (`freezedMargin`); isolated margin added
to a position stays in the wallet balance, held by the position (`Position.added_margin`), and is released
with it. In hedge mode a closing order never opens the other side. Funding and liquidation settle lazily
(`tradewire.sim.bingx.perp_settle`). Every order change publishes an `OrderEvent`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal

from tradewire.sim.bingx.accounts import IncomeRow, Position
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT, summary
from tradewire.sim.bingx.perp_book import PerpSettlement, contract_pairs, settles
from tradewire.sim.bingx.perp_rules import NO_POSITION, check_close, check_margin_type
from tradewire.sim.bingx.state import SimState
from tradewire.sim.engine import Engine, Order, Reject
from tradewire.sim.engine import Event as BookEvent
from tradewire.sim.engine import OrderEvent as BookOrderEvent
from tradewire.sim.events import BalanceEvent, ConfigEvent, OrderEvent, PositionEvent
from tradewire.sim.house import House
from tradewire.sim.jsonenc import Json
from tradewire.sim.ledger import FEE_UID
from tradewire.sim.memo import Memo

HOUSE_UID = "mm"
HOUSE_FUNDS = Decimal(10) ** 12
ZERO = Decimal(0)
AVG_QUANTUM = Decimal("1E-8")
DEFAULT_LEVERAGE = 10
LIMIT_TYPES = ("LIMIT", "STOP", "TAKE_PROFIT", "TRIGGER_LIMIT")
STOP_TYPES = ("STOP_MARKET", "STOP", "TAKE_PROFIT_MARKET", "TAKE_PROFIT", "TRIGGER_MARKET", "TRIGGER_LIMIT")
DUPLICATE_WINDOW_MS = 1000

POST_ONLY_TAKES = 101215
INSUFFICIENT_MARGIN = 101204
ORDER_NOT_FOUND = 80016
DUPLICATE_CID = 109201
CID_USED = 101481
LEVERAGE_TOO_HIGH = 101414
MODE_LOCKED = 104103
NO_BALANCE = 101206
MARGIN_TOO_LOW = 101253
NOT_ISOLATED = 101479
SHORT_ACTIVATION = 110419
LONG_ACTIVATION = 110420


@dataclass
class SwapOrder:
    """A perpetual order; `status` NEW, PARTIALLY_FILLED, FILLED, CANCELED or EXPIRED."""

    id: str
    uid: str
    symbol: str
    side: str
    position_side: str
    type: str
    qty: Decimal
    price: Decimal | None
    stop_price: Decimal | None
    tif: str
    client_id: str
    reduce_only: bool
    working_type: str
    price_rate: Decimal | None
    time: int
    update_time: int
    leverage: int
    status: str = "NEW"
    executed: Decimal = ZERO
    avg_price: Decimal = ZERO
    commission: Decimal = ZERO
    profit: Decimal = ZERO
    triggered: bool = False
    fires_above: bool = False
    activation: Decimal | None = None
    best: Decimal | None = None  # trailing: the best price since activation (None until activated)
    margin: Decimal = ZERO  # initial margin reserved while the order is open and would open a position
    cum_quote: Decimal = ZERO  # sum of price * qty over the fills: avg_price is cum_quote / executed

    @property
    def remaining(self) -> Decimal:
        return self.qty - self.executed


@dataclass(frozen=True)
class SwapFill:
    trade_id: str
    order: SwapOrder
    price: Decimal
    qty: Decimal
    fee: Decimal
    pnl: Decimal
    time: int


class PerpEngine:
    """Orders, positions and settings of the perpetual account of every user (runs under `state.lock`)."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.orders: dict[str, SwapOrder] = {}
        self.by_client: dict[tuple[str, str], SwapOrder] = {}
        self.fills: list[SwapFill] = []
        self.leverage: dict[tuple[str, str, str], int] = {}
        self.margin_type: dict[tuple[str, str], str] = {}
        self.hedge: dict[str, bool] = {}
        self._ids = itertools.count(1)
        self.funded_until = state.market.start_ms  # funding settled up to here (seeding covers the past)
        for uid, positions in state.book.positions.items():
            for pos in positions:
                if pos.isolated:
                    self.margin_type[(uid, pos.symbol)] = "ISOLATED"
        state.ledger.seed(HOUSE_UID, ACCOUNT, "USDT", HOUSE_FUNDS)
        self._now = 0  # the time of the request the book is serving
        self.matching = Engine(state.ledger, contract_pairs(self), self._book_time, state.lock,
                               PerpSettlement(self), HOUSE_UID)
        self.house = House(self.matching, state.market)
        self.resting: dict[str, Order] = {}  # swap order id -> its order on the book
        self.matching.listeners.append(self._on_book)
        # the book as `books` shows it (ticks, text rows), built once per change of the book
        self.book_ticks: Memo[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = Memo()
        self.book_rows: Memo[tuple[list[Json], list[Json]]] = Memo()

    # --- settings ----------------------------------------------------------------------------

    def get_leverage(self, uid: str, symbol: str, side: str) -> int:
        pos = self.position(uid, symbol, side)
        return self.leverage.get((uid, symbol, side), pos.leverage if pos else DEFAULT_LEVERAGE)

    def set_leverage(self, uid: str, symbol: str, side: str, leverage: int, now: int) -> None:
        top = self.state.market.contracts[symbol].max_leverage
        if not 1 <= leverage <= top:
            raise ApiError(LEVERAGE_TOO_HIGH, f"max leverage for the pair is {top}, reduce leverage")
        sides = ("LONG", "SHORT") if side == "BOTH" else (side,)
        for s in sides:
            self.leverage[(uid, symbol, s)] = leverage
        self.state.events.publish(ConfigEvent(uid, symbol, now))

    def set_hedge(self, uid: str, hedge: bool) -> None:
        if self.state.book.positions.get(uid) or any(o.uid == uid and self._open(o) for o in self.orders.values()):
            raise ApiError(MODE_LOCKED, "position mode cannot be changed with open positions or orders")
        self.hedge[uid] = hedge

    def get_margin_type(self, uid: str, symbol: str) -> str:
        return self.margin_type.get((uid, symbol), "CROSSED")

    def set_margin_type(self, uid: str, symbol: str, kind: str, now: int) -> None:
        """Switch the margin mode of `symbol`; refused with a position or open orders there."""
        held = any(p.symbol == symbol for p in self.state.book.positions.get(uid, []))
        check_margin_type(kind, self.get_margin_type(uid, symbol), held,
                          any(o.uid == uid and o.symbol == symbol and self._open(o) for o in self.orders.values()),
                          self.hedge.get(uid, True))
        self.margin_type[(uid, symbol)] = kind
        self.state.events.publish(ConfigEvent(uid, symbol, now))

    # --- positions ---------------------------------------------------------------------------

    def position(self, uid: str, symbol: str, side: str) -> Position | None:
        return next((p for p in self.state.book.positions.get(uid, []) if p.symbol == symbol and p.side == side),
                    None)

    def set_position(self, uid: str, old: Position | None, new: Position | None, now: int) -> None:
        """Replace `old` by `new` (either may be None) and publish the change."""
        self._set_position(uid, old, new, now)

    def _set_position(self, uid: str, old: Position | None, new: Position | None, now: int) -> None:
        rows = self.state.book.positions.setdefault(uid, [])
        if new is not None and old is not None and new.amount < old.amount and old.added_margin:
            # a partial close releases the added margin pro rata
            kept = (old.added_margin * new.amount / old.amount).quantize(AVG_QUANTUM, ROUND_DOWN)
            new = replace(new, added_margin=kept)
        if old is not None and new is not None:
            rows[rows.index(old)] = new  # a changed position keeps its place
        elif old is not None:
            rows.remove(old)
        elif new is not None:
            rows.append(new)
        ref = new or old
        assert ref is not None
        self.state.events.publish(PositionEvent(uid, ref.symbol, ref.side, new.amount if new else ZERO,
                                                new.avg_price if new else ZERO, now))

    # --- orders ------------------------------------------------------------------------------

    def place(self, uid: str, symbol: str, side: str, position_side: str, type: str, qty: Decimal,
              price: Decimal | None, stop_price: Decimal | None, tif: str, client_id: str, reduce_only: bool,
              working_type: str, price_rate: Decimal | None, now: int, activation: Decimal | None = None,
              dry_run: bool = False) -> SwapOrder:
        """Accept, then fill what can fill now; raises `ApiError` with the live code when refused.

        `dry_run` (the test endpoint) runs every check and returns the order without keeping it."""
        if client_id:
            old = self.by_client.get((uid, client_id.lower()))
            if old is not None:
                if now - old.time < DUPLICATE_WINDOW_MS:
                    raise ApiError(DUPLICATE_CID, "The same order number is only allowed to be submitted once "
                                                  "within 1 second.")
                raise ApiError(CID_USED, "the clientOrderID has already been used")
        closing = self._closing_side(uid, symbol, side, position_side)
        check_close(self.position(uid, symbol, closing), position_side, position_side == closing, reduce_only, qty)
        last = self.state.market.last_price(symbol, now)
        self.catch_up(symbol, now)
        if type == "LIMIT" and tif == "PostOnly" and price is not None and self._takes(symbol, side, price):
            raise ApiError(POST_ONLY_TAKES, "Post Only order would match immediately, canceled")
        lev = self.get_leverage(uid, symbol, self._opening_side(side))
        order = SwapOrder(str(1_800_000_000_000_000_000 + next(self._ids)), uid, symbol, side, position_side, type,
                          qty, price, stop_price, tif, client_id.lower(), reduce_only, working_type, price_rate,
                          now, now, lev, activation=activation)
        if type == "TRAILING_STOP_MARKET" and activation is not None:
            if side == "SELL" and activation <= last:
                raise ApiError(SHORT_ACTIVATION, "the activation price must be greater than the Last/Mark Price")
            if side == "BUY" and activation >= last:
                raise ApiError(LONG_ACTIVATION, "the activation price must be lower than the Last/Mark Price")
        if self._opens(uid, order):
            self._check_margin(uid, order, self._reference_price(order, last), now)
        if dry_run:
            return order
        if type in STOP_TYPES and stop_price is not None:
            order.fires_above = stop_price > last
        self.orders[order.id] = order
        if client_id:
            self.by_client[(uid, order.client_id)] = order
        self._publish(order, "NEW", ZERO, ZERO, now)
        self._work(order, last, now)
        return order

    def _reference_price(self, order: SwapOrder, last: Decimal) -> Decimal:
        """The price an opening order is margined at: its fill price when it takes now, else its own."""
        if order.type == "MARKET" or order.type.startswith("TRAILING"):
            return last
        if order.type == "LIMIT":
            assert order.price is not None
            return last if self._crosses(order.side, order.price, last) else order.price
        return order.price or order.stop_price or last

    def _opening_side(self, side: str) -> str:
        return "LONG" if side == "BUY" else "SHORT"

    def _closing_side(self, uid: str, symbol: str, side: str, position_side: str) -> str:
        return "SHORT" if side == "BUY" else "LONG"

    def _opens(self, uid: str, order: SwapOrder) -> bool:
        if order.position_side == "BOTH":
            return self.position(uid, order.symbol, self._closing_side(uid, order.symbol, order.side, "BOTH")) is None
        return order.position_side == self._opening_side(order.side)

    def _takes(self, symbol: str, side: str, price: Decimal) -> bool:
        """Whether a limit order at `price` would take from the book now."""
        best = (self.matching.books[symbol].asks if side == "BUY" else self.matching.books[symbol].bids).best()
        return best is not None and self._crosses(side, price, best)

    @staticmethod
    def _crosses(side: str, price: Decimal, last: Decimal) -> bool:
        return price >= last if side == "BUY" else price <= last

    def _check_margin(self, uid: str, order: SwapOrder, price: Decimal, now: int) -> None:
        """The order's margin and taker fee must fit in the available margin less other orders' reserves."""
        taker, _ = self.state.book.commission[uid]
        order.margin = order.qty * price / order.leverage
        s = self.state
        free = summary(s.ledger, s.book, s.market, uid, "USDT", now, self.reserved(uid)).available
        if order.margin + order.qty * price * taker > free:
            raise ApiError(INSUFFICIENT_MARGIN, "Insufficient margin")

    def reserved(self, uid: str) -> Decimal:
        """Initial margin held by the open orders of `uid` that would open positions (`freezedMargin`): each
        order holds its margin in proportion to what is left to fill."""
        return sum((o.margin * o.remaining / o.qty for o in self.orders.values()
                    if o.uid == uid and o.margin and self._open(o)), ZERO)

    def _open(self, order: SwapOrder) -> bool:
        return order.status in ("NEW", "PARTIALLY_FILLED")

    def _work(self, order: SwapOrder, last: Decimal, now: int) -> None:
        """Trigger `order` on the last price, or send it to the book (once: then fills come from the book)."""
        if order.id in self.resting:
            return
        if order.type in STOP_TYPES and not order.triggered:
            assert order.stop_price is not None
            if not (last >= order.stop_price if order.fires_above else last <= order.stop_price):
                return
            order.triggered = True
        if order.type == "TRAILING_TP_SL" or (order.type == "TRAILING_STOP_MARKET" and not self._trails(order, last)):
            return
        self._to_book(order, now)

    def _to_book(self, order: SwapOrder, now: int) -> None:
        """Send a working order to the book: it takes what it can, then rests (GTC LIMIT) or expires."""
        if not settles(self, order):
            order.status, order.update_time = "CANCELED", now
            self._publish(order, "CANCELED", ZERO, ZERO, now)
            return
        self._now = now
        limit = order.price if order.type in LIMIT_TYPES else None
        kind = "MARKET" if limit is None else "LIMIT_MAKER" if order.tif == "PostOnly" else "LIMIT"
        tif = order.tif if order.tif in ("IOC", "FOK") else "GTC"
        try:
            placed = self.matching.place(order.uid, order.symbol, order.side, kind, order.remaining, price=limit,
                                         tif=tif, client_id=order.id)
        except Reject:  # no depth to take from, or a post-only order that would take
            order.status, order.update_time = "EXPIRED", now
            self._publish(order, "EXPIRED", ZERO, ZERO, now)
            return
        if placed.open:
            self.resting[order.id] = placed

    def _on_book(self, event: BookEvent) -> None:
        """A user's order left the book unfilled (IOC/FOK rest, MARKET beyond the depth, cancel): say so."""
        if not isinstance(event, BookOrderEvent) or event.kind == "NEW":
            return
        if not event.order.open:
            self.resting.pop(event.order.client_id, None)
        order = self.orders.get(event.order.client_id)
        if event.kind == "TRADE" or order is None or not self._open(order):
            return
        status = "CANCELED" if event.kind == "CANCELED" else "EXPIRED"
        order.status, order.update_time = status, event.time
        self._publish(order, status, ZERO, ZERO, event.time)

    def _book_time(self) -> int:
        return self._now

    def catch_up(self, symbol: str, now: int) -> None:
        """Let the house play the tape of `symbol` up to `now` on the book (resting orders may fill)."""
        self._now = max(self._now, now)
        self.house.catch_up(symbol, now)

    @staticmethod
    def _trails(order: SwapOrder, last: Decimal) -> bool:
        """Follow `last` with a trailing stop; True when it fires (SELL: fell from the high, BUY: rose)."""
        sell = order.side == "SELL"
        if order.best is None:
            if order.activation is not None and (last < order.activation if sell else last > order.activation):
                return False
            order.best = last
            return False
        order.best = max(order.best, last) if sell else min(order.best, last)
        distance = order.best * order.price_rate if order.price_rate is not None else order.price or ZERO
        return last <= order.best - distance if sell else last >= order.best + distance

    def _fill(self, order: SwapOrder, price: Decimal, qty: Decimal, maker: bool, now: int) -> SwapFill | None:
        uid, symbol = order.uid, order.symbol
        taker_rate, maker_rate = self.state.book.commission[uid]
        fee = qty * price * (maker_rate if maker else taker_rate)
        ledger = self.state.ledger
        closing = self._closing_side(uid, symbol, order.side, order.position_side)
        pos = self.position(uid, symbol, closing)
        pnl = ZERO
        close_qty = ZERO
        if order.position_side == closing or (order.position_side == "BOTH" and pos is not None):
            if pos is None:
                order.status, order.update_time = "CANCELED", now
                self._publish(order, "CANCELED", ZERO, ZERO, now)
                return None
            close_qty = min(qty, pos.amount)
            sign = 1 if closing == "LONG" else -1
            pnl = (price - pos.avg_price) * close_qty * sign
            rest = pos.amount - close_qty
            self._set_position(uid, pos, replace(pos, amount=rest) if rest else None, now)
        open_qty = ZERO if order.position_side == closing else qty - close_qty  # hedge: never the other side
        if open_qty:
            side = self._opening_side(order.side)
            cur = self.position(uid, symbol, side)
            if cur is None:
                iso = self.get_margin_type(uid, symbol) != "CROSSED"
                new = Position(order.id, symbol, side, open_qty, price, order.leverage, iso, now)
            else:
                amount = cur.amount + open_qty
                avg = ((cur.amount * cur.avg_price + open_qty * price) / amount).quantize(AVG_QUANTUM)
                new = replace(cur, amount=amount, avg_price=avg.normalize())
            self._set_position(uid, cur, new, now)
        if pnl > 0:
            ledger.move((HOUSE_UID, ACCOUNT), (uid, ACCOUNT), "USDT", pnl, available=None, reason="ORDER", time=now)
        elif pnl < 0:
            loss = min(-pnl, ledger.balance(uid, ACCOUNT, "USDT"))
            if loss:
                ledger.move((uid, ACCOUNT), (HOUSE_UID, ACCOUNT), "USDT", loss, available=None, reason="ORDER",
                            time=now)
        if fee:
            ledger.move((uid, ACCOUNT), (FEE_UID, ACCOUNT), "USDT", fee, available=None, reason="ORDER", time=now)
        order.executed += qty
        order.cum_quote += price * qty
        order.avg_price = order.cum_quote / order.executed
        order.commission -= fee
        order.profit += pnl
        order.status, order.update_time = "FILLED" if order.remaining == 0 else "PARTIALLY_FILLED", now
        self._publish(order, "TRADE", qty, price, now)
        trade_id = f"{order.id}_{len(self.fills) + 1}"
        done = SwapFill(trade_id, order, price, qty, fee, pnl, now)
        self.fills.append(done)
        book = self.state.book
        book.add_income(uid, IncomeRow(symbol, "TRADING_FEE", -fee, "USDT", "Trading Fee", now,
                                       f"{trade_id}_COMMISSION", trade_id))
        if pnl:
            book.add_income(uid, IncomeRow(symbol, "REALIZED_PNL", pnl, "USDT", "Realized PNL", now,
                                           f"{trade_id}_PNL", trade_id))
        return done

    def sweep(self, now: int) -> None:
        """Play the tape on the books with open orders (resting orders fill), then let stop orders react to
        the current last price."""
        for symbol in sorted({o.symbol for o in self.orders.values() if self._open(o)}):
            self.catch_up(symbol, now)
        for order in [o for o in self.orders.values() if self._open(o)]:
            self._work(order, self.state.market.last_price(order.symbol, now), now)

    def find(self, uid: str, symbol: str, order_id: str | None, client_id: str | None) -> SwapOrder:
        order = self.orders.get(order_id) if order_id else self.by_client.get((uid, (client_id or "").lower()))
        if order is None or order.uid != uid or order.symbol != symbol:
            raise ApiError(ORDER_NOT_FOUND, "order not exist")
        return order

    def cancel(self, uid: str, symbol: str, order_id: str | None, client_id: str | None, now: int) -> SwapOrder:
        order = self.find(uid, symbol, order_id, client_id)
        if not self._open(order):
            raise ApiError(ORDER_NOT_FOUND, "order not exist")
        resting = self.resting.get(order.id)
        if resting is not None:  # off the book; `_on_book` reports it
            self._now = now
            self.matching.cancel(uid, symbol, resting.id)
            return order
        order.status, order.update_time = "CANCELED", now
        self._publish(order, "CANCELED", ZERO, ZERO, now)
        return order

    def open_orders(self, uid: str, symbol: str | None) -> list[SwapOrder]:
        return [o for o in self.orders.values() if o.uid == uid and self._open(o) and symbol in (None, o.symbol)]

    def close_position(self, pos: Position, uid: str, now: int) -> SwapOrder:
        """A MARKET order that closes `pos` whole."""
        side = "SELL" if pos.side == "LONG" else "BUY"
        mode = pos.side if self.hedge.get(uid, True) else "BOTH"
        return self.place(uid, pos.symbol, side, mode, "MARKET", pos.amount, None, None, "GTC", "", False,
                          "MARK_PRICE", None, now)


    def position_by_id(self, uid: str, position_id: str) -> Position:
        """An open position of `uid` by id; 101205 when there is none."""
        pos = next((p for p in self.state.book.positions.get(uid, []) if p.position_id == position_id), None)
        if pos is None:
            raise ApiError(NO_POSITION, "No position to close")
        return pos

    def adjust_margin(self, uid: str, pos: Position, amount: Decimal, add: bool, now: int) -> Position:
        """Raise (`add`) or lower the margin of isolated `pos` by `amount`: the money stays in the wallet
        balance, moving between available and used margin; lowering is bounded by what was added."""
        if not pos.isolated:
            raise ApiError(NOT_ISOLATED, "The position is not in Isolated Margin Mode")
        s = self.state
        if add:
            free = summary(s.ledger, s.book, s.market, uid, "USDT", now, self.reserved(uid)).available
            if amount > free:
                raise ApiError(NO_BALANCE, "Account available balance is insufficient")
        elif amount > pos.added_margin:
            raise ApiError(MARGIN_TOO_LOW, f"Insufficient margin: at most {max(pos.added_margin, ZERO)} can be "
                                           "removed")
        new = replace(pos, added_margin=pos.added_margin + amount if add else pos.added_margin - amount)
        self._set_position(uid, pos, new, now)
        # the wallet balance stays, the cross wallet balance moves: a MARGIN_TRANSFER balance update with no change
        # (the account stream's reasons: spot-ws-account api-reference, "MARGIN_TRANSFER — Margin transfer")
        s.events.publish(BalanceEvent(uid, ACCOUNT, "USDT", s.ledger.balance(uid, ACCOUNT, "USDT"), ZERO,
                                      "MARGIN_TRANSFER", now))
        return new

    def record_order(self, uid: str, symbol: str, side: str, position_side: str, qty: Decimal, client_id: str,
                     leverage: int, now: int) -> SwapOrder:
        """Keep a MARKET order the venue places itself (a liquidation); the caller settles it."""
        order = SwapOrder(str(1_800_000_000_000_000_000 + next(self._ids)), uid, symbol, side, position_side,
                          "MARKET", qty, None, None, "GTC", client_id, False, "MARK_PRICE", None, now, now, leverage)
        self.orders[order.id] = order
        return order

    def publish(self, order: SwapOrder, execution: str, last_qty: Decimal, last_price: Decimal, now: int) -> None:
        """Publish an `OrderEvent` of `order`."""
        self._publish(order, execution, last_qty, last_price, now)

    def _publish(self, order: SwapOrder, execution: str, last_qty: Decimal, last_price: Decimal, now: int) -> None:
        self.state.events.publish(OrderEvent(
            order.uid, order.symbol, "swap", order.client_id, order.id, order.side, order.type,
            order.position_side, order.qty, order.price or ZERO, order.stop_price or ZERO, order.avg_price,
            order.status, execution, last_qty, last_price, order.executed, "USDT", order.commission, order.profit,
            now))
