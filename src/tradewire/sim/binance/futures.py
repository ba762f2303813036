"""Simulated USD-M perpetual futures: one-way positions against the spot book's prices.

The house takes the other side of every fill: a marketable order fills in full at the spot book's
best opposite price (taker), a resting LIMIT order fills at its own price once a spot trade reaches
it (maker). The wallet is the user's `USDTMPerp` ledger account; fees go to the fee user and
realized profit and loss moves between the user and the house. Cross margin, fixed 20x leverage;
no funding and no liquidation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from tradewire.sim.binance.wallet import HOUSE, Q8
from tradewire.sim.binance.wire import ApiError
from tradewire.sim.engine import Engine, Event, Trade
from tradewire.sim.ledger import FEE_UID, Ledger

D = Decimal
ZERO = Decimal(0)
WALLET = "USDTMPerp"
LEVERAGE = 20
TAKER, MAKER = D("0.0004"), D("0.0002")


@dataclass(frozen=True)
class Contract:
    symbol: str
    base: str
    tick: Decimal
    step: Decimal
    min_notional: Decimal
    price_precision: int
    quantity_precision: int


CONTRACTS = {c.symbol: c for c in (Contract("BTCUSDT", "BTC", D("0.10"), D("0.001"), D(5), 2, 3),
                                   Contract("ETHUSDT", "ETH", D("0.01"), D("0.001"), D(5), 2, 3))}


@dataclass
class FOrder:
    id: int
    client_id: str
    uid: str
    symbol: str
    side: str
    type: str
    tif: str
    qty: Decimal
    price: Decimal
    reduce_only: bool
    time: int
    price_match: str = "NONE"
    status: str = "NEW"
    executed: Decimal = ZERO
    cum_quote: Decimal = ZERO
    update_time: int = 0

    @property
    def avg_price(self) -> Decimal:
        return (self.cum_quote / self.executed).quantize(Q8) if self.executed else D(0)


@dataclass(frozen=True)
class FillInfo:
    """One fill of a futures order: quantity, price, fee paid, profit realized, maker or taker."""

    qty: Decimal
    price: Decimal
    fee: Decimal
    pnl: Decimal
    maker: bool


@dataclass
class AlgoOrder:
    """A conditional order of the algo service: it waits for its trigger, then places `actual`."""

    id: int
    client_id: str
    uid: str
    symbol: str
    side: str
    type: str  # STOP, STOP_MARKET, TAKE_PROFIT, TAKE_PROFIT_MARKET, TRAILING_STOP_MARKET
    qty: Decimal  # 0 with close_position
    trigger: Decimal | None
    price: Decimal | None
    tif: str
    working_type: str
    reduce_only: bool
    close_position: bool
    time: int
    price_match: str = "NONE"
    activate: Decimal | None = None
    callback: Decimal | None = None
    status: str = "NEW"  # NEW, CANCELED, TRIGGERED, REJECTED (FINISHED is read off the actual order)
    update_time: int = 0
    trigger_time: int = 0
    extreme: Decimal | None = None  # the best price since a trailing stop activated
    actual: FOrder | None = None

    def state(self) -> str:
        """The algoStatus: TRIGGERED until the order it placed is done, then FINISHED."""
        if self.status == "TRIGGERED" and self.actual is not None and self.actual.status not in (
                "NEW", "PARTIALLY_FILLED"):
            return "FINISHED"
        return self.status


ALGO_ABOVE = {("STOP", "BUY"), ("STOP_MARKET", "BUY"), ("TAKE_PROFIT", "SELL"), ("TAKE_PROFIT_MARKET", "SELL")}


@dataclass
class Position:
    amt: Decimal = ZERO
    entry: Decimal = ZERO
    update_time: int = 0


class Futures:
    """Orders and positions of every user; driven by spot trades through `on_event`."""

    def __init__(self, ledger: Ledger, engine: Engine) -> None:
        self.ledger, self.engine = ledger, engine
        self.orders: dict[int, FOrder] = {}
        self.positions: dict[tuple[str, str], Position] = {}
        self.algos: dict[int, AlgoOrder] = {}
        #: a mark price set by a test (`set_mark`); otherwise the mark is the last spot price
        self.marks: dict[str, Decimal] = {}
        self._id = 0
        self._algo_id = 0
        #: hooks of `fapi_state.FuturesState`: a user's leverage per symbol, and who hears of order changes
        #: (order, execution type NEW/TRADE/CANCELED/EXPIRED, fill or None, time)
        self.leverage_of: Callable[[str, str], int] = lambda uid, symbol: LEVERAGE
        self.order_listeners: list[Callable[[FOrder, str, FillInfo | None, int], None]] = []

    def _emit(self, o: FOrder, kind: str, fill: FillInfo | None, now: int) -> None:
        for listener in self.order_listeners:
            listener(o, kind, fill, now)

    def mark(self, symbol: str) -> Decimal:
        return self.marks.get(symbol) or self.engine.books[symbol].last_price or D(0)

    def contract_price(self, symbol: str) -> Decimal:
        return self.engine.books[symbol].last_price or D(0)

    def set_mark(self, symbol: str, price: Decimal, now: int) -> None:
        """Move the mark price (a fault/scenario hook); MARK_PRICE algo orders see it at once."""
        self.marks[symbol] = price
        self._check_algos(symbol, now)

    def position(self, uid: str, symbol: str) -> Position:
        return self.positions.setdefault((uid, symbol), Position())

    def wallet(self, uid: str) -> Decimal:
        return self.ledger.balance(uid, WALLET, "USDT")

    def unrealized(self, uid: str) -> Decimal:
        return sum(((self.mark(s) - p.entry) * p.amt for (u, s), p in self.positions.items() if u == uid), D(0))

    def position_margin(self, uid: str) -> Decimal:
        return sum((abs(p.amt) * self.mark(s) / self.leverage_of(u, s) for (u, s), p in self.positions.items()
                    if u == uid), D(0))

    def order_margin(self, uid: str) -> Decimal:
        return sum((o.price * (o.qty - o.executed) / self.leverage_of(uid, o.symbol) for o in self.open_orders(uid)
                    if not o.reduce_only), D(0))

    def available(self, uid: str) -> Decimal:
        free = self.wallet(uid) + self.unrealized(uid) - self.position_margin(uid) - self.order_margin(uid)
        return max(D(0), free)

    def open_orders(self, uid: str, symbol: str | None = None) -> list[FOrder]:
        return [o for o in self.orders.values()
                if o.uid == uid and o.status in ("NEW", "PARTIALLY_FILLED") and symbol in (None, o.symbol)]

    def find(self, uid: str, symbol: str, order_id: int | None, client_id: str | None) -> FOrder:
        for o in self.orders.values():
            if o.uid == uid and o.symbol == symbol and (o.id == order_id if order_id is not None
                                                        else o.client_id == client_id):
                return o
        raise ApiError(-2013, "Order does not exist.")

    # --- placing -------------------------------------------------------------------------------

    def place(self, uid: str, symbol: str, side: str, type: str, qty: Decimal, price: Decimal | None, tif: str,
              reduce_only: bool, client_id: str, now: int, price_match: str = "NONE") -> FOrder:
        c = CONTRACTS[symbol]
        if client_id and any(o.client_id == client_id for o in self.open_orders(uid, symbol)):
            raise ApiError(-4116, "ClientOrderId is duplicated.")
        if qty % c.step or (price is not None and price % c.tick):
            raise ApiError(-1111, "Precision is over the maximum defined for this asset.")
        book = self.engine.books[symbol]
        touch = book.asks.best() if side == "BUY" else book.bids.best()
        if touch is None:
            raise ApiError(-2010, "No orders on book for symbol.")
        ref = price if price is not None else touch
        pos = self.position(uid, symbol).amt
        if reduce_only and not ((side == "BUY" and -pos >= qty) or (side == "SELL" and pos >= qty)):
            raise ApiError(-2022, "ReduceOnly Order is rejected.")
        if not reduce_only and ref * qty < c.min_notional:
            raise ApiError(-4164, f"Order's notional must be no smaller than {c.min_notional} (unless you choose "
                                  "reduce only).")
        if not reduce_only and ref * qty / self.leverage_of(uid, symbol) > self.available(uid):
            raise ApiError(-2019, "Margin is insufficient.")
        self._id += 1
        o = FOrder(self._id, client_id or f"sim_f{self._id}", uid, symbol, side, type, tif, qty, ref, reduce_only,
                   now, price_match, update_time=now)
        crosses = price is None or (price >= touch if side == "BUY" else price <= touch)
        self.orders[o.id] = o
        self._emit(o, "NEW", None, now)
        if crosses and tif != "GTX":
            self._fill(o, touch, TAKER, now)
        elif crosses or tif in ("IOC", "FOK"):
            o.status = "EXPIRED"
            self._emit(o, "EXPIRED", None, now)
        return o

    def cancel(self, uid: str, symbol: str, order_id: int | None, client_id: str | None, now: int) -> FOrder:
        try:
            o = self.find(uid, symbol, order_id, client_id)
        except ApiError:
            raise ApiError(-2011, "Unknown order sent.") from None
        if o.status not in ("NEW", "PARTIALLY_FILLED"):
            raise ApiError(-2011, "Unknown order sent.")
        o.status, o.update_time = "CANCELED", now
        self._emit(o, "CANCELED", None, now)
        return o

    def on_event(self, event: Event) -> None:
        """A spot trade fills the resting orders its price reaches, at their own price, then moves the
        contract price the algo orders watch."""
        if not isinstance(event, Trade):
            return
        for o in list(self.orders.values()):
            if o.symbol == event.symbol and o.status == "NEW" and (
                    event.price <= o.price if o.side == "BUY" else event.price >= o.price):
                self._fill(o, o.price, MAKER, event.time)
        self._check_algos(event.symbol, event.time)

    def match_price(self, symbol: str, side: str, match: str) -> Decimal:
        """priceMatch: OPPONENT(_5/10/20) is the 1st (5th, 10th, 20th) price on the other side of the book,
        QUEUE(_5/10/20) the same on the order's own side. The spot book's tick is finer than the contract's: a bid
        level rounds down to the contract tick, an ask level up (the price must pass the PRICE_FILTER)."""
        book = self.engine.books[symbol]
        kind, _, n = match.partition("_")
        bids = (kind == "QUEUE") == (side == "BUY")
        levels = (book.bids if bids else book.asks).depth(int(n or 1))
        if not levels:
            raise ApiError(-2010, "No orders on book for symbol.")
        tick = CONTRACTS[symbol].tick
        return levels[-1][0].quantize(tick, rounding=ROUND_DOWN if bids else ROUND_UP)

    # --- algo (conditional) orders -------------------------------------------------------------

    def _watched(self, a: AlgoOrder) -> Decimal:
        return self.mark(a.symbol) if a.working_type == "MARK_PRICE" else self.contract_price(a.symbol)

    def _fires(self, a: AlgoOrder, price: Decimal) -> bool:
        """STOP(_MARKET): BUY at price >= trigger, SELL at <=; TAKE_PROFIT(_MARKET) the other way round."""
        assert a.trigger is not None
        return price >= a.trigger if (a.type, a.side) in ALGO_ABOVE else price <= a.trigger

    def place_algo(self, uid: str, symbol: str, side: str, type: str, qty: Decimal, trigger: Decimal | None,
                   price: Decimal | None, tif: str, working_type: str, reduce_only: bool, close_position: bool,
                   client_id: str, now: int, price_match: str = "NONE", activate: Decimal | None = None,
                   callback: Decimal | None = None) -> AlgoOrder:
        """Accept a conditional order; margin is checked only when it triggers (as the algo service does)."""
        c = CONTRACTS[symbol]
        if client_id and any(a.client_id == client_id for a in self.open_algos(uid)):
            raise ApiError(-4116, "ClientOrderId is duplicated.")
        if qty % c.step or any(p is not None and p % c.tick for p in (trigger, price, activate)):
            raise ApiError(-1111, "Precision is over the maximum defined for this asset.")
        self._algo_id += 1
        a = AlgoOrder(self._algo_id, client_id or f"sim_a{self._algo_id}", uid, symbol, side, type, qty, trigger,
                      price, tif, working_type, reduce_only, close_position, now, price_match, activate, callback,
                      update_time=now)
        if trigger is not None and self._fires(a, self._watched(a)):
            self._algo_id -= 1
            raise ApiError(-2021, "Order would immediately trigger.")
        self.algos[a.id] = a
        self._check_algos(symbol, now)  # a trailing stop without activatePrice is active at once
        return a

    def open_algos(self, uid: str, symbol: str | None = None) -> list[AlgoOrder]:
        return [a for a in self.algos.values() if a.uid == uid and a.status == "NEW" and symbol in (None, a.symbol)]

    def find_algo(self, uid: str, algo_id: int | None, client_id: str | None) -> AlgoOrder:
        for a in self.algos.values():
            if a.uid == uid and (a.id == algo_id if algo_id is not None else a.client_id == client_id):
                return a
        raise ApiError(-2013, "Order does not exist.")

    def cancel_algo(self, uid: str, algo_id: int | None, client_id: str | None, now: int) -> AlgoOrder:
        try:
            a = self.find_algo(uid, algo_id, client_id)
        except ApiError:
            raise ApiError(-2011, "Unknown order sent.") from None
        if a.status != "NEW":
            raise ApiError(-2011, "Unknown order sent.")
        a.status, a.update_time = "CANCELED", now
        return a

    def _check_algos(self, symbol: str, now: int) -> None:
        for a in [a for a in self.algos.values() if a.symbol == symbol and a.status == "NEW"]:
            price = self._watched(a)
            if not price:
                continue
            if a.type == "TRAILING_STOP_MARKET":
                if not self._trail(a, price):
                    continue
            elif not self._fires(a, price):
                continue
            self._trigger(a, now)

    def _trail(self, a: AlgoOrder, price: Decimal) -> bool:
        """A trailing stop: active once the price reaches activatePrice (at once without one), then it
        fires when the price turns back `callback` percent from the best price seen since."""
        assert a.callback is not None
        if a.extreme is None:
            if a.activate is not None and (price < a.activate if a.side == "SELL" else price > a.activate):
                return False
            a.extreme = price
            return False
        if a.side == "SELL":
            a.extreme = max(a.extreme, price)
            return price <= a.extreme * (1 - a.callback / 100)
        a.extreme = min(a.extreme, price)
        return price >= a.extreme * (1 + a.callback / 100)

    def _trigger(self, a: AlgoOrder, now: int) -> None:
        """Place the order the algo stands for; a rejection (margin, reduce-only) leaves it REJECTED."""
        a.trigger_time = a.update_time = now
        qty, reduce = a.qty, a.reduce_only
        if a.close_position:
            pos = self.position(a.uid, a.symbol).amt
            qty, reduce = abs(pos), True
            if not qty or (pos > 0) == (a.side == "BUY"):
                a.status = "EXPIRED"
                return
        kind = "LIMIT" if a.type in ("STOP", "TAKE_PROFIT") else "MARKET"
        try:
            price = a.price
            if kind == "LIMIT" and price is None:
                price = self.match_price(a.symbol, a.side, a.price_match)
            a.actual = self.place(a.uid, a.symbol, a.side, kind, qty, price if kind == "LIMIT" else None,
                                  a.tif if kind == "LIMIT" else "GTC", reduce, f"algo{a.id}", now, a.price_match)
        except ApiError:
            a.status = "REJECTED"
            return
        a.status = "TRIGGERED"

    # --- fills ---------------------------------------------------------------------------------

    def _fill(self, o: FOrder, price: Decimal, rate: Decimal, now: int) -> None:
        qty = o.qty - o.executed
        if o.reduce_only:
            p = self.position(o.uid, o.symbol).amt
            qty = min(qty, abs(p)) if (p < 0) == (o.side == "BUY") and p else D(0)
        pnl = fee = D(0)
        if qty > 0:
            pnl = self._settle(o.uid, o.symbol, qty if o.side == "BUY" else -qty, price, now)
            fee = (price * qty * rate).quantize(Q8, ROUND_DOWN)
            self._pay(o.uid, FEE_UID, fee, now, "futures fee")
        o.executed += qty
        o.cum_quote += price * qty
        o.status = "FILLED" if o.executed == o.qty else "EXPIRED"
        o.update_time = now
        self._emit(o, "TRADE" if qty > 0 else "EXPIRED", FillInfo(qty, price, fee, pnl, rate == MAKER)
                   if qty > 0 else None, now)

    def _settle(self, uid: str, symbol: str, signed: Decimal, price: Decimal, now: int) -> Decimal:
        """Apply a fill of `signed` contracts to the position; realize (and return) the profit of what it
        closes."""
        p = self.position(uid, symbol)
        p.update_time = now
        if p.amt == 0 or (p.amt > 0) == (signed > 0):
            total = p.amt + signed
            p.entry = ((p.entry * abs(p.amt) + price * abs(signed)) / abs(total)).quantize(Q8)
            p.amt = total
            return D(0)
        closed = min(abs(signed), abs(p.amt))
        pnl = (price - p.entry) * closed * (1 if p.amt > 0 else -1)
        if pnl > 0:
            self.ledger.move((HOUSE, WALLET), (uid, WALLET), "USDT", pnl, available=None, reason="futures pnl",
                             time=now)
        elif pnl < 0:
            self._pay(uid, HOUSE, -pnl, now, "futures pnl")
        p.amt += signed
        if p.amt == 0:
            p.entry = D(0)
        elif (p.amt > 0) == (signed > 0):  # flipped: the rest opens at the fill price
            p.entry = price
        return pnl

    def _pay(self, uid: str, to: str, amount: Decimal, now: int, reason: str) -> None:
        """Take up to `amount` from the user's wallet (without liquidation the wallet may not cover it)."""
        amount = min(amount, self.wallet(uid))
        if amount > 0:
            self.ledger.move((uid, WALLET), (to, WALLET), "USDT", amount, available=None, reason=reason, time=now)
