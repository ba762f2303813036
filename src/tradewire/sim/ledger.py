"""Balances per (uid, account, asset) as exact decimals; money only moves, it is never made or lost."""

from __future__ import annotations

import threading
from decimal import Decimal

from tradewire.sim.events import BalanceEvent, EventHub

ACCOUNTS = ("fund", "spot", "USDTMPerp", "stdFutures", "coinMPerp")
FEE_UID = "0"  # the house account that collects fees; part of every conservation total

Key = tuple[str, str, str]


class InsufficientBalance(Exception):
    """The source holds less than the amount to move."""


class Ledger:
    """Thread-safe balance book. A row that was ever written is "used", even at zero."""

    def __init__(self, lock: threading.RLock, events: EventHub) -> None:
        self._lock = lock
        self._events = events
        self._rows: dict[Key, Decimal] = {}

    def balance(self, uid: str, account: str, asset: str) -> Decimal:
        """Balance of one asset in one account (0 when never used)."""
        with self._lock:
            return self._rows.get((uid, account, asset), Decimal(0))

    def used(self, uid: str, account: str, asset: str) -> bool:
        """Whether the row was ever written (unused rows render as empty strings)."""
        with self._lock:
            return (uid, account, asset) in self._rows

    def assets(self, uid: str, account: str) -> dict[str, Decimal]:
        """Every used asset of an account with its balance, sorted by asset."""
        with self._lock:
            rows = {a: v for (u, acc, a), v in self._rows.items() if u == uid and acc == account}
        return dict(sorted(rows.items()))

    def total(self, asset: str) -> Decimal:
        """Sum of ``asset`` over every account of every user and the fee account."""
        with self._lock:
            return sum((v for (_, _, a), v in self._rows.items() if a == asset), Decimal(0))

    def snapshot(self) -> dict[Key, Decimal]:
        """Every row ever written, (uid, account, asset) -> balance: compare two to see what moved."""
        with self._lock:
            return dict(self._rows)

    def seed(self, uid: str, account: str, asset: str, amount: Decimal) -> None:
        """Set an opening balance (simulator setup only)."""
        if account not in ACCOUNTS:
            raise ValueError(f"unknown account {account!r}")
        with self._lock:
            self._rows[(uid, account, asset)] = amount

    def move(
        self,
        src: tuple[str, str],
        dst: tuple[str, str],
        asset: str,
        amount: Decimal,
        *,
        available: Decimal | None,
        reason: str,
        time: int,
    ) -> None:
        """Atomically move ``amount`` of ``asset`` from ``src`` (uid, account) to ``dst``.

        ``available`` caps what may leave ``src`` (e.g. free margin); ``None`` means its whole balance.
        """
        if amount <= 0:
            raise ValueError("amount must be positive")
        with self._lock:
            src_key = (src[0], src[1], asset)
            dst_key = (dst[0], dst[1], asset)
            src_balance = self._rows.get(src_key, Decimal(0))
            limit = src_balance if available is None else min(available, src_balance)
            if amount > limit:
                raise InsufficientBalance(f"{asset} available {limit}, requested {amount}")
            self._rows[src_key] = src_balance - amount
            self._rows[dst_key] = self._rows.get(dst_key, Decimal(0)) + amount
            events = [
                BalanceEvent(src[0], src[1], asset, self._rows[src_key], -amount, reason, time),
                BalanceEvent(dst[0], dst[1], asset, self._rows[dst_key], amount, reason, time),
            ]
            for event in events:
                self._events.publish(event)
