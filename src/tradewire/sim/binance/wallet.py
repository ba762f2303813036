"""The simulated Binance wallet: deposits, withdrawals, dust to BNB and dividends, moving ledger money.

Money leaves for (and arrives from) the outside world through the `HOUSE` user, so every total is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from tradewire.sim.binance.wire import ApiError
from tradewire.sim.engine import FREE, Engine
from tradewire.sim.ledger import FEE_UID, InsufficientBalance, Ledger

D = Decimal
Q8 = D("0.00000001")
HOUSE = "binance"  # the counterparty of everything that enters or leaves the simulated venue
BNB_IN_BTC = D("0.01")  # the fixed BNB price used by dust conversion
DUST_MAX_BTC = D("0.001")  # the largest balance (in BTC) that counts as dust (-5004 above)
DUST_CHARGE = D("0.02")


@dataclass(frozen=True)
class Coin:
    """A coin the wallet knows: its network, withdraw fee and minimum."""

    network: str
    fee: Decimal
    minimum: Decimal


COINS = {"BTC": Coin("BTC", D("0.0005"), D("0.001")), "ETH": Coin("ETH", D("0.005"), D("0.01")),
         "USDT": Coin("TRX", D("1"), D("10")), "BNB": Coin("BSC", D("0.001"), D("0.01"))}


@dataclass
class Transfer:
    """A deposit or a withdrawal."""

    id: str
    coin: str
    amount: Decimal
    fee: Decimal
    address: str
    network: str
    tx_id: str
    time: int
    status: int
    client_id: str = ""


@dataclass
class DustRun:
    """One dust conversion: per asset (asset, amount, BNB before charge, charge, tran id)."""

    tran_id: int
    time: int
    rows: list[tuple[str, Decimal, Decimal, Decimal, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Dividend:
    id: int
    asset: str
    amount: Decimal
    time: int
    info: str
    tran_id: int


def deposit_address(uid: str, coin: str) -> str:
    return f"sim{coin.lower()}{uid}"


def btc_value(engine: Engine, asset: str, amount: Decimal) -> Decimal:
    """`amount` of `asset` in BTC at the last prices (8 decimals, rounded down)."""
    btc = engine.books["BTCUSDT"].last_price or D(0)
    if asset == "BTC":
        return amount
    if asset == "BNB":
        return amount * BNB_IN_BTC
    book = engine.books.get(f"{asset}USDT")
    price = D(1) if asset == "USDT" else (book.last_price or D(0)) if book is not None else D(0)
    usdt = amount * price
    return (usdt / btc).quantize(Q8, ROUND_DOWN) if btc else D(0)


class Wallet:
    """Wallet records per user; every change is a ledger move under the exchange lock."""

    def __init__(self, ledger: Ledger, engine: Engine) -> None:
        self.ledger, self.engine = ledger, engine
        self.deposits: dict[str, list[Transfer]] = {}
        self.withdrawals: dict[str, list[Transfer]] = {}
        self.dust: dict[str, list[DustRun]] = {}
        self.dividends: dict[str, list[Dividend]] = {}
        self._id = 0

    def _next(self) -> int:
        self._id += 1
        return self._id

    def deposit(self, uid: str, coin: str, amount: Decimal, now: int) -> Transfer:
        """Credit a confirmed deposit from the outside world."""
        self.ledger.move((HOUSE, FREE), (uid, FREE), coin, amount, available=None, reason="deposit", time=now)
        n = self._next()
        t = Transfer(f"d{n}", coin, amount, D(0), deposit_address(uid, coin), COINS[coin].network,
                     f"0xsim{n:08d}", now, 1)
        self.deposits.setdefault(uid, []).append(t)
        return t

    def withdraw(self, uid: str, coin: str, address: str, amount: Decimal, network: str | None, client_id: str,
                 now: int) -> Transfer:
        """Take `amount` (fee included) from spot; the withdrawal completes at once (status 6)."""
        spec = COINS.get(coin)
        if spec is None:
            raise ApiError(-4018, "The asset does not exist.")
        if network not in (None, spec.network):
            raise ApiError(-4019, "The current currency is not open for withdrawal on this network.")
        if amount < spec.minimum:
            raise ApiError(-4022, f"The amount must be at least {spec.minimum} {coin}.")
        if amount > self.ledger.balance(uid, FREE, coin):
            raise ApiError(-4026, "User has insufficient balance.")
        self.ledger.move((uid, FREE), (FEE_UID, FREE), coin, spec.fee, available=None, reason="withdraw fee",
                         time=now)
        self.ledger.move((uid, FREE), (HOUSE, FREE), coin, amount - spec.fee, available=None, reason="withdraw",
                         time=now)
        n = self._next()
        t = Transfer(f"w{n:024x}", coin, amount - spec.fee, spec.fee, address, spec.network, f"0xsim{n:08d}", now,
                     6, client_id)
        self.withdrawals.setdefault(uid, []).append(t)
        return t

    def convert_dust(self, uid: str, assets: list[str], now: int) -> DustRun:
        """Swap small balances for BNB, less a 2% service charge."""
        run = DustRun(self._next(), now)
        for asset in assets:
            amount = self.ledger.balance(uid, FREE, asset)
            if asset == "BNB" or asset not in COINS or amount <= 0:
                raise ApiError(-5003, f"You don't have {asset} to convert.")
            value = btc_value(self.engine, asset, amount)
            if value > DUST_MAX_BTC:
                raise ApiError(-5004, f"The residual balances of {asset} have exceeded 0.001BTC.")
            bnb = (value / BNB_IN_BTC).quantize(Q8, ROUND_DOWN)
            charge = (bnb * DUST_CHARGE).quantize(Q8, ROUND_DOWN)
            run.rows.append((asset, amount, bnb, charge, self._next()))
        for asset, amount, bnb, charge, _ in run.rows:
            self.ledger.move((uid, FREE), (HOUSE, FREE), asset, amount, available=None, reason="dust", time=now)
            if bnb - charge > 0:
                self.ledger.move((HOUSE, FREE), (uid, FREE), "BNB", bnb - charge, available=None, reason="dust",
                                 time=now)
            if charge > 0:
                self.ledger.move((HOUSE, FREE), (FEE_UID, FREE), "BNB", charge, available=None, reason="dust fee",
                                 time=now)
        self.dust.setdefault(uid, []).append(run)
        return run

    def pay_dividend(self, uid: str, asset: str, amount: Decimal, info: str, now: int) -> Dividend:
        """Distribute `amount` of `asset` to `uid`'s spot wallet."""
        try:
            self.ledger.move((HOUSE, FREE), (uid, FREE), asset, amount, available=None, reason="dividend", time=now)
        except InsufficientBalance:
            raise ApiError(-5002, "The house has not enough asset.") from None
        d = Dividend(self._next(), asset, amount, now, info, self._next())
        self.dividends.setdefault(uid, []).append(d)
        return d
