"""The simulated isolated margin accounts: one ledger account per (user, pair), loans with hourly interest.

The pair account of a user is the ledger user `<uid>:isolated:<SYMBOL>`; it holds the pair's base and quote
only, and its orders match on the spot book like cross margin ones. Loans come from and return to `HOUSE`;
interest is a debt (no ledger move) until it is repaid, interest first, so every ledger total is kept.
Interest is charged at the moment of borrowing and at each hour after (Binance margin FAQ "How is
interest calculated": hourly, at borrow time and then every hour), at `DAILY_RATE / 24`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from tradewire.sim.binance.wallet import HOUSE, Q8
from tradewire.sim.binance.wire import ApiError
from tradewire.sim.engine import FREE, LOCKED, Engine
from tradewire.sim.ledger import Ledger

D = Decimal
ZERO = D(0)
HOUR_MS = 3_600_000
#: daily interest rates of the simulator (chosen so that the hourly rate, rate / 24, is exact)
DAILY_RATE = {"BTC": D("0.000048"), "ETH": D("0.000072"), "USDT": D("0.00024")}
LEVERAGE = 10  # a pair's debt may reach (LEVERAGE - 1) x its equity
LIQUIDATION_LEVEL = D("1.1")  # the margin level at which Binance liquidates an isolated pair
TRANSFER_OUT_LEVEL = D(2)
MAX_ACCOUNTS = 10
#: marginLevelStatus by the lowest level of each band (the simulator's bands; the names are Binance's)
STATUS_BANDS = ((D(2), "EXCESSIVE"), (D("1.5"), "NORMAL"), (D("1.3"), "MARGIN_CALL"),
                (LIQUIDATION_LEVEL, "PRE_LIQUIDATION"))


def iso_uid(uid: str, symbol: str) -> str:
    return f"{uid}:isolated:{symbol}"


@dataclass
class Loan:
    """What one pair account owes in one asset; `charged_ms` is when interest was last charged."""

    principal: Decimal = ZERO
    interest: Decimal = ZERO
    charged_ms: int = 0


@dataclass(frozen=True)
class Record:
    """A borrow, repay, transfer or interest charge of one pair account."""

    tran_id: int
    type: str  # BORROW, REPAY, ROLL_IN, ROLL_OUT, or an interest charge: ON_BORROW, PERIODIC
    asset: str
    amount: Decimal
    time: int
    symbol: str
    interest: Decimal = ZERO
    principal: Decimal = ZERO


@dataclass
class Pair:
    """One user's isolated account of one pair."""

    base: str
    quote: str
    enabled: bool = True
    loans: dict[str, Loan] = field(default_factory=dict)


class IsolatedMargin:
    """Every user's isolated pair accounts."""

    def __init__(self, ledger: Ledger, engine: Engine, pairs: dict[str, tuple[str, str]],
                 next_id: Callable[[], int]) -> None:
        self.ledger, self.engine, self.pairs = ledger, engine, pairs
        self.accounts: dict[str, dict[str, Pair]] = {}
        self.records: dict[str, list[Record]] = {}
        self._next_id = next_id

    def _tran(self) -> int:
        return self._next_id()

    # --- accounts --------------------------------------------------------------------------------

    def enable(self, uid: str, symbol: str) -> None:
        if symbol not in self.pairs:
            raise ApiError(-3028, "Not a valid margin pair.")
        mine = self.accounts.setdefault(uid, {})
        if symbol not in mine or not mine[symbol].enabled:
            if sum(p.enabled for p in mine.values()) >= MAX_ACCOUNTS:
                raise ApiError(-3026, "Exceeded the maximum number of enabled isolated margin accounts.")
            base, quote = self.pairs[symbol]
            mine.setdefault(symbol, Pair(base, quote)).enabled = True

    def disable(self, uid: str, symbol: str) -> None:
        """Only an empty pair account (nothing held, nothing owed) may be disabled."""
        pair = self.pair(uid, symbol)
        held = self.ledger.assets(iso_uid(uid, symbol), FREE) | self.ledger.assets(iso_uid(uid, symbol), LOCKED)
        if any(v for v in held.values()) or any(loan.principal or loan.interest for loan in pair.loans.values()):
            raise ApiError(-3041, "Balance is not cleared.")
        pair.enabled = False

    def pair(self, uid: str, symbol: str, *, enabled: bool = False) -> Pair:
        pair = self.accounts.get(uid, {}).get(symbol)
        if symbol not in self.pairs:
            raise ApiError(-3028, "Not a valid margin pair.")
        if pair is None or (enabled and not pair.enabled):
            raise ApiError(-3003, "Isolated margin account does not exist.")
        return pair

    def enabled_count(self, uid: str) -> int:
        return sum(p.enabled for p in self.accounts.get(uid, {}).values())

    # --- interest and level ----------------------------------------------------------------------

    def accrue(self, uid: str, symbol: str, now: int) -> None:
        """Charge the hourly interest of every loan of the pair for each hour begun since the last charge."""
        for asset, loan in self.pair(uid, symbol).loans.items():
            hours = (now - loan.charged_ms) // HOUR_MS
            if loan.principal and hours > 0:
                charge = loan.principal * DAILY_RATE[asset] / 24 * hours
                loan.interest += charge
                loan.charged_ms += hours * HOUR_MS
                self._record(uid, symbol, "PERIODIC", asset, charge, loan.charged_ms)

    def held(self, uid: str, symbol: str, asset: str) -> Decimal:
        who = iso_uid(uid, symbol)
        return self.ledger.balance(who, FREE, asset) + self.ledger.balance(who, LOCKED, asset)

    def owed(self, uid: str, symbol: str, asset: str) -> Loan:
        return self.pair(uid, symbol).loans.get(asset, Loan())

    def price(self, symbol: str) -> Decimal:
        """The index price of the pair (the last trade of the simulated book)."""
        return self.engine.books[symbol].last_price or D(0)

    def values(self, uid: str, symbol: str) -> tuple[Decimal, Decimal]:
        """(assets, debt) of the pair in its quote asset; debt includes the interest."""
        pair, price = self.pair(uid, symbol), self.price(symbol)
        base, quote = self.owed(uid, symbol, pair.base), self.owed(uid, symbol, pair.quote)
        assets = self.held(uid, symbol, pair.base) * price + self.held(uid, symbol, pair.quote)
        debt = (base.principal + base.interest) * price + quote.principal + quote.interest
        return assets, debt

    def level(self, uid: str, symbol: str) -> Decimal | None:
        """assets / debt, 8 decimals rounded down; None without debt."""
        assets, debt = self.values(uid, symbol)
        return (assets / debt).quantize(Q8, ROUND_DOWN) if debt else None

    def liquidate_price(self, uid: str, symbol: str) -> Decimal:
        """The price p at which the level falls to LIQUIDATION_LEVEL: (B p + Q) = L (Bd p + Qd), so
        p = (L Qd - Q) / (B - L Bd); 0 when no positive price does it."""
        pair, lvl = self.pair(uid, symbol), LIQUIDATION_LEVEL
        b, q = self.held(uid, symbol, pair.base), self.held(uid, symbol, pair.quote)
        bd_loan, qd_loan = self.owed(uid, symbol, pair.base), self.owed(uid, symbol, pair.quote)
        bd, qd = bd_loan.principal + bd_loan.interest, qd_loan.principal + qd_loan.interest
        den = b - lvl * bd
        if not (bd or qd) or not den:
            return D(0)
        p = (lvl * qd - q) / den
        return p.quantize(Q8, ROUND_DOWN) if p > 0 else D(0)

    def status(self, level: Decimal | None) -> str:
        if level is None:
            return "EXCESSIVE"
        return next((name for floor, name in STATUS_BANDS if level >= floor), "FORCE_LIQUIDATION")

    # --- loans -----------------------------------------------------------------------------------

    def max_borrowable(self, uid: str, symbol: str, asset: str) -> Decimal:
        """What the pair may still borrow: its debt stays within (LEVERAGE - 1) x its equity."""
        self._asset_of(uid, symbol, asset)
        assets, debt = self.values(uid, symbol)
        room = (assets - debt) * (LEVERAGE - 1) - debt
        price = D(1) if asset == self.pairs[symbol][1] else self.price(symbol)
        return max(D(0), (room / price).quantize(Q8, ROUND_DOWN)) if price else D(0)

    def _asset_of(self, uid: str, symbol: str, asset: str) -> Pair:
        pair = self.pair(uid, symbol, enabled=True)
        if asset not in (pair.base, pair.quote):
            raise ApiError(-3027, "Not a valid margin asset.")
        return pair

    def borrow(self, uid: str, symbol: str, asset: str, amount: Decimal, now: int) -> int:
        pair = self._asset_of(uid, symbol, asset)
        self.accrue(uid, symbol, now)
        if amount > self.max_borrowable(uid, symbol, asset):
            raise ApiError(-3006, "Your borrow amount has exceed maximum borrow amount.")
        self.ledger.move((HOUSE, FREE), (iso_uid(uid, symbol), FREE), asset, amount, available=None,
                         reason="isolated margin loan", time=now)
        loan = pair.loans.setdefault(asset, Loan(charged_ms=now))
        if not loan.principal:
            loan.charged_ms = now
        loan.principal += amount
        first = amount * DAILY_RATE[asset] / 24  # the hour the loan begins in is charged at once
        loan.interest += first
        self._record(uid, symbol, "ON_BORROW", asset, first, now)
        return self._record(uid, symbol, "BORROW", asset, amount, now)

    def repay(self, uid: str, symbol: str, asset: str, amount: Decimal, now: int) -> int:
        """Interest first, then principal."""
        pair = self._asset_of(uid, symbol, asset)
        self.accrue(uid, symbol, now)
        loan = pair.loans.get(asset, Loan())
        if amount > loan.principal + loan.interest:
            raise ApiError(-3015, "Repay amount exceeds borrow amount.")
        if amount > self.ledger.balance(iso_uid(uid, symbol), FREE, asset):
            raise ApiError(-3041, "Balance is not enough")
        self.ledger.move((iso_uid(uid, symbol), FREE), (HOUSE, FREE), asset, amount, available=None,
                         reason="isolated margin repay", time=now)
        interest = min(amount, loan.interest)
        loan.interest -= interest
        loan.principal -= amount - interest
        tran = self._tran()
        self.records.setdefault(uid, []).append(
            Record(tran, "REPAY", asset, amount, now, symbol, interest, amount - interest))
        return tran

    def _record(self, uid: str, symbol: str, kind: str, asset: str, amount: Decimal, now: int) -> int:
        tran = self._tran()
        self.records.setdefault(uid, []).append(Record(tran, kind, asset, amount, now, symbol))
        return tran

    # --- transfers -------------------------------------------------------------------------------

    def max_transferable(self, uid: str, symbol: str, asset: str, now: int) -> Decimal:
        """What may leave the pair: all of the free asset without debt, else what keeps the level >= 2."""
        self._asset_of(uid, symbol, asset)
        self.accrue(uid, symbol, now)
        free = self.ledger.balance(iso_uid(uid, symbol), FREE, asset)
        assets, debt = self.values(uid, symbol)
        if not debt:
            return free
        price = D(1) if asset == self.pairs[symbol][1] else self.price(symbol)
        room = assets - debt * TRANSFER_OUT_LEVEL
        return max(D(0), min(free, (room / price).quantize(Q8, ROUND_DOWN))) if price else D(0)

    def transfer(self, uid: str, symbol: str, asset: str, amount: Decimal, src: tuple[str, str],
                 now: int, kind: str) -> int:
        """Into the pair (`kind` ROLL_IN) from the wallet `src`, or out of it (ROLL_OUT) to `src`."""
        self._asset_of(uid, symbol, asset)
        pair_wallet = (iso_uid(uid, symbol), FREE)
        if kind == "ROLL_OUT":
            if amount > self.max_transferable(uid, symbol, asset, now):
                raise ApiError(-3020, "Transfer out amount exceeds max amount.")
            frm, to = pair_wallet, src
        else:
            frm, to = src, pair_wallet
            if amount > self.ledger.balance(frm[0], frm[1], asset):
                raise ApiError(-3041, "Balance is not enough")
        self.ledger.move(frm, to, asset, amount, available=None, reason=f"isolated margin {kind}", time=now)
        return self._record(uid, symbol, kind, asset, amount, now)
