"""USD-M futures account settings beside the order book: leverage and margin type per symbol, position
mode, Multi-Assets mode, isolated margin added or removed, and the records the fills leave (userTrades,
income), the countdown cancel timers and the futures listen keys.

Fills and settlement stay in `futures.Futures`; this state hears of them through its `order_listeners`
and lends it `leverage_of`. Maintenance margin follows the leverage brackets below (Binance's published
first brackets for BTCUSDT and ETHUSDT).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradewire.sim.binance.futures import CONTRACTS, LEVERAGE, MAKER, TAKER, FillInfo, FOrder, Futures
from tradewire.sim.binance.wire import ApiError

D = Decimal
LISTEN_KEY_TTL_MS = 60 * 60 * 1000


@dataclass(frozen=True)
class Bracket:
    bracket: int
    initial_leverage: int
    cap: Decimal
    floor: Decimal
    mmr: Decimal
    cum: Decimal


def _brackets(*rows: tuple[int, int, int, str, str]) -> tuple[Bracket, ...]:
    return tuple(Bracket(i + 1, lev, D(cap), D(floor), D(mmr), D(cum))
                 for i, (lev, cap, floor, mmr, cum) in enumerate(rows))


BRACKETS: dict[str, tuple[Bracket, ...]] = {
    "BTCUSDT": _brackets((125, 50_000, 0, "0.004", "0"), (100, 600_000, 50_000, "0.005", "50"),
                         (75, 3_000_000, 600_000, "0.0065", "950"), (50, 12_000_000, 3_000_000, "0.01", "11450"),
                         (25, 70_000_000, 12_000_000, "0.02", "131450")),
    "ETHUSDT": _brackets((125, 50_000, 0, "0.004", "0"), (100, 600_000, 50_000, "0.005", "50"),
                         (75, 3_000_000, 600_000, "0.0065", "950"), (50, 12_000_000, 3_000_000, "0.01", "11450"),
                         (25, 50_000_000, 12_000_000, "0.02", "131450")),
}


def max_notional(symbol: str, leverage: int) -> Decimal:
    """The largest position notional `leverage` allows: the cap of the last bracket that still offers it."""
    return max(b.cap for b in BRACKETS[symbol] if b.initial_leverage >= leverage)


def maint_margin(symbol: str, notional: Decimal) -> Decimal:
    """notional x maintenance rate - cum of the bracket the notional falls in."""
    b = next((b for b in BRACKETS[symbol] if notional <= b.cap), BRACKETS[symbol][-1])
    return notional * b.mmr - b.cum if notional else D(0)


@dataclass(frozen=True)
class UserTrade:
    id: int
    order: FOrder
    fill: FillInfo
    time: int


@dataclass(frozen=True)
class Income:
    tran_id: int
    uid: str
    symbol: str
    type: str  # REALIZED_PNL, COMMISSION, TRANSFER, FUNDING_FEE
    amount: Decimal
    time: int
    trade_id: str = ""


@dataclass
class FListener:
    """A futures listen key: its owner, expiry and the connections that read it."""

    uid: str
    expires: int
    queues: list[Callable[[dict[str, Any]], None]] = field(default_factory=list)


class FuturesState:
    """The settings and records of every futures user."""

    def __init__(self, futures: Futures) -> None:
        self.futures = futures
        self.leverage: dict[tuple[str, str], int] = {}
        self.margin_type: dict[tuple[str, str], str] = {}
        self.dual: dict[str, bool] = {}
        self.multi_assets: dict[str, bool] = {}
        #: isolated margin added (+) or removed (-) by hand or by funding, per (uid, symbol, positionSide)
        self.margin_delta: dict[tuple[str, str, str], Decimal] = {}
        self.margin_history: list[dict[str, Any]] = []
        self.trades: list[UserTrade] = []
        self.income: list[Income] = []
        self.countdowns: dict[tuple[str, str], tuple[int, int]] = {}  # (uid, symbol) -> (countdown ms, deadline)
        self.listen_keys: dict[str, FListener] = {}
        #: who hears the user-stream events of a user: (uid, event)
        self.event_listeners: list[Callable[[str, dict[str, Any]], None]] = []
        self._ids = 0
        self.funded_until = futures.engine.now()  # funding times up to here are settled
        futures.leverage_of = self.leverage_of
        futures.order_listeners.append(self._on_order)

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    # --- settings --------------------------------------------------------------------------------

    def leverage_of(self, uid: str, symbol: str) -> int:
        return self.leverage.get((uid, symbol), LEVERAGE)

    def isolated(self, uid: str, symbol: str) -> bool:
        return self.margin_type.get((uid, symbol), "CROSSED") == "ISOLATED"

    def has_position(self, uid: str, symbol: str | None = None) -> bool:
        return any(p.amt for (u, s, _), p in self.futures.positions.items() if u == uid and symbol in (None, s))

    def sides(self, uid: str) -> tuple[str, ...]:
        """The positionSides of the user's mode: LONG and SHORT in hedge mode, BOTH in one-way mode."""
        return ("LONG", "SHORT") if self.dual.get(uid, False) else ("BOTH",)

    def set_leverage(self, uid: str, symbol: str, leverage: int) -> Decimal:
        top = BRACKETS[symbol][0].initial_leverage
        if not 1 <= leverage <= top:
            raise ApiError(-4028, f"Leverage {leverage} is not valid")
        cap = max_notional(symbol, leverage)
        size = sum((abs(p.amt) for _, p in self.futures.held(uid, symbol)), D(0))
        if size * self.futures.mark(symbol) > cap:
            raise ApiError(-2027, "Exceeded the maximum allowable position at current leverage.")
        self.leverage[(uid, symbol)] = leverage
        self._config(uid, {"ac": {"s": symbol, "l": leverage}})
        return cap

    def set_margin_type(self, uid: str, symbol: str, kind: str) -> None:
        if kind not in ("ISOLATED", "CROSSED"):
            raise ApiError(-1130, "Data sent for parameter 'marginType' is not valid.")
        if self.margin_type.get((uid, symbol), "CROSSED") == kind:
            raise ApiError(-4046, "No need to change margin type.")
        if self.futures.open_orders(uid, symbol):
            raise ApiError(-4047, "Margin type cannot be changed if there exists open orders.")
        if self.has_position(uid, symbol):
            raise ApiError(-4048, "Margin type cannot be changed if there exists position.")
        if kind == "ISOLATED" and self.multi_assets.get(uid, False):
            raise ApiError(-4168, "Unable to adjust to isolated-margin mode under the Multi-Assets mode.")
        self.margin_type[(uid, symbol)] = kind
        for key in [k for k in self.margin_delta if k[:2] == (uid, symbol)]:
            del self.margin_delta[key]

    def set_dual(self, uid: str, dual: bool) -> None:
        if self.dual.get(uid, False) == dual:
            raise ApiError(-4059, "No need to change position side.")
        if self.futures.open_orders(uid):
            raise ApiError(-4067, "Position side cannot be changed if there exists open orders.")
        if self.has_position(uid):
            raise ApiError(-4068, "Position side cannot be changed if there exists position.")
        self.dual[uid] = dual

    def set_multi_assets(self, uid: str, on: bool) -> None:
        if self.multi_assets.get(uid, False) == on:
            raise ApiError(-4171, "Adjusted asset mode is currently set and does not need to be adjusted repeatedly")
        if on and any(u == uid and t == "ISOLATED" for (u, _), t in self.margin_type.items()):
            raise ApiError(-4167, "Unable to adjust to Multi-Assets mode with symbols of USDⓈ-M Futures under "
                                  "isolated-margin mode.")
        self.multi_assets[uid] = on
        self._config(uid, {"ai": {"j": on}})

    # --- isolated margin -------------------------------------------------------------------------

    def isolated_wallet(self, uid: str, symbol: str, side: str = "BOTH") -> Decimal:
        """The margin held by the isolated position on `side`: its initial margin at entry plus what was added."""
        if not self.isolated(uid, symbol):
            return D(0)
        p = self.futures.position(uid, symbol, side)
        if not p.amt:
            return D(0)
        return abs(p.amt) * p.entry / self.leverage_of(uid, symbol) + self.margin_delta.get((uid, symbol, side), D(0))

    def add_margin(self, uid: str, symbol: str, side: str, amount: Decimal) -> None:
        """Move `amount` (negative: out) into the isolated margin of the position on `side`."""
        key = (uid, symbol, side)
        self.margin_delta[key] = self.margin_delta.get(key, D(0)) + amount

    def modify_margin(self, uid: str, symbol: str, side: str, amount: Decimal, kind: int, now: int) -> None:
        """type 1 adds `amount` to the margin of the isolated position on `side` (BOTH in one-way mode, LONG or
        SHORT in hedge mode), 2 takes it back to the wallet; the other side's margin does not move."""
        if kind not in (1, 2):
            raise ApiError(-1130, "Data sent for parameter 'type' is not valid.")
        if amount <= 0:
            raise ApiError(-4055, "Amount must be positive.")
        if not self.isolated(uid, symbol):
            raise ApiError(-4049, "Add margin only support for isolated position.")
        p = self.futures.position(uid, symbol, side)
        if not p.amt:
            raise ApiError(-4054, "Cannot add position margin: position is 0.")
        if kind == 1 and amount > self.futures.available(uid):
            raise ApiError(-4050, "Cross balance insufficient.")
        floor = abs(p.amt) * self.futures.mark(symbol) / self.leverage_of(uid, symbol)
        if kind == 2 and self.isolated_wallet(uid, symbol, side) - amount < floor:
            raise ApiError(-4051, "Isolated balance insufficient.")
        self.add_margin(uid, symbol, side, amount if kind == 1 else -amount)
        self.margin_history.append({"uid": uid, "symbol": symbol, "type": kind, "deltaType": "USER_ADJUST",
                                    "amount": amount, "asset": "USDT", "time": now, "positionSide": side})

    # --- records from fills ----------------------------------------------------------------------

    def _on_order(self, o: FOrder, kind: str, fill: FillInfo | None, now: int) -> None:
        trade_id = 0
        if fill is not None:
            trade_id = self.next_id()
            trade = UserTrade(trade_id, o, fill, now)
            self.trades.append(trade)
            if fill.pnl:
                self.income.append(Income(self.next_id(), o.uid, o.symbol, "REALIZED_PNL", fill.pnl, now,
                                          str(trade.id)))
            if fill.fee:
                self.income.append(Income(self.next_id(), o.uid, o.symbol, "COMMISSION", -fill.fee, now,
                                          str(trade.id)))
            if not self.futures.position(o.uid, o.symbol, o.position_side).amt:
                self.margin_delta.pop((o.uid, o.symbol, o.position_side), None)
        self.emit(o.uid, {"e": "ORDER_TRADE_UPDATE", "E": now, "T": now, "o": order_update(o, kind, fill, trade_id)})
        if fill is not None:
            self.emit(o.uid, self.account_update(o.uid, "ORDER", now, [o.symbol]))

    def emit(self, uid: str, event: dict[str, Any]) -> None:
        """Send a user-stream event to `uid`'s listeners."""
        for listener in self.event_listeners:
            listener(uid, event)

    def _config(self, uid: str, body: dict[str, Any]) -> None:
        now = self.futures.engine.now()
        self.emit(uid, {"e": "ACCOUNT_CONFIG_UPDATE", "E": now, "T": now, **body})

    def account_update(self, uid: str, reason: str, now: int, symbols: list[str]) -> dict[str, Any]:
        """ACCOUNT_UPDATE: the USDT wallet and the positions of `symbols`."""
        f = self.futures
        wallet = f.wallet(uid)
        positions = []
        for s in symbols:
            for ps in self.sides(uid):
                p = f.position(uid, s, ps)
                positions.append({"s": s, "pa": f"{p.amt:f}", "ep": f"{p.entry:f}", "bep": f"{p.entry:f}",
                                  "cr": f"{self.realized(uid, s):f}", "up": f"{(f.mark(s) - p.entry) * p.amt:f}",
                                  "mt": "isolated" if self.isolated(uid, s) else "cross",
                                  "iw": f"{self.isolated_wallet(uid, s, ps):f}", "ps": ps})
        return {"e": "ACCOUNT_UPDATE", "E": now, "T": now, "a": {"m": reason, "B": [
            {"a": "USDT", "wb": f"{wallet:f}", "cw": f"{wallet - self.isolated_total(uid):f}", "bc": "0"}],
            "P": positions}}

    def realized(self, uid: str, symbol: str) -> Decimal:
        return sum((i.amount for i in self.income if i.uid == uid and i.symbol == symbol
                    and i.type == "REALIZED_PNL"), D(0))

    def isolated_total(self, uid: str) -> Decimal:
        return sum((self.isolated_wallet(u, s, ps) for (u, s, ps) in list(self.futures.positions) if u == uid), D(0))

    def commission(self, uid: str, symbol: str) -> tuple[Decimal, Decimal]:
        """(maker, taker) rates of the user on `symbol`."""
        return MAKER, TAKER

    # --- countdown cancel all --------------------------------------------------------------------

    def set_countdown(self, uid: str, symbol: str, ms: int, now: int) -> None:
        if ms == 0:
            self.countdowns.pop((uid, symbol), None)
        else:
            self.countdowns[(uid, symbol)] = (ms, now + ms)

    def run_countdowns(self, now: int) -> None:
        """Cancel every open order of a symbol whose countdown ran out (checked before each futures call)."""
        for (uid, symbol), (_, deadline) in list(self.countdowns.items()):
            if now >= deadline:
                del self.countdowns[(uid, symbol)]
                for o in self.futures.open_orders(uid, symbol):
                    self.futures.cancel(uid, symbol, o.id, None, now)

    # --- listen keys -----------------------------------------------------------------------------

    def new_listen_key(self, uid: str, now: int) -> str:
        """The user's live key (extended) or a new one: one futures key per user."""
        for key, lk in self.listen_keys.items():
            if lk.uid == uid and lk.expires > now:
                lk.expires = now + LISTEN_KEY_TTL_MS
                return key
        key = secrets.token_hex(32)
        self.listen_keys[key] = FListener(uid, now + LISTEN_KEY_TTL_MS)
        return key

    def live_key(self, uid: str, now: int) -> str | None:
        return next((k for k, lk in self.listen_keys.items() if lk.uid == uid and lk.expires > now), None)


def order_update(o: FOrder, kind: str, fill: FillInfo | None, trade_id: int = 0) -> dict[str, Any]:
    """The `o` object of ORDER_TRADE_UPDATE."""
    k = CONTRACTS[o.symbol]
    zero = "0"
    return {"s": o.symbol, "c": o.client_id, "S": o.side, "o": o.type, "f": o.tif,
            "q": f"{o.qty:.{k.quantity_precision}f}", "p": f"{D(0) if o.type == 'MARKET' else o.price:f}",
            "ap": f"{o.avg_price:f}", "sp": zero, "x": kind, "X": o.status, "i": o.id,
            "l": f"{fill.qty:f}" if fill else zero, "z": f"{o.executed:f}", "L": f"{fill.price:f}" if fill else zero,
            "N": "USDT" if fill else None, "n": f"{fill.fee:f}" if fill else zero, "T": o.update_time,
            "t": trade_id, "b": zero, "a": zero, "m": fill.maker if fill else False, "R": o.reduce_only,
            "wt": "CONTRACT_PRICE", "ot": o.type, "ps": o.position_side, "cp": False,
            "rp": f"{fill.pnl:f}" if fill else zero, "pP": False, "si": 0, "ss": 0, "V": "EXPIRE_MAKER",
            "pm": o.price_match, "gtd": 0}
