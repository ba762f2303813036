"""A small coin-M (inverse) perpetual engine over the shared matching engine.

One `Engine` book per coin-M contract, the house (`sim/house.py`) quoting the coin-M tapes on it; orders go
to the book as the USDT-M ones do (MARKET walks it, LIMIT GTC rests and fills as maker, IOC/FOK/PostOnly as
the engine does; STOP/TAKE_PROFIT types wait in the engine until the last trade crosses `stopPrice`).
`CSwapSettlement` settles each fill with inverse arithmetic (`cswap_math`): fees and PnL are in the coin,
moving in the ledger's `coinMPerp` account between the user, the house (`HOUSE_UID`) and the fee account.
Positions are per (user, contract, LONG/SHORT); `BOTH` nets (closes the other side first). Opening orders
reserve their initial margin (`freezedMargin`) while open. Every order change is kept as an `OrderChange`
for the account stream (`changes`), each position or balance change as an `AccountChange`.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, replace
from decimal import Decimal

from tradewire.sim.bingx import cswap_math as cm
from tradewire.sim.bingx.cswap_contracts import COINS, CSWAP_CONTRACTS, cswap_market
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.state import SimState
from tradewire.sim.engine import ZERO, Book, Engine, Fill, Order, Pair, Reject, Unsettled
from tradewire.sim.engine import Event as BookEvent
from tradewire.sim.engine import OrderEvent as BookOrderEvent
from tradewire.sim.house import House
from tradewire.sim.ledger import FEE_UID

ACCOUNT = "coinMPerp"
HOUSE_UID = "mm"
HOUSE_COINS = Decimal(10) ** 9
#: what each user holds in the coin-M account when the engine first starts (rows already written are kept)
OPENING = {"BTC": Decimal("0.5"), "ETH": Decimal(8), "SOL": Decimal(150)}
DEFAULT_LEVERAGE = 10
ID_BASE = 1_810_000_000_000_000_000
#: engine order type of each coin-M type (the engine's STOP_LOSS fires rising for BUY, falling for SELL)
BOOK_TYPES = {"STOP_MARKET": "STOP_LOSS", "STOP": "STOP_LOSS_LIMIT", "TAKE_PROFIT_MARKET": "TAKE_PROFIT",
              "TAKE_PROFIT": "TAKE_PROFIT_LIMIT"}
LIMIT_TYPES = ("LIMIT", "STOP", "TAKE_PROFIT")

INSUFFICIENT_MARGIN = 101204  # cswap-trade api-reference
NO_BALANCE = 101206
PARAMS_FAILED = 101400
CID_USED = 101481
MODE_LOCKED = 80001  # as the USDT-M margin-mode switch (perp_rules.check_margin_type)
POST_ONLY_TAKES = 101215
NO_POSITION = 101205
CLOSE_TOO_LARGE = 110203
LEVERAGE_TOO_HIGH = 101414
NOT_ISOLATED = 101479
MARGIN_TOO_LOW = 101253
ORDER_NOT_FOUND = 109421
ORDER_REFUSED = 110400


@dataclass
class CSwapOrder:
    """A coin-M order; `status` NEW, PARTIALLY_FILLED, FILLED, CANCELED or EXPIRED."""

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
    working_type: str
    leverage: int
    time: int
    update_time: int
    status: str = "NEW"
    executed: Decimal = ZERO
    coin_value: Decimal = ZERO  # sum of qty * face / price over the fills
    commission: Decimal = ZERO  # negative: paid
    profit: Decimal = ZERO
    margin: Decimal = ZERO  # initial margin held while open (opening orders)
    take_profit: dict[str, object] | None = None
    stop_loss: dict[str, object] | None = None
    liquidation: bool = False

    @property
    def remaining(self) -> Decimal:
        return self.qty - self.executed

    @property
    def open(self) -> bool:
        return self.status in ("NEW", "PARTIALLY_FILLED")

    @property
    def avg_price(self) -> Decimal:
        """The harmonic mean of the fill prices (0 before any fill)."""
        if not self.executed:
            return ZERO
        return (self.executed * face(self.symbol) / self.coin_value).quantize(cm.Q8)


@dataclass(frozen=True)
class CSwapFill:
    trade_id: str
    order: CSwapOrder
    price: Decimal
    qty: Decimal
    fee: Decimal
    pnl: Decimal
    maker: bool
    time: int


@dataclass(frozen=True)
class CPosition:
    """A coin-M position: `amount` contracts at the harmonic-mean `entry`; `added` isolated margin in coin."""

    position_id: str
    symbol: str
    side: str
    amount: Decimal
    entry: Decimal
    leverage: int
    isolated: bool
    open_time: int
    update_time: int
    added: Decimal = ZERO


@dataclass(frozen=True)
class OrderChange:
    """An order changed (`execution` NEW, TRADE, CANCELED, EXPIRED, CALCULATED); `fill` for TRADE."""

    order: CSwapOrder
    execution: str
    status: str
    fill: CSwapFill | None
    time: int


@dataclass(frozen=True)
class AccountChange:
    """A balance (and maybe position) change of `uid`; `reason` ORDER or DEPOSIT/WITHDRAW."""

    uid: str
    coin: str
    change: Decimal
    reason: str
    positions: tuple[CPosition | tuple[str, str], ...]  # a closed position as (symbol, side)
    time: int


@dataclass
class Summary:
    """One coin of the coin-M account."""

    balance: Decimal
    unrealized: Decimal
    used: Decimal
    frozen: Decimal

    @property
    def equity(self) -> Decimal:
        return self.balance + self.unrealized

    @property
    def available(self) -> Decimal:
        return max(ZERO, self.balance - self.used - self.frozen + min(ZERO, self.unrealized))


def face(symbol: str) -> Decimal:
    """USD value of one contract."""
    return CSWAP_CONTRACTS[symbol].min_usdt


class CSwapSettlement:
    """Settles fills of the coin-M books through `CSwapEngine._fill` (the house's side is notional)."""

    def __init__(self, desk: CSwapEngine) -> None:
        self.desk = desk

    def reserve(self, book: Book, order: Order) -> None:
        """Nothing: `CSwapEngine.place` checked and holds the margin."""

    def release(self, book: Book, order: Order, now: int) -> None:
        """Nothing: the hold ends with the order's status."""

    def trade(self, pair: Pair, taker: Order, maker: Order, price: Decimal, qty: Decimal, trade_id: int,
              now: int) -> tuple[Fill, Fill]:
        desk = self.desk
        sides = ((maker, True), (taker, False))
        for o, _ in sides:
            if o.uid != HOUSE_UID and not desk.settles(desk.orders[o.client_id], qty):
                raise Unsettled(o)
        fills = []
        for o, is_maker in sides:
            done = desk._fill(desk.orders[o.client_id], price, qty, is_maker, now) if o.uid != HOUSE_UID else None
            fills.append(Fill(price, qty, done.fee if done else ZERO, pair.base, trade_id, is_maker))
        return fills[0], fills[1]


class CSwapEngine:
    """Orders, positions and settings of every user's coin-M account (runs under `state.lock`)."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.market = cswap_market(state)
        self.orders: dict[str, CSwapOrder] = {}
        self.by_client: dict[tuple[str, str], CSwapOrder] = {}
        self.fills: list[CSwapFill] = []
        self.positions: dict[str, list[CPosition]] = {}
        self.leverage: dict[tuple[str, str, str], int] = {}
        self.margin_type: dict[tuple[str, str], str] = {}
        self.changes: list[OrderChange | AccountChange] = []  # drained by the account stream
        self._ids = itertools.count(1)
        for c in COINS:
            state.ledger.seed(HOUSE_UID, ACCOUNT, c, HOUSE_COINS)
            for user in state.users:
                if not state.ledger.used(user.uid, ACCOUNT, c):
                    state.ledger.seed(user.uid, ACCOUNT, c, OPENING[c])
        self._now = 0
        pairs = [Pair(c.symbol, c.asset, c.currency, c.step) for c in CSWAP_CONTRACTS.values()]
        self.matching = Engine(state.ledger, pairs, self._book_time, state.lock, CSwapSettlement(self), HOUSE_UID)
        self.house = House(self.matching, self.market)
        self.resting: dict[str, Order] = {}  # coin-M order id -> its engine order
        self.matching.listeners.append(self._on_book)

    def _book_time(self) -> int:
        return self._now

    def catch_up(self, symbol: str, now: int) -> None:
        """Let the house play the tape of `symbol` up to `now` (resting orders and stops may fill)."""
        self._now = max(self._now, now)
        self.house.catch_up(symbol, now)

    def sweep(self, now: int) -> None:
        """Catch every contract up to `now`."""
        for symbol in CSWAP_CONTRACTS:
            self.catch_up(symbol, now)

    # --- settings ------------------------------------------------------------------------------

    def get_leverage(self, uid: str, symbol: str, side: str) -> int:
        return self.leverage.get((uid, symbol, side), DEFAULT_LEVERAGE)

    def set_leverage(self, uid: str, symbol: str, side: str, leverage: int) -> None:
        top = CSWAP_CONTRACTS[symbol].max_leverage
        if not 1 <= leverage <= top:
            raise ApiError(LEVERAGE_TOO_HIGH, f"max leverage for the pair is {top}, reduce leverage")
        for s in ("LONG", "SHORT") if side == "BOTH" else (side,):
            self.leverage[(uid, symbol, s)] = leverage

    def get_margin_type(self, uid: str, symbol: str) -> str:
        return self.margin_type.get((uid, symbol), "CROSSED")

    def set_margin_type(self, uid: str, symbol: str, kind: str) -> None:
        busy = any(p.symbol == symbol for p in self.positions.get(uid, [])) or any(
            o.uid == uid and o.symbol == symbol and o.open for o in self.orders.values())
        if kind != self.get_margin_type(uid, symbol) and busy:
            raise ApiError(MODE_LOCKED, "account has positions or pending orders")
        self.margin_type[(uid, symbol)] = kind

    # --- positions and money -------------------------------------------------------------------

    def position(self, uid: str, symbol: str, side: str) -> CPosition | None:
        return next((p for p in self.positions.get(uid, []) if p.symbol == symbol and p.side == side), None)

    def _set_position(self, uid: str, old: CPosition | None, new: CPosition | None) -> None:
        rows = self.positions.setdefault(uid, [])
        if old is not None and new is not None:
            rows[rows.index(old)] = new
        elif old is not None:
            rows.remove(old)
        elif new is not None:
            rows.append(new)

    def margin_of(self, pos: CPosition) -> Decimal:
        """The margin a position holds: its initial margin, plus what was added when isolated."""
        base = cm.initial_margin(pos.amount, face(pos.symbol), pos.entry, pos.leverage)
        return base + pos.added if pos.isolated else base

    def unrealized(self, pos: CPosition, now: int) -> Decimal:
        return cm.pnl(pos.side, pos.amount, face(pos.symbol), pos.entry, self.market.mark_price(pos.symbol, now))

    def reserved(self, uid: str, coin: str) -> Decimal:
        """Margin held by the open opening orders of `uid` margined in `coin`, pro rata of what is left."""
        return sum((cm.coin(o.margin * o.remaining / o.qty) for o in self.orders.values()
                    if o.uid == uid and o.margin and o.open and CSWAP_CONTRACTS[o.symbol].asset == coin), ZERO)

    def summary(self, uid: str, coin: str, now: int) -> Summary:
        positions = [p for p in self.positions.get(uid, []) if CSWAP_CONTRACTS[p.symbol].asset == coin]
        return Summary(self.state.ledger.balance(uid, ACCOUNT, coin),
                       sum((self.unrealized(p, now) for p in positions), ZERO),
                       sum((self.margin_of(p) for p in positions), ZERO), self.reserved(uid, coin))

    def liquidation(self, uid: str, pos: CPosition, now: int) -> Decimal:
        """The liquidation price: isolated positions are backed by their margin, cross ones by the balance
        less the isolated margins of the same coin."""
        if pos.isolated:
            backing = self.margin_of(pos)
        else:
            coin = CSWAP_CONTRACTS[pos.symbol].asset
            backing = self.state.ledger.balance(uid, ACCOUNT, coin) - sum(
                (self.margin_of(p) for p in self.positions.get(uid, [])
                 if p.isolated and CSWAP_CONTRACTS[p.symbol].asset == coin), ZERO)
        return cm.liquidation_price(pos.side, pos.amount, face(pos.symbol), pos.entry, backing)

    def adjust_margin(self, uid: str, symbol: str, side: str, amount: Decimal, add: bool, now: int) -> None:
        pos = self.position(uid, symbol, side)
        if pos is None:
            raise ApiError(NO_POSITION, "No position to adjust")
        if not pos.isolated:
            raise ApiError(NOT_ISOLATED, "The position is not in Isolated Margin Mode")
        if add and amount > self.summary(uid, CSWAP_CONTRACTS[symbol].asset, now).available:
            raise ApiError(NO_BALANCE, "Account available balance is insufficient")
        if not add and amount > pos.added:
            raise ApiError(MARGIN_TOO_LOW, f"Insufficient margin: at most {pos.added} can be removed")
        self._set_position(uid, pos, replace(pos, added=pos.added + amount if add else pos.added - amount,
                                             update_time=now))

    # --- orders --------------------------------------------------------------------------------

    def place(self, uid: str, symbol: str, side: str, position_side: str, type: str, qty: Decimal,
              price: Decimal | None, stop_price: Decimal | None, tif: str, client_id: str, working_type: str,
              now: int, take_profit: dict[str, object] | None = None,
              stop_loss: dict[str, object] | None = None) -> CSwapOrder:
        """Accept, then send to the book; raises `ApiError` with the venue's code when refused."""
        if client_id and (uid, client_id) in self.by_client:
            raise ApiError(CID_USED, "the clientOrderID has already been used")
        self.catch_up(symbol, now)
        closing = "SHORT" if side == "BUY" else "LONG"
        pos = self.position(uid, symbol, closing)
        if position_side == closing:
            if pos is None:
                raise ApiError(NO_POSITION, "No position to close")
            if qty > pos.amount:
                raise ApiError(CLOSE_TOO_LARGE, f"Available amount for closing is insufficient: {pos.amount}")
        book = self.matching.books[symbol]
        if type == "LIMIT" and tif == "PostOnly" and price is not None:
            best = (book.asks if side == "BUY" else book.bids).best()
            if best is not None and (price >= best if side == "BUY" else price <= best):
                raise ApiError(POST_ONLY_TAKES, "Post Only order would match immediately, canceled")
        opening = "LONG" if side == "BUY" else "SHORT"
        lev = self.get_leverage(uid, symbol, opening)
        order = CSwapOrder(str(ID_BASE + next(self._ids)), uid, symbol, side, position_side, type, qty, price,
                           stop_price, tif, client_id, working_type, lev, now, now, take_profit=take_profit,
                           stop_loss=stop_loss)
        opens = qty - (pos.amount if pos is not None and position_side == "BOTH" else ZERO)
        if position_side != closing and opens > 0:
            last = self.market.last_price(symbol, now)
            ref = last if price is None or type == "MARKET" else price
            order.margin = cm.initial_margin(opens, face(symbol), ref, lev)
            taker, _ = self.state.book.commission[uid]
            coin = CSWAP_CONTRACTS[symbol].asset
            if order.margin + cm.fee(opens, face(symbol), ref, taker) > self.summary(uid, coin, now).available:
                raise ApiError(INSUFFICIENT_MARGIN, "Insufficient margin")
        self.orders[order.id] = order
        if client_id:
            self.by_client[(uid, client_id)] = order
        self._change(order, "NEW", None, now)
        self._to_book(order, now)
        return order

    def _to_book(self, order: CSwapOrder, now: int) -> None:
        self._now = max(self._now, now)
        limit = order.price if order.type in LIMIT_TYPES else None
        kind = BOOK_TYPES.get(order.type) or ("LIMIT_MAKER" if order.tif == "PostOnly" else order.type)
        tif = order.tif if order.tif in ("IOC", "FOK") else "GTC"
        try:
            placed = self.matching.place(order.uid, order.symbol, order.side, kind, order.qty, price=limit, tif=tif,
                                         stop_price=order.stop_price, client_id=order.id)
        except Reject as refused:  # no depth to take from, or a stop that would fire at once
            order.status, order.update_time = "EXPIRED", now
            self._change(order, "EXPIRED", None, now)
            if refused.reason == "would trigger":
                raise ApiError(ORDER_REFUSED, "the stopPrice would trigger immediately") from None
            return
        if placed.open:
            self.resting[order.id] = placed

    def settles(self, order: CSwapOrder, qty: Decimal) -> bool:
        """Whether a fill of `order` can settle: a hedge close needs its position."""
        closing = "SHORT" if order.side == "BUY" else "LONG"
        return order.position_side != closing or self.position(order.uid, order.symbol, closing) is not None

    def _on_book(self, event: BookEvent) -> None:
        """A user's order left the book unfilled (IOC/FOK rest, MARKET beyond the depth, cancel)."""
        if not isinstance(event, BookOrderEvent) or event.kind == "NEW":
            return
        if not event.order.open:
            self.resting.pop(event.order.client_id, None)
        order = self.orders.get(event.order.client_id)
        if event.kind == "TRADE" or order is None or not order.open:
            return
        status = "CANCELED" if event.kind == "CANCELED" else "EXPIRED"
        order.status, order.update_time = status, event.time
        self._change(order, status, None, event.time)

    def _fill(self, order: CSwapOrder, price: Decimal, qty: Decimal, maker: bool, now: int) -> CSwapFill:
        """Settle one fill: fee by liquidity, close before open, PnL against the house, all in the coin."""
        uid, symbol = order.uid, order.symbol
        f, coin = face(symbol), CSWAP_CONTRACTS[symbol].asset
        taker_rate, maker_rate = self.state.book.commission[uid]
        fee = cm.fee(qty, f, price, maker_rate if maker else taker_rate)
        closing = "SHORT" if order.side == "BUY" else "LONG"
        pos = self.position(uid, symbol, closing)
        pnl = ZERO
        close_qty = ZERO
        touched: list[CPosition | tuple[str, str]] = []
        if pos is not None and order.position_side in (closing, "BOTH"):
            close_qty = min(qty, pos.amount)
            pnl = cm.pnl(closing, close_qty, f, pos.entry, price)
            rest = pos.amount - close_qty
            kept = pos.added * rest / pos.amount if pos.added else ZERO
            new = replace(pos, amount=rest, added=cm.coin(kept), update_time=now) if rest else None
            self._set_position(uid, pos, new)
            touched.append(new or (symbol, closing))
        open_qty = ZERO if order.position_side == closing else qty - close_qty
        if open_qty:
            side = "LONG" if order.side == "BUY" else "SHORT"
            cur = self.position(uid, symbol, side)
            if cur is None:
                iso = self.get_margin_type(uid, symbol) == "ISOLATED"
                new = CPosition(order.id, symbol, side, open_qty, price, order.leverage, iso, now, now)
            else:
                new = replace(cur, amount=cur.amount + open_qty, entry=cm.average(cur.amount, cur.entry, open_qty,
                                                                                   price), update_time=now)
            self._set_position(uid, cur, new)
            touched.append(new)
        ledger = self.state.ledger
        if pnl > 0:
            ledger.move((HOUSE_UID, ACCOUNT), (uid, ACCOUNT), coin, pnl, available=None, reason="ORDER", time=now)
        elif pnl < 0:
            loss = min(-pnl, ledger.balance(uid, ACCOUNT, coin))
            if loss:
                ledger.move((uid, ACCOUNT), (HOUSE_UID, ACCOUNT), coin, loss, available=None, reason="ORDER",
                            time=now)
        if fee:
            ledger.move((uid, ACCOUNT), (FEE_UID, ACCOUNT), coin, fee, available=None, reason="ORDER", time=now)
        order.executed += qty
        order.coin_value += cm.value(qty, f, price)
        order.commission -= fee
        order.profit += pnl
        order.status, order.update_time = ("FILLED" if order.remaining == 0 else "PARTIALLY_FILLED"), now
        done = CSwapFill(str(ID_BASE // 10 + len(self.fills) + 1), order, price, qty, fee, pnl, maker, now)
        self.fills.append(done)
        self._change(order, "TRADE", done, now)
        self.changes.append(AccountChange(uid, coin, pnl - fee, "ORDER", tuple(touched), now))
        return done

    def _change(self, order: CSwapOrder, execution: str, fill: CSwapFill | None, now: int) -> None:
        self.changes.append(OrderChange(order, execution, order.status, fill, now))

    def find(self, uid: str, symbol: str, order_id: str | None, client_id: str | None) -> CSwapOrder:
        order = self.orders.get(order_id) if order_id else self.by_client.get((uid, client_id or ""))
        if order is None or order.uid != uid or order.symbol != symbol:
            raise ApiError(ORDER_NOT_FOUND, "order not exist")
        return order

    def cancel(self, uid: str, symbol: str, order_id: str | None, client_id: str | None, now: int) -> CSwapOrder:
        order = self.find(uid, symbol, order_id, client_id)
        if not order.open:
            raise ApiError(ORDER_NOT_FOUND, "order not exist")
        self._now = max(self._now, now)
        resting = self.resting.get(order.id)
        if resting is not None:
            self.matching.cancel(uid, symbol, resting.id)  # `_on_book` records the change
        else:
            order.status, order.update_time = "CANCELED", now
            self._change(order, "CANCELED", None, now)
        return order

    def open_orders(self, uid: str, symbol: str | None) -> list[CSwapOrder]:
        return [o for o in self.orders.values() if o.uid == uid and o.open and symbol in (None, o.symbol)]

    def close_all(self, uid: str, symbol: str | None, now: int) -> list[CSwapOrder]:
        """A MARKET order closing each position of `uid` (on `symbol`, else everywhere)."""
        return [self.place(uid, p.symbol, "SELL" if p.side == "LONG" else "BUY", p.side, "MARKET", p.amount, None,
                           None, "GTC", "", "MARK_PRICE", now)
                for p in list(self.positions.get(uid, [])) if symbol in (None, p.symbol)]


_LOCK = threading.Lock()


def cswap_engine(state: SimState) -> CSwapEngine:
    """The coin-M engine of `state`, created on first use."""
    with _LOCK:
        found = getattr(state, "_bingx_cswap", None)
        if found is None:
            found = CSwapEngine(state)
            state._bingx_cswap = found  # type: ignore[attr-defined]
        assert isinstance(found, CSwapEngine)
        return found

