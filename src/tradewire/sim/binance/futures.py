"""Simulated USD-M perpetual futures: one-way positions against the spot book's prices.

The house takes the other side of every fill: a marketable order fills in full at the spot book's
best opposite price (taker), a resting LIMIT order fills at its own price once a spot trade reaches
it (maker). The wallet is the user's `USDTMPerp` ledger account; fees go to the fee user and
realized profit and loss moves between the user and the house. Cross margin, fixed 20x leverage;
no funding and no liquidation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

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
    status: str = "NEW"
    executed: Decimal = ZERO
    cum_quote: Decimal = ZERO
    update_time: int = 0

    @property
    def avg_price(self) -> Decimal:
        return (self.cum_quote / self.executed).quantize(Q8) if self.executed else D(0)


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
        self._id = 0

    def mark(self, symbol: str) -> Decimal:
        return self.engine.books[symbol].last_price or D(0)

    def position(self, uid: str, symbol: str) -> Position:
        return self.positions.setdefault((uid, symbol), Position())

    def wallet(self, uid: str) -> Decimal:
        return self.ledger.balance(uid, WALLET, "USDT")

    def unrealized(self, uid: str) -> Decimal:
        return sum(((self.mark(s) - p.entry) * p.amt for (u, s), p in self.positions.items() if u == uid), D(0))

    def position_margin(self, uid: str) -> Decimal:
        return sum((abs(p.amt) * self.mark(s) / LEVERAGE for (u, s), p in self.positions.items() if u == uid), D(0))

    def order_margin(self, uid: str) -> Decimal:
        return sum((o.price * (o.qty - o.executed) / LEVERAGE for o in self.open_orders(uid) if not o.reduce_only),
                   D(0))

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
              reduce_only: bool, client_id: str, now: int) -> FOrder:
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
        if not reduce_only and ref * qty / LEVERAGE > self.available(uid):
            raise ApiError(-2019, "Margin is insufficient.")
        self._id += 1
        o = FOrder(self._id, client_id or f"sim_f{self._id}", uid, symbol, side, type, tif, qty, ref, reduce_only,
                   now, update_time=now)
        crosses = price is None or (price >= touch if side == "BUY" else price <= touch)
        if crosses and tif == "GTX":
            o.status = "EXPIRED"
        elif crosses:
            self._fill(o, touch, TAKER, now)
        elif tif in ("IOC", "FOK"):
            o.status = "EXPIRED"
        self.orders[o.id] = o
        return o

    def cancel(self, uid: str, symbol: str, order_id: int | None, client_id: str | None, now: int) -> FOrder:
        try:
            o = self.find(uid, symbol, order_id, client_id)
        except ApiError:
            raise ApiError(-2011, "Unknown order sent.") from None
        if o.status not in ("NEW", "PARTIALLY_FILLED"):
            raise ApiError(-2011, "Unknown order sent.")
        o.status, o.update_time = "CANCELED", now
        return o

    def on_event(self, event: Event) -> None:
        """A spot trade fills the resting orders its price reaches, at their own price."""
        if not isinstance(event, Trade):
            return
        for o in list(self.orders.values()):
            if o.symbol == event.symbol and o.status == "NEW" and (
                    event.price <= o.price if o.side == "BUY" else event.price >= o.price):
                self._fill(o, o.price, MAKER, event.time)

    # --- fills ---------------------------------------------------------------------------------

    def _fill(self, o: FOrder, price: Decimal, rate: Decimal, now: int) -> None:
        qty = o.qty - o.executed
        if o.reduce_only:
            p = self.position(o.uid, o.symbol).amt
            qty = min(qty, abs(p)) if (p < 0) == (o.side == "BUY") and p else D(0)
        if qty > 0:
            self._settle(o.uid, o.symbol, qty if o.side == "BUY" else -qty, price, now)
            self._pay(o.uid, FEE_UID, (price * qty * rate).quantize(Q8, ROUND_DOWN), now, "futures fee")
        o.executed += qty
        o.cum_quote += price * qty
        o.status = "FILLED" if o.executed == o.qty else "EXPIRED"
        o.update_time = now

    def _settle(self, uid: str, symbol: str, signed: Decimal, price: Decimal, now: int) -> None:
        """Apply a fill of `signed` contracts to the position; realize the profit of what it closes."""
        p = self.position(uid, symbol)
        p.update_time = now
        if p.amt == 0 or (p.amt > 0) == (signed > 0):
            total = p.amt + signed
            p.entry = ((p.entry * abs(p.amt) + price * abs(signed)) / abs(total)).quantize(Q8)
            p.amt = total
            return
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

    def _pay(self, uid: str, to: str, amount: Decimal, now: int, reason: str) -> None:
        """Take up to `amount` from the user's wallet (without liquidation the wallet may not cover it)."""
        amount = min(amount, self.wallet(uid))
        if amount > 0:
            self.ledger.move((uid, WALLET), (to, WALLET), "USDT", amount, available=None, reason=reason, time=now)
