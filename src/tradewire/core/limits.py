"""Rate limits as data: token buckets per documented scope, and what the server says back.

Buckets are GCRA (a token bucket kept as one timestamp): `reserve` books a slot and returns how
long to wait for it, so sync and async clients simply sleep that long.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import IpBanned


class Bucket:
    """`count` requests per `period` seconds, with bursts up to `count`."""

    __slots__ = ("interval", "tat", "tolerance")

    def __init__(self, count: int, period: float) -> None:  # float ok: seconds
        self.interval = period / count
        self.tolerance = period - self.interval
        self.tat = 0.0  # float ok: monotonic seconds

    def reserve(self, now: float, cost: int = 1) -> float:  # float ok: seconds
        """Book `cost` slots; return the seconds to wait before using them."""
        tat = max(self.tat, now)
        new_tat = tat + self.interval * cost
        wait = new_tat - self.interval - self.tolerance - now
        self.tat = new_tat
        return wait if wait > 0 else 0.0

    def block_until(self, until: float) -> None:  # float ok: seconds
        """Hold every slot until `until` (the server said the window is spent)."""
        self.tat = max(self.tat, until + self.tolerance)


def parse_scope(scope: str) -> tuple[str, int, float]:  # float ok: seconds
    """`"uid:5/1"` -> ("uid", 5, 1.0). Kinds: uid, ip (per endpoint), group:<name> (shared buckets of
    the venue's groups; a group whose name starts with `weight` is charged the endpoint's weight)."""
    kind, _, rate = scope.partition(":")
    count, _, period = rate.partition("/")
    return kind, int(count), float(period or 1)  # float ok: seconds


class Limiter:
    """Holds the buckets of one client (one key, one IP) and any ban the server imposed; one lock keeps
    every booking when a sync client is shared by threads."""

    def __init__(self, groups: Mapping[str, tuple[tuple[int, float], ...]] | None = None,  # float ok
                 enabled: bool = True) -> None:
        self.groups = dict(groups or {})
        self.enabled = enabled
        self._buckets: dict[str, tuple[tuple[Bucket, int], ...]] = {}
        self._shared: dict[str, Bucket] = {}
        self.banned_until = 0.0  # float ok: monotonic seconds
        self.ban_reason = ""
        self._lock = threading.Lock()

    def _for(self, ep: Endpoint) -> tuple[tuple[Bucket, int], ...]:
        found = self._buckets.get(ep.name)
        if found is None:
            made: list[tuple[Bucket, int]] = []
            for scope in ep.limits:
                if scope.startswith("group:"):
                    group = scope[6:]
                    cost = ep.weight if group.startswith("weight") else 1
                    for i, (c, p) in enumerate(self.groups.get(group, ())):
                        made.append((self._shared.setdefault(f"{group}#{i}", Bucket(c, p)), cost))
                else:
                    _, count, period = parse_scope(scope)
                    made.append((Bucket(count, period), 1))
            found = self._buckets[ep.name] = tuple(made)
        return found

    def reserve(self, ep: Endpoint) -> float:  # float ok: seconds
        """Seconds to wait before sending `ep`; raises `IpBanned` during a ban."""
        now = time.monotonic()
        if now < self.banned_until:
            raise IpBanned(f"{self.ban_reason}; requests stopped for another "
                           f"{self.banned_until - now:.0f} s", endpoint=ep.path)
        if not self.enabled:
            return 0.0
        wait = 0.0
        with self._lock:
            for bucket, cost in self._for(ep):
                wait = max(wait, bucket.reserve(now, cost))
        return wait

    def observe(self, ep: Endpoint, remain: int | None, expire_s: float | None) -> None:  # float ok
        """The server says `remain` requests are left in a window ending in `expire_s` seconds."""
        if self.enabled and remain is not None and remain <= 0 and expire_s:
            until = time.monotonic() + expire_s
            with self._lock:
                for bucket, _ in self._for(ep):
                    bucket.block_until(until)

    def observe_used(self, group: str, index: int, used: int) -> None:
        """The server counts `used` slots spent in window `index` of `group`: never assume fewer."""
        bucket = self._shared.get(f"{group}#{index}")
        if self.enabled and bucket is not None:
            with self._lock:
                bucket.tat = max(bucket.tat, time.monotonic() + used * bucket.interval)

    def ban(self, seconds: float, reason: str) -> None:  # float ok: seconds
        """Stop every request for `seconds`."""
        with self._lock:
            self.banned_until = max(self.banned_until, time.monotonic() + seconds)
            self.ban_reason = reason
