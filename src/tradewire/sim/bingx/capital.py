"""Deposits and withdrawals: coin networks, deposit addresses, and the records of money entering and
leaving the exchange. Money only moves: a deposit moves from the chain account, a withdrawal to it."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from tradewire.sim.ledger import FEE_UID, InsufficientBalance, Ledger

D = Decimal
#: the world outside the exchange: deposits come from it, withdrawals go to it
CHAIN_UID = "chain"
#: a withdrawal is under review (4) this long, then completed (6) with a txId
REVIEW_MS = 60_000
STATUS_REVIEW, STATUS_FAILED, STATUS_DONE = 4, 5, 6
#: deposit status "completed" (sub-account api-reference, and ccxt's reading of live answers: 1 = ok);
#: spot-wallet's table words 1 as "not credited": the two official tables disagree
DEPOSIT_DONE = 1
#: the account a withdrawal is paid from: 1, 2, 3 (spot-wallet api-reference, walletType) and 15 spot, which the
#: reference lists for createSubAddress and ccxt sends by default to the live server
WITHDRAW_WALLETS = {1: "fund", 2: "stdFutures", 3: "USDTMPerp", 15: "spot"}


@dataclass(frozen=True)
class Network:
    """One chain a coin travels on, with its withdrawal fee and limits."""

    network: str
    name: str
    fee: Decimal
    withdraw_min: Decimal
    withdraw_max: Decimal
    deposit_min: Decimal
    min_confirm: int
    precision: int
    contract: str = ""
    default: bool = False


NETWORKS: dict[str, tuple[Network, ...]] = {
    "USDT": (Network("TRC20", "Tron (TRC20)", D("1"), D("2"), D("1000000"), D("1"), 20, 6,
                     "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", True),
             Network("ERC20", "Ethereum (ERC20)", D("3.2"), D("10"), D("1000000"), D("5"), 12, 6,
                     "0xdac17f958d2ee523a2206206994597c13d831ec7"),
             Network("BEP20", "BNB Smart Chain (BEP20)", D("0.29"), D("1"), D("1000000"), D("0.5"), 15, 8,
                     "0x55d398326f99059ff775485246999027b3197955")),
    "USDC": (Network("ERC20", "Ethereum (ERC20)", D("3"), D("10"), D("1000000"), D("5"), 12, 6,
                     "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", True),
             Network("BEP20", "BNB Smart Chain (BEP20)", D("0.3"), D("1"), D("1000000"), D("0.5"), 15, 8,
                     "0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d")),
    "BTC": (Network("BTC", "Bitcoin", D("0.00004"), D("0.000046"), D("64"), D("0.00009"), 2, 8, "", True),
            Network("BEP20", "BNB Smart Chain (BEP20)", D("0.000001"), D("0.000065"), D("64"), D("0.000012"),
                    10, 8, "0x7130d2a12b9bcbfae4f2634d864a1ee1ce3ead9c")),
    "ETH": (Network("ERC20", "Ethereum (ERC20)", D("0.0007"), D("0.001"), D("1000"), D("0.0005"), 12, 8, "",
                    True),),
    "SOL": (Network("SOL", "Solana", D("0.005"), D("0.01"), D("50000"), D("0.01"), 1, 8, "", True),),
    "DOGE": (Network("DOGE", "Dogecoin", D("4"), D("20"), D("5000000"), D("10"), 40, 8, "", True),),
}
_PREFIX = {"TRC20": "T", "ERC20": "0x", "BEP20": "0x", "BTC": "bc1q", "SOL": "", "DOGE": "D"}
_HEX = "0123456789abcdef"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "023456789acdefghjklmnpqrstuvwxyz"
_ALPHABET = {"TRC20": (_B58, 33), "ERC20": (_HEX, 40), "BEP20": (_HEX, 40), "BTC": (_BECH32, 38), "SOL": (_B58, 44),
             "DOGE": (_B58, 33)}
EXPLORERS = {"TRC20": "https://tronscan.org/#/address/", "ERC20": "https://etherscan.io/address/",
             "BEP20": "https://bscscan.com/address/", "BTC": "https://mempool.space/address/",
             "SOL": "https://solscan.io/account/", "DOGE": "https://dogechain.info/address/"}


def network_of(coin: str, network: str | None) -> Network | None:
    """The coin's network by name, or its default one when ``network`` is None."""
    for net in NETWORKS.get(coin, ()):
        if net.network == network or (network is None and net.default):
            return net
    return None


def address_of(seed: int, uid: str, network: str) -> str:
    """A user's deposit address on a network: the same every time, different per user and chain."""
    alphabet, size = _ALPHABET[network]
    digest = hashlib.sha256(f"{seed}:{uid}:{network}".encode()).digest() * 2
    return _PREFIX[network] + "".join(alphabet[b % len(alphabet)] for b in digest[:size])


def valid_address(network: str, address: str) -> bool:
    """Shape check of a destination address (prefix, length, alphabet)."""
    alphabet, size = _ALPHABET[network]
    prefix = _PREFIX[network]
    body = address[len(prefix):]
    return address.startswith(prefix) and len(body) == size and all(c in alphabet for c in body)


def tx_id(*parts: object) -> str:
    """A deterministic 64-hex transaction hash."""
    return "0x" + hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


@dataclass(frozen=True)
class Deposit:
    """Money that arrived from a chain (credited: status 1)."""

    uid: str
    coin: str
    amount: Decimal
    network: str
    address: str
    tx_id: str
    time: int
    status: int = DEPOSIT_DONE
    confirmations: int = 12


@dataclass(frozen=True)
class Withdrawal:
    """Money sent to a chain: ``amount`` left the account, ``fee`` of it went to the house."""

    id: str
    uid: str
    coin: str
    amount: Decimal
    fee: Decimal
    network: str
    address: str
    tag: str
    wallet_type: int
    client_id: str | None
    time: int

    def status(self, now: int) -> int:
        """Under review for `REVIEW_MS`, then completed."""
        return STATUS_REVIEW if now < self.time + REVIEW_MS else STATUS_DONE

    def tx_id(self, now: int) -> str:
        """The chain transaction, once sent."""
        return tx_id(self.id, self.address) if self.status(now) == STATUS_DONE else ""


@dataclass
class Capital:
    """Every deposit and withdrawal of every user (picklable)."""

    seed: int
    deposits: list[Deposit] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_withdraw_id(self) -> str:
        """A 19-digit withdrawal id (a string on the wire)."""
        return str(1_264_246_000_000_000_000 + self.seed * 1_000_000 + next(self._serial) * 7_877)

    def deposit(self, ledger: Ledger, uid: str, coin: str, amount: Decimal, network: str | None, now: int) -> Deposit:
        """Credit ``amount`` from the chain to ``uid``'s fund account (the chain account is funded first:
        that is where the money comes from)."""
        net = network_of(coin, network)
        if net is None:
            raise ValueError(f"{coin} has no network {network}")
        ledger.seed(CHAIN_UID, "fund", coin, ledger.balance(CHAIN_UID, "fund", coin) + amount)
        ledger.move((CHAIN_UID, "fund"), (uid, "fund"), coin, amount, available=None, reason="DEPOSIT", time=now)
        record = Deposit(uid, coin, amount, net.network, address_of(self.seed, uid, net.network),
                         tx_id(self.seed, uid, coin, amount, now, len(self.deposits)), now,
                         confirmations=net.min_confirm)
        self.deposits.append(record)
        return record

    def withdraw(self, ledger: Ledger, record: Withdrawal, available: Decimal | None) -> None:
        """Pay a withdrawal: ``amount - fee`` to the chain, ``fee`` to the house; raises
        `tradewire.sim.ledger.InsufficientBalance` (nothing moved) when the account holds less."""
        account = WITHDRAW_WALLETS[record.wallet_type]
        balance = ledger.balance(record.uid, account, record.coin)
        limit = balance if available is None else min(available, balance)
        if record.amount > limit:
            raise InsufficientBalance(f"{record.coin} available {limit}, requested {record.amount}")
        src = (record.uid, account)
        ledger.move(src, (CHAIN_UID, "fund"), record.coin, record.amount - record.fee, available=None,
                    reason="WITHDRAW", time=record.time)
        ledger.move(src, (FEE_UID, "fund"), record.coin, record.fee, available=None, reason="WITHDRAW_FEE",
                    time=record.time)
        self.withdrawals.append(record)


def opening_deposits(capital: Capital, uid: str, now: int) -> None:
    """History only: the deposits the demo user's opening fund balances came from (seeding.py)."""
    day = 86_400_000
    for coin, amount, network, age in (("USDT", D(15000), "TRC20", 40), ("BTC", D("0.51234567"), "BTC", 35)):
        net = network_of(coin, network)
        assert net is not None
        time = now - age * day
        capital.deposits.append(Deposit(uid, coin, amount, network, address_of(capital.seed, uid, network),
                                        tx_id(capital.seed, uid, coin, amount, time), time,
                                        confirmations=net.min_confirm))
