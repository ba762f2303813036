"""The simulator's clock: wall time scaled by a speed factor, plus a settable skew."""

from __future__ import annotations

import threading
import time


class SimClock:
    """Simulated time in Unix ms.

    ``base_ms()`` is the simulated time itself (it starts at the wall clock and runs ``speed`` times as
    fast); ``now_ms()`` is what the server reports and checks timestamps against: ``base_ms() + skew_ms``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._anchor_ms = time.time() * 1000.0
        self._anchor_mono = time.monotonic()
        self._speed = 1.0
        self.skew_ms = 0

    def base_ms(self) -> int:
        """Simulated time without skew (used for rate limits and expiries)."""
        with self._lock:
            return int(self._anchor_ms + (time.monotonic() - self._anchor_mono) * 1000.0 * self._speed)

    def now_ms(self) -> int:
        """Server time: simulated time plus ``skew_ms``."""
        return self.base_ms() + self.skew_ms

    @property
    def speed(self) -> float:  # float ok: not money
        """How many simulated seconds pass per real second (0 freezes time)."""
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:  # float ok: not money
        if value < 0:
            raise ValueError("speed must be >= 0")
        with self._lock:
            mono = time.monotonic()
            self._anchor_ms += (mono - self._anchor_mono) * 1000.0 * self._speed
            self._anchor_mono = mono
            self._speed = float(value)  # float ok: not money

    def advance(self, ms: int) -> None:
        """Jump simulated time forward by ``ms`` (tests use it to expire listen keys)."""
        if ms < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._anchor_ms += ms
