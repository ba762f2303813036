"""Simulated USD-M perpetual futures: positions on a book of their own per contract.

Each contract has a book on the shared matching engine (`sim/engine.py`, price-time priority), quoted by
the house from the spot tape on the contract's grid (`sim/house.py`, basis 0): user orders rest in it with
their queue place, a MARKET order walks it (one fill per level), LIMIT GTC/IOC/FOK match as the engine
does, GTX (post-only) is refused with -5022 when it would take. Each fill of a user's order settles here
(`FuturesSettlement`): the fee by liquidity (maker 0.02 %, taker 0.04 %), the position and its realized
profit against the house. The wallet is the user's `USDTMPerp` ledger account; fees go to the fee user.
The mark price is the spot book's last price (the tape's). A position is keyed by (uid, symbol, positionSide):
BOTH in one-way mode, LONG and SHORT apart in hedge mode (a SELL LONG or BUY SHORT closes its side only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from tradewire.sim.binance.wallet import HOUSE, Q8
from tradewire.sim.binance.wire import ApiError
from tradewire.sim.engine import Book, Engine, Event, Fill, Order, OrderEvent, Pair, Reject, Trade, Unsettled
from tradewire.sim.house import House
from tradewire.sim.ledger import FEE_UID, Ledger
from tradewire.sim.market import Market

D = Decimal
ZERO = Decimal(0)
WALLET = "USDTMPerp"
LEVERAGE = 20
TAKER, MAKER = D("0.0004"), D("0.0002")
FUTURES_HOUSE = "futures-house"  # the uid of the house on the futures books
HOUSE_LEVELS = 300  # spot-tick levels the house reads per side: about 30 levels of a 0.10 tick
GTX_REJECT = (-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected. "
                     "The order will not be recorded in the order history")


@dataclass(frozen=True)
class Contract:
    symbol: str
    base: str
    tick: Decimal
    step: Decimal
    min_notional: Decimal
    price_precision: int
    quantity_precision: int
    liquidation_fee: Decimal  # the clearance fee rate a liquidation pays the insurance fund (exchangeInfo)
    market_take_bound: Decimal


# liquidationFee "0.012500" and marketTakeBound "0.05" are what Binance's exchangeInfo publishes for both
# (captured GET /fapi/v1/exchangeInfo responses of BTCUSDT and ETHUSDT).
CONTRACTS = {c.symbol: c for c in (
    Contract("BTCUSDT", "BTC", D("0.10"), D("0.001"), D(5), 2, 3, D("0.012500"), D("0.05")),
    Contract("ETHUSDT", "ETH", D("0.01"), D("0.001"), D(5), 2, 3, D("0.012500"), D("0.05")))}


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
    position_side: str = "BOTH"
    status: str = "NEW"
    executed: Decimal = ZERO
    cum_quote: Decimal = ZERO
    update_time: int = 0

    @property
    def avg_price(self) -> Decimal:
        return (self.cum_quote / self.executed).quantize(Q8) if self.executed else D(0)

    @property
    def closing(self) -> bool:
        """Whether the order only reduces a position: reduce-only, or a SELL LONG / BUY SHORT in hedge mode."""
        return self.reduce_only or closes(self.position_side, self.side)


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
    position_side: str = "BOTH"
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


def closes(position_side: str, side: str) -> bool:
    """Whether a hedge-mode order of `side` on `position_side` closes it (SELL LONG, BUY SHORT)."""
    return (position_side, side) in (("LONG", "SELL"), ("SHORT", "BUY"))


def contract_grid(symbol: str) -> tuple[Decimal, Decimal]:
    """(tick, step) of a contract: the grid the house quotes its book on (a function: the state is pickled)."""
    c = CONTRACTS[symbol]
    return c.tick, c.step


class FuturesSettlement:
    """Settles the fills of the futures books through `Futures` (the house's side is notional: margin is
    checked when an order is accepted, so reserving and releasing do nothing)."""

    def __init__(self, futures: Futures) -> None:
        self.futures = futures

    def reserve(self, book: Book, order: Order) -> None:
        """Nothing: `Futures.place` checked the margin."""

    def release(self, book: Book, order: Order, now: int) -> None:
        """Nothing: the order margin ends with the order's status."""

    def trade(self, pair: Pair, taker: Order, maker: Order, price: Decimal, qty: Decimal, trade_id: int,
              now: int) -> tuple[Fill, Fill]:
        f = self.futures
        sides = [(o, is_maker) for o, is_maker in ((maker, True), (taker, False)) if o.uid != f.engine.house]
        for o, _ in sides:
            if not f.settles(f.of(o), qty):
                raise Unsettled(o)
        fees = {o.id: f.fill(f.of(o), price, qty, is_maker, now) for o, is_maker in sides}
        return (Fill(price, qty, fees.get(maker.id, D(0)), "USDT", trade_id, True),
                Fill(price, qty, fees.get(taker.id, D(0)), "USDT", trade_id, False))


class Futures:
    """Orders and positions of every user on the futures books (`engine`), quoted by `house` from the tape."""

    def __init__(self, ledger: Ledger, spot: Engine, market: Market) -> None:
        self.ledger, self.spot = ledger, spot
        pairs = [Pair(c.symbol, c.base, "USDT", c.step) for c in CONTRACTS.values()]
        self.engine = Engine(ledger, pairs, spot.now, spot.lock, settlement=FuturesSettlement(self),
                             house=FUTURES_HOUSE)
        self.house = House(self.engine, market, HOUSE_LEVELS, grid=contract_grid)
        self.engine.listeners.append(self._on_book)
        self._fills: dict[int, FillInfo] = {}  # order id -> its fill being reported
        self.liquidations: list[FOrder] = []  # LIQUIDATION orders, oldest first (/fapi/v1/forceOrders)
        self.orders: dict[int, FOrder] = {}
        self.positions: dict[tuple[str, str, str], Position] = {}  # (uid, symbol, BOTH/LONG/SHORT)
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

    def catch_up(self, now: int) -> None:
        """The house plays the tape up to `now` on every futures book."""
        for symbol in CONTRACTS:
            self.house.catch_up(symbol, now)
            self._check_algos(symbol, now)  # the contract price may have moved (the house's prints are silent)

    def mark(self, symbol: str) -> Decimal:
        return self.marks.get(symbol) or self.spot.books[symbol].last_price or D(0)

    def contract_price(self, symbol: str) -> Decimal:
        return self.engine.books[symbol].last_price or self.mark(symbol)

    def of(self, order: Order) -> FOrder:
        """The futures order an engine order stands for (its client id is ``f<id>``)."""
        return self.orders[int(order.client_id[1:])]

    def set_mark(self, symbol: str, price: Decimal, now: int) -> None:
        """Move the mark price (a fault/scenario hook); MARK_PRICE algo orders see it at once."""
        self.marks[symbol] = price
        self._check_algos(symbol, now)

    def position(self, uid: str, symbol: str, side: str = "BOTH") -> Position:
        return self.positions.setdefault((uid, symbol, side), Position())

    def held(self, uid: str, symbol: str) -> list[tuple[str, Position]]:
        """The user's open positions in `symbol` as (positionSide, position)."""
        return [(ps, p) for (u, s, ps), p in self.positions.items() if u == uid and s == symbol and p.amt]

    def wallet(self, uid: str) -> Decimal:
        return self.ledger.balance(uid, WALLET, "USDT")

    def unrealized(self, uid: str) -> Decimal:
        return sum(((self.mark(s) - p.entry) * p.amt for (u, s, _), p in self.positions.items() if u == uid), D(0))

    def position_margin(self, uid: str) -> Decimal:
        return sum((abs(p.amt) * self.mark(s) / self.leverage_of(u, s) for (u, s, _), p in self.positions.items()
                    if u == uid), D(0))

    def order_margin(self, uid: str) -> Decimal:
        return sum((o.price * (o.qty - o.executed) / self.leverage_of(uid, o.symbol) for o in self.open_orders(uid)
                    if not o.closing), D(0))

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
              reduce_only: bool, client_id: str, now: int, price_match: str = "NONE",
              position_side: str = "BOTH") -> FOrder:
        c = CONTRACTS[symbol]
        if client_id and any(o.client_id == client_id for o in self.open_orders(uid, symbol)):
            raise ApiError(-4116, "ClientOrderId is duplicated.")
        if qty % c.step or (price is not None and price % c.tick):
            raise ApiError(-1111, "Precision is over the maximum defined for this asset.")
        book = self.engine.books[symbol]
        touch = book.asks.best() if side == "BUY" else book.bids.best()
        if touch is None and price is None:
            raise ApiError(-2010, "No orders on book for symbol.")
        ref = price if price is not None else touch
        assert ref is not None
        pos = self.position(uid, symbol, position_side).amt
        closing = reduce_only or closes(position_side, side)
        if closing and not ((side == "BUY" and -pos >= qty) or (side == "SELL" and pos >= qty)):
            raise ApiError(-2022, "ReduceOnly Order is rejected.")
        if not closing and ref * qty < c.min_notional:
            raise ApiError(-4164, f"Order's notional must be no smaller than {c.min_notional} (unless you choose "
                                  "reduce only).")
        if not closing and ref * qty / self.leverage_of(uid, symbol) > self.available(uid):
            raise ApiError(-2019, "Margin is insufficient.")
        self._id += 1
        o = FOrder(self._id, client_id or f"sim_f{self._id}", uid, symbol, side, type, tif, qty, ref, reduce_only,
                   now, price_match, position_side, update_time=now)
        self.orders[o.id] = o
        try:  # GTX is the engine's LIMIT_MAKER: refused when it would take (-5022, not recorded)
            self.engine.place(uid, symbol, side, "LIMIT_MAKER" if tif == "GTX" else type, qty,
                              price=price, tif="GTC" if tif == "GTX" else tif, client_id=f"f{o.id}")
        except Reject as e:
            del self.orders[o.id]
            self._id -= 1
            raise (ApiError(*GTX_REJECT) if e.reason == "would take" else
                   ApiError(-2010, "No orders on book for symbol.")) from None
        return o

    def cancel(self, uid: str, symbol: str, order_id: int | None, client_id: str | None, now: int) -> FOrder:
        try:
            o = self.find(uid, symbol, order_id, client_id)
        except ApiError:
            raise ApiError(-2011, "Unknown order sent.") from None
        if o.status not in ("NEW", "PARTIALLY_FILLED"):
            raise ApiError(-2011, "Unknown order sent.")
        self.engine.cancel(uid, symbol, client_id=f"f{o.id}")
        return o

    def amend(self, o: FOrder, qty: Decimal, price: Decimal, now: int) -> None:
        """Modify a resting order (PUT /fapi/v1/order): the AMENDMENT is reported, then its engine order moves
        (a smaller quantity at the same price keeps its queue place, any other change re-queues it at `price`
        and takes what it crosses; a GTX that would take is canceled: binance-usdm-endpoints.json, modify_order)."""
        o.qty, o.price, o.update_time = qty, price, now
        self._emit(o, "AMENDMENT", None, now)
        order = self.engine.find(o.uid, o.symbol, None, f"f{o.id}")
        assert order is not None
        self.engine.amend(order, qty, price)

    def _on_book(self, event: Event) -> None:
        """A user's order changed on a futures book: mirror its status and report it; a trade moves the
        contract price the algo orders watch."""
        if isinstance(event, Trade):
            self._check_algos(event.symbol, event.time)
            return
        if not isinstance(event, OrderEvent):
            return
        o = self.of(event.order)
        status = event.order.status
        o.status = "EXPIRED" if status == "EXPIRED_IN_MATCH" else status
        o.update_time = event.time
        fill = self._fills.pop(o.id, None) if event.kind == "TRADE" else None
        self._emit(o, event.kind, fill, event.time)

    def report(self, o: FOrder, kind: str, now: int) -> None:
        """Tell the listeners of a change of `o` (with its fill, when one is being reported)."""
        self._emit(o, kind, self._fills.pop(o.id, None), now)

    def on_event(self, event: Event) -> None:
        """A spot trade moves the mark price: the MARK_PRICE algo orders see it."""
        if isinstance(event, Trade):
            self._check_algos(event.symbol, event.time)

    def match_price(self, symbol: str, side: str, match: str) -> Decimal:
        """priceMatch: OPPONENT(_5/10/20) is the 1st (5th, 10th, 20th) price on the other side of the book,
        QUEUE(_5/10/20) the same on the order's own side, of the contract's own book."""
        book = self.engine.books[symbol]
        kind, _, n = match.partition("_")
        bids = (kind == "QUEUE") == (side == "BUY")
        levels = (book.bids if bids else book.asks).depth(int(n or 1))
        if not levels:
            raise ApiError(-2010, "No orders on book for symbol.")
        return levels[-1][0]

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
                   callback: Decimal | None = None, position_side: str = "BOTH") -> AlgoOrder:
        """Accept a conditional order; margin is checked only when it triggers (as the algo service does)."""
        c = CONTRACTS[symbol]
        if client_id and any(a.client_id == client_id for a in self.open_algos(uid)):
            raise ApiError(-4116, "ClientOrderId is duplicated.")
        if qty % c.step or any(p is not None and p % c.tick for p in (trigger, price, activate)):
            raise ApiError(-1111, "Precision is over the maximum defined for this asset.")
        self._algo_id += 1
        a = AlgoOrder(self._algo_id, client_id or f"sim_a{self._algo_id}", uid, symbol, side, type, qty, trigger,
                      price, tif, working_type, reduce_only, close_position, now, price_match, activate, callback,
                      position_side, update_time=now)
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
            pos = self.position(a.uid, a.symbol, a.position_side).amt
            qty, reduce = abs(pos), a.position_side == "BOTH"  # hedge mode: the SELL LONG / BUY SHORT closes
            if not qty or (pos > 0) == (a.side == "BUY"):
                a.status = "EXPIRED"
                return
        kind = "LIMIT" if a.type in ("STOP", "TAKE_PROFIT") else "MARKET"
        try:
            price = a.price
            if kind == "LIMIT" and price is None:
                price = self.match_price(a.symbol, a.side, a.price_match)
            a.actual = self.place(a.uid, a.symbol, a.side, kind, qty, price if kind == "LIMIT" else None,
                                  a.tif if kind == "LIMIT" else "GTC", reduce, f"algo{a.id}", now, a.price_match,
                                  a.position_side)
        except ApiError:
            a.status = "REJECTED"
            return
        a.status = "TRIGGERED"

    # --- fills ---------------------------------------------------------------------------------

    def settles(self, o: FOrder, qty: Decimal) -> bool:
        """Whether a fill of `qty` can settle: a closing order needs an opposite position that large."""
        if not o.closing:
            return True
        p = self.position(o.uid, o.symbol, o.position_side).amt
        return bool(p) and (p < 0) == (o.side == "BUY") and qty <= abs(p)

    def fill(self, o: FOrder, price: Decimal, qty: Decimal, maker: bool, now: int) -> Decimal:
        """Settle one fill of `o`: the position, realized profit, the fee by liquidity; returns the fee. A
        LIQUIDATION order pays no trading fee: `fapi_settle.close` charges the clearance fee instead."""
        pnl = self._settle(o.uid, o.symbol, qty if o.side == "BUY" else -qty, price, now, o.position_side)
        rate = ZERO if o.type == "LIQUIDATION" else MAKER if maker else TAKER
        fee = (price * qty * rate).quantize(Q8, ROUND_DOWN)
        self._pay(o.uid, FEE_UID, fee, now, "futures fee")
        o.executed += qty
        o.cum_quote += price * qty
        o.update_time = now
        self._fills[o.id] = FillInfo(qty, price, fee, pnl, maker)
        return fee

    def _settle(self, uid: str, symbol: str, signed: Decimal, price: Decimal, now: int, side: str = "BOTH") -> Decimal:
        """Apply a fill of `signed` contracts to the position on `side`; realize (and return) the profit of what
        it closes."""
        p = self.position(uid, symbol, side)
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
