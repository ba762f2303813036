"""Token buckets per (uid, endpoint) and per (ip, group), as the rate-limit tables describe."""

from __future__ import annotations

import math
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """``count`` requests per ``period_ms``; the bucket holds ``count`` and refills continuously."""

    count: int
    period_ms: int


@dataclass(frozen=True)
class Verdict:
    """Outcome of a take: allowed or not, plus the values for the X-RateLimit headers."""

    allowed: bool
    remain: int
    expire_ms: int  # simulated Unix ms at which the tightest bucket is full again


class RateLimiter:
    """A request takes one token from every bucket it falls into, or from none if one is empty.

    The live server also bans for five minutes after repeated excess; the simulator only refuses.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[Hashable, tuple[float, int]] = {}  # float ok: window start, seconds

    def take(self, scopes: Sequence[tuple[Hashable, Limit]], now: int) -> Verdict:
        """Try to take a token in each (key, limit) scope at simulated time ``now``."""
        with self._lock:
            levels = []
            for key, limit in scopes:
                tokens, updated = self._buckets.get(key, (float(limit.count), now))  # float ok: not money
                refill = max(0, now - updated) * limit.count / limit.period_ms
                levels.append((key, limit, min(float(limit.count), tokens + refill)))  # float ok: not money
            allowed = all(tokens >= 1 for _, _, tokens in levels)
            headers = []
            for key, limit, tokens in levels:
                left = tokens - 1 if allowed else tokens
                self._buckets[key] = (left, now)
                full_in = math.ceil((limit.count - left) * limit.period_ms / limit.count)
                headers.append((math.floor(left), now + full_in))
            remain, expire = min(headers, default=(0, now))
            return Verdict(allowed, remain, expire)
