"""Sub-accounts: users of their own (ledger rows, API keys) created and managed by a master account."""

from __future__ import annotations

import itertools
import random
import string
from dataclasses import dataclass, field
from decimal import Decimal

from tradewire.sim.users import SimUser

#: API-key permission codes (sub-account api-reference, appendix): 1 spot, 2 read, 3 perpetual futures,
#: 4 universal transfer, 5 withdraw, 7 internal transfer of sub-accounts
PERMISSIONS = (1, 2, 3, 4, 5, 7)
#: the account types of sub-account transfers (1 fund, 2 standard futures, 3 perpetual futures)
ACCOUNT_TYPES = {1: "fund", 2: "stdFutures", 3: "USDTMPerp"}
_KEY_ALPHABET = string.ascii_letters + string.digits


@dataclass
class ApiKey:
    """One API key of a sub-account; ``secret`` is shown once, at creation."""

    api_key: str
    secret: str = field(repr=False)
    note: str
    permissions: list[int]
    ip_addresses: list[str]
    created: int


@dataclass
class SubAccount:
    """A sub-account of ``parent``; ``transferable``: may send internal transfers (authorizeSubAccount)."""

    uid: str
    user_id: str
    parent: str
    name: str
    note: str
    created: int
    frozen: bool = False
    transferable: bool = True
    keys: list[ApiKey] = field(default_factory=list)

    def user(self, key: ApiKey | None = None) -> SimUser:
        """The sub-account as a user: the caller behind one of its keys, or (no key) a receiver."""
        return SimUser(self.uid, self.user_id, f"{self.name}@sub.bingx.example", "", "",
                       key.api_key if key else "", key.secret if key else "")


@dataclass(frozen=True)
class SubTransfer:
    """A move between a master and its sub-accounts (or between two of them), by the master."""

    tran_id: str
    asset: str
    amount: Decimal
    from_uid: str
    from_account: str
    to_uid: str
    to_account: str
    remark: str
    time: int


@dataclass(frozen=True)
class SubInnerTransfer:
    """An internal transfer sent with subAccountInnerTransfer/apply (status 4 = completed)."""

    tran_id: str
    coin: str
    amount: Decimal
    from_uid: str
    to_uid: str
    wallet_type: int
    time: int


@dataclass
class SubAccounts:
    """Every sub-account and its records (picklable)."""

    seed: int
    accounts: dict[str, SubAccount] = field(default_factory=dict)
    transfers: list[SubTransfer] = field(default_factory=list)
    inner: list[SubInnerTransfer] = field(default_factory=list)
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _rng(self, what: str) -> random.Random:
        return random.Random(f"{self.seed}:sub:{what}:{next(self._serial)}")

    def create(self, parent: str, name: str, note: str, now: int) -> SubAccount:
        """A new sub-account of ``parent`` with a fresh UID."""
        rng = self._rng("uid")
        uid = str(rng.randrange(100_000_000, 1_000_000_000))
        account = SubAccount(uid, str(rng.randrange(10**18, 2 * 10**18)), parent, name, note, now)
        self.accounts[uid] = account
        return account

    def new_key(self, account: SubAccount, note: str, permissions: list[int], ips: list[str], now: int) -> ApiKey:
        """A new API key (and secret) for ``account``."""
        rng = self._rng("key")
        key = ApiKey("".join(rng.choice(_KEY_ALPHABET) for _ in range(64)),
                     "".join(rng.choice(_KEY_ALPHABET) for _ in range(64)), note, permissions, ips, now)
        account.keys.append(key)
        return key

    def new_tran_id(self) -> str:
        """A transfer id (digits, as a string)."""
        return str(1_300_000_000_000_000_000 + self.seed * 1_000_000 + next(self._serial) * 6_131)

    def of(self, parent: str) -> list[SubAccount]:
        """The sub-accounts of ``parent``, oldest first."""
        return [a for a in self.accounts.values() if a.parent == parent]

    def user_by_key(self, api_key: str) -> SimUser | None:
        """The sub-account behind ``api_key``; a frozen sub-account's keys do not open it."""
        for account in self.accounts.values():
            for key in account.keys:
                if key.api_key == api_key and not account.frozen:
                    return account.user(key)
        return None
