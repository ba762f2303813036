"""The simulator's clock: wall time scaled by a speed factor, plus a settable skew."""

from __future__ import annotations

import threading
import time


def _wall() -> float:  # float ok: seconds
    """Real time as the clients on this machine read it. Not `time.monotonic`: where the two run at different
    rates (0.5 % apart on some virtual machines), a server on the monotonic clock drifts from every client's
    timestamps by seconds an hour, and a live server's clock follows the wall clock."""
    return time.time()


class SimClock:
    """Simulated time in Unix ms.

    ``base_ms()`` is the simulated time itself (it starts at the wall clock and runs ``speed`` times as
    fast); ``now_ms()`` is what the server reports and checks timestamps against: ``base_ms() + skew_ms``.

    A client's clock runs at real speed. Once it has measured its offset from the server time, its
    timestamps drift from a clock that runs at another speed: ahead of a frozen (or slowed) clock by
    the real time that passed, behind a fast one by the extra simulated time. A real server's clock
    does not do that, so ``stamp_age_ms`` forgives exactly that drift (``ahead_ms``/``behind_ms``,
    accumulated over the clock's life); at speed 1 it forgives nothing. Jumps (``advance``, ``skew_ms``)
    are not forgiven: a client meets them as a live client meets a server whose clock was stepped.
    """

    def __init__(self, start_ms: int | None = None) -> None:
        """``start_ms``: where simulated time starts (default: now; a replay starts at its recording)."""
        self._lock = threading.Lock()
        self._anchor_wall = _wall()
        # float ok: simulated milliseconds (time, not money), read back as int by base_ms()
        self._anchor_ms = self._anchor_wall * 1000.0 if start_ms is None else float(start_ms)
        self._speed = 1.0
        self._ahead_ms = 0.0  # real ms lived at speeds below 1, each weighted by (1 - speed)
        self._behind_ms = 0.0  # real ms lived at speeds above 1, each weighted by (speed - 1)
        self.skew_ms = 0

    def base_ms(self) -> int:
        """Simulated time without skew (used for rate limits and expiries)."""
        with self._lock:
            return int(self._anchor_ms + (_wall() - self._anchor_wall) * 1000.0 * self._speed)

    def now_ms(self) -> int:
        """Server time: simulated time plus ``skew_ms``."""
        return self.base_ms() + self.skew_ms

    def drift_ms(self) -> tuple[int, int]:
        """How far a client synced at any moment may now run (ahead of, behind) ``now_ms()``: see the class."""
        with self._lock:
            real = (_wall() - self._anchor_wall) * 1000.0
            ahead = self._ahead_ms + real * max(0.0, 1.0 - self._speed)
            behind = self._behind_ms + real * max(0.0, self._speed - 1.0)
        return int(ahead), int(behind)

    def stamp_age_ms(self, stamp: int, now: int | None = None) -> int:
        """``now - stamp`` (``now`` defaults to ``now_ms()``), less the drift a synced client cannot help.

        The server checks ``-tolerance <= age <= recvWindow``: negative ages are stamps from the future.
        """
        age = (self.now_ms() if now is None else now) - stamp
        ahead, behind = self.drift_ms()
        if age < 0:
            return min(0, age + ahead)
        return max(0, age - behind)

    @property
    def speed(self) -> float:  # float ok: not money
        """How many simulated seconds pass per real second (0 freezes time)."""
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:  # float ok: not money
        if value < 0:
            raise ValueError("speed must be >= 0")
        with self._lock:
            wall = _wall()
            real = (wall - self._anchor_wall) * 1000.0
            self._anchor_ms += real * self._speed
            self._ahead_ms += real * max(0.0, 1.0 - self._speed)
            self._behind_ms += real * max(0.0, self._speed - 1.0)
            self._anchor_wall = wall
            self._speed = float(value)  # float ok: not money

    def __getstate__(self) -> dict[str, float]:  # float ok: not money
        """For a snapshot: where simulated time is now (anchors mean nothing to another process)."""
        with self._lock:
            real = (_wall() - self._anchor_wall) * 1000.0
            return {"now_ms": self._anchor_ms + real * self._speed, "speed": self._speed, "skew_ms": self.skew_ms,
                    "ahead_ms": self._ahead_ms + real * max(0.0, 1.0 - self._speed),
                    "behind_ms": self._behind_ms + real * max(0.0, self._speed - 1.0)}

    def __setstate__(self, state: dict[str, float]) -> None:  # float ok: not money
        """Continue from the saved simulated time (not from the wall clock)."""
        self._lock = threading.Lock()
        self._anchor_ms = state["now_ms"]
        self._anchor_wall = _wall()
        self._speed = state["speed"]
        self._ahead_ms = state["ahead_ms"]
        self._behind_ms = state["behind_ms"]
        self.skew_ms = int(state["skew_ms"])

    def advance(self, ms: int) -> None:
        """Jump simulated time forward by ``ms`` (tests use it to expire listen keys)."""
        if ms < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._anchor_ms += ms
