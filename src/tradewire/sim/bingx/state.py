"""Everything the simulated exchange knows, behind one lock."""

from __future__ import annotations

import threading
from collections import deque
from typing import NamedTuple

from tradewire.sim.bingx.accounts import AccountBook
from tradewire.sim.bingx.capital import Capital, opening_deposits
from tradewire.sim.bingx.listenkeys import ListenKeys
from tradewire.sim.bingx.ratelimit import RateLimiter
from tradewire.sim.bingx.seeding import seed_world
from tradewire.sim.bingx.subaccounts import SubAccounts
from tradewire.sim.clock import SimClock
from tradewire.sim.events import EventHub
from tradewire.sim.faults import Faults
from tradewire.sim.ledger import Ledger
from tradewire.sim.market import Market
from tradewire.sim.replay import Replay, replay_market
from tradewire.sim.replay_data import Recording
from tradewire.sim.users import SimUser, make_users

RECORDED = 1000


class RecordedRequest(NamedTuple):
    """A request exactly as it arrived."""

    method: str
    path: str
    raw_query: str
    body: bytes
    headers: dict[str, str]


class SimState:
    """Clock, users, ledger, market, records, listen keys, faults and limits of one simulator.

    Handlers run under ``lock``; ``events`` publishes balance, position, trade and book changes.
    """

    def __init__(self, seed: int = 1, rate_limits: bool = True, replay: Replay | Recording | None = None) -> None:
        """``replay``: serve a recording as the perpetual market (`tradewire.sim.replay`); the clock starts at
        its first instant and runs at its speed."""
        self.seed = seed
        self.rate_limits = rate_limits
        self.lock = threading.RLock()
        self.events = EventHub()
        self.users = make_users(seed)
        self.ledger = Ledger(self.lock, self.events)
        self.market: Market
        if replay is None:
            self.clock = SimClock()
            self.market = Market(seed, self.clock.now_ms(), self.events)
        else:
            self.market = replay_market(replay, seed, self.events)
            self.clock = SimClock(self.market.start_ms)
            self.clock.speed = replay.speed if isinstance(replay, Replay) else 1.0
        self.book = AccountBook(seed)
        seed_world(self.ledger, self.book, self.market, self.users, self.market.start_ms)
        self.capital = Capital(seed)  # deposits and withdrawals (capital.py)
        opening_deposits(self.capital, self.users[0].uid, self.market.start_ms)
        self.subaccounts = SubAccounts(seed)  # sub-accounts: users with their own keys (subaccounts.py)
        self.listen_keys = ListenKeys(seed)
        self.faults = Faults(self.clock)
        self.limiter = RateLimiter()
        self._requests: deque[RecordedRequest] = deque(maxlen=RECORDED)
        self._requests_lock = threading.Lock()
        #: how many requests were ever recorded (``requests`` keeps the last ``RECORDED``)
        self.recorded = 0

    def user_by_key(self, api_key: str) -> SimUser | None:
        """The owner of ``api_key`` (a user, or a sub-account through one of its keys)."""
        found = next((u for u in self.users if u.api_key == api_key), None)
        return found if found is not None or not api_key else self.subaccounts.user_by_key(api_key)

    def find_user(self, account_type: int, account: str, calling_code: str | None) -> SimUser | None:
        """Look a user up by UID (1), phone number (2, with calling code) or email (3)."""
        for user in self.users:
            if (account_type == 1 and user.uid == account) or (account_type == 3 and user.email == account) or (
                account_type == 2 and user.phone == account and user.calling_code == calling_code
            ):
                return user
        sub = self.subaccounts.accounts.get(account) if account_type == 1 else None
        return sub.user() if sub is not None else None

    def record(self, request: RecordedRequest) -> None:
        """Remember a request (the last ``RECORDED`` are kept)."""
        with self._requests_lock:
            self._requests.append(request)
            self.recorded += 1

    @property
    def requests(self) -> list[RecordedRequest]:
        """The recorded requests, oldest first."""
        with self._requests_lock:
            return list(self._requests)
