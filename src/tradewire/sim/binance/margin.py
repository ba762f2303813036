"""The simulated cross margin account: transfers, interest-free loans, and a 3x borrowing limit.

A user's margin wallet is the ledger user `<uid>:margin`, so margin orders run on the same matching
engine as spot ones (free funds in `spot`, locked in `spot.locked` of that user). Loans come from
and return to the `HOUSE` user; a loan is recorded per (margin user, asset).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from tradewire.sim.binance.futures import WALLET
from tradewire.sim.binance.wallet import HOUSE, Q8, btc_value
from tradewire.sim.binance.wire import ApiError
from tradewire.sim.engine import FREE, LOCKED, Engine
from tradewire.sim.ledger import Ledger

D = Decimal
ASSETS = ("BTC", "ETH", "USDT")
LEVERAGE = 3  # debt may reach (LEVERAGE - 1) x equity
TRANSFER_OUT_LEVEL = D(2)  # margin level that must remain after a transfer out


def margin_uid(uid: str) -> str:
    return f"{uid}:margin"


@dataclass(frozen=True)
class LoanRecord:
    """One borrow or repay (`GET /sapi/v1/margin/borrow-repay`)."""

    tx_id: int
    type: str  # BORROW or REPAY
    asset: str
    amount: Decimal
    time: int


@dataclass(frozen=True)
class UniversalTransfer:
    """One `POST /sapi/v1/asset/transfer`."""

    tran_id: int
    type: str
    asset: str
    amount: Decimal
    time: int


class Margin:
    """Loans and transfers of every user's cross margin account."""

    def __init__(self, ledger: Ledger, engine: Engine) -> None:
        self.ledger, self.engine = ledger, engine
        self.loans: dict[tuple[str, str], Decimal] = {}
        self.records: dict[str, list[LoanRecord]] = {}
        self.universal: dict[str, list[UniversalTransfer]] = {}
        self._tran = 0

    def tran_id(self) -> int:
        self._tran += 1
        return 100_000_000 + self._tran

    def borrowed(self, uid: str, asset: str) -> Decimal:
        return self.loans.get((margin_uid(uid), asset), D(0))

    def assets(self, uid: str) -> list[str]:
        muid = margin_uid(uid)
        held = set(self.ledger.assets(muid, FREE)) | set(self.ledger.assets(muid, LOCKED))
        return sorted(held | {a for (u, a), v in self.loans.items() if u == muid})

    def totals(self, uid: str) -> tuple[Decimal, Decimal]:
        """(total asset, total liability) in BTC."""
        muid = margin_uid(uid)
        asset = liability = D(0)
        for a in self.assets(uid):
            held = self.ledger.balance(muid, FREE, a) + self.ledger.balance(muid, LOCKED, a)
            asset += btc_value(self.engine, a, held)
            liability += btc_value(self.engine, a, self.borrowed(uid, a))
        return asset, liability

    def _price_btc(self, asset: str) -> Decimal:
        return btc_value(self.engine, asset, D(1))

    def transfer(self, uid: str, asset: str, amount: Decimal, kind: int, now: int) -> int:
        """Type 1: spot to margin; type 2: margin to spot (only what keeps the margin level >= 2)."""
        muid = margin_uid(uid)
        if asset not in ASSETS:
            raise ApiError(-3027, "Not a valid margin asset.")
        src, dst = ((uid, FREE), (muid, FREE)) if kind == 1 else ((muid, FREE), (uid, FREE))
        if amount > self.ledger.balance(src[0], FREE, asset):
            raise ApiError(-3041, "Balance is not enough")
        if kind == 2:
            self.check_transfer_out(uid, asset, amount)
        self.ledger.move(src, dst, asset, amount, available=None, reason="margin transfer", time=now)
        return self.tran_id()

    def max_borrowable(self, uid: str, asset: str) -> Decimal:
        """What may still be borrowed: total debt stays within (LEVERAGE - 1) x equity."""
        total, debt = self.totals(uid)
        room = (total - debt) * (LEVERAGE - 1) - debt
        price = self._price_btc(asset)
        return max(D(0), (room / price).quantize(Q8, ROUND_DOWN)) if price else D(0)

    def borrow(self, uid: str, asset: str, amount: Decimal, now: int) -> int:
        if asset not in ASSETS:
            raise ApiError(-3027, "Not a valid margin asset.")
        if amount > self.max_borrowable(uid, asset):
            raise ApiError(-3006, "Your borrow amount has exceed maximum borrow amount.")
        muid = margin_uid(uid)
        self.ledger.move((HOUSE, FREE), (muid, FREE), asset, amount, available=None, reason="margin loan", time=now)
        self.loans[(muid, asset)] = self.borrowed(uid, asset) + amount
        return self._record(uid, "BORROW", asset, amount, now)

    def repay(self, uid: str, asset: str, amount: Decimal, now: int) -> int:
        muid = margin_uid(uid)
        if amount > self.borrowed(uid, asset):
            raise ApiError(-3015, "Repay amount exceeds borrow amount.")
        if amount > self.ledger.balance(muid, FREE, asset):
            raise ApiError(-3041, "Balance is not enough")
        self.ledger.move((muid, FREE), (HOUSE, FREE), asset, amount, available=None, reason="margin repay", time=now)
        self.loans[(muid, asset)] = self.borrowed(uid, asset) - amount
        return self._record(uid, "REPAY", asset, amount, now)

    def _record(self, uid: str, kind: str, asset: str, amount: Decimal, now: int) -> int:
        tx = self.tran_id()
        self.records.setdefault(uid, []).append(LoanRecord(tx, kind, asset, amount, now))
        return tx

    def check_transfer_out(self, uid: str, asset: str, amount: Decimal) -> None:
        """What leaves the margin account must keep the margin level >= 2 while there is debt."""
        total, debt = self.totals(uid)
        if debt and (total - btc_value(self.engine, asset, amount)) < debt * TRANSFER_OUT_LEVEL:
            raise ApiError(-3020, "Transfer out amount exceeds max amount.")

    def max_transferable(self, uid: str, asset: str) -> Decimal:
        """The free asset, less what must stay for a margin level >= 2 while there is debt."""
        free = self.ledger.balance(margin_uid(uid), FREE, asset)
        total, debt = self.totals(uid)
        price = self._price_btc(asset)
        if not debt or not price:
            return free if not debt else D(0)
        return max(D(0), min(free, ((total - debt * TRANSFER_OUT_LEVEL) / price).quantize(Q8, ROUND_DOWN)))

    def universal_transfer(self, uid: str, kind: str, asset: str, amount: Decimal, now: int,
                           futures_free: Decimal) -> int:
        """Spot (MAIN), cross margin (MARGIN) and USD-M futures (UMFUTURE) wallets; totals are kept.
        `futures_free` is what the futures wallet may give (its balance less the margin in use)."""
        wallets = {"MAIN": (uid, FREE), "MARGIN": (margin_uid(uid), FREE), "UMFUTURE": (uid, WALLET)}
        src_name, _, dst_name = kind.partition("_")
        if src_name not in wallets or dst_name not in wallets or src_name == dst_name:
            raise ApiError(-1020, "This operation is not supported.")  # FUNDING, options, isolated: not simulated
        if "MARGIN" in (src_name, dst_name) and asset not in ASSETS:
            raise ApiError(-3027, "Not a valid margin asset.")
        if "UMFUTURE" in (src_name, dst_name) and asset != "USDT":
            raise ApiError(-5011, "The futures account does not support this asset.")
        src, dst = wallets[src_name], wallets[dst_name]
        if amount > self.ledger.balance(src[0], src[1], asset):
            raise ApiError(-5002, "You have insufficient balance.")
        if src_name == "MARGIN":
            self.check_transfer_out(uid, asset, amount)
        if src_name == "UMFUTURE" and amount > futures_free:
            raise ApiError(-5002, "You have insufficient balance.")
        self.ledger.move(src, dst, asset, amount, available=None, reason=f"universal transfer {kind}", time=now)
        tran = self.tran_id()
        self.universal.setdefault(uid, []).append(UniversalTransfer(tran, kind, asset, amount, now))
        return tran
