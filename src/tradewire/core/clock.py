"""Server-time offset: every `timestamp` is local time corrected by it."""

from __future__ import annotations

import time
from collections.abc import Callable


class Clock:
    """Keeps `offset_ms = server - local`, measured from a server-time call."""

    __slots__ = ("offset_ms", "source", "synced")

    def __init__(self, source: Callable[[], int] | None = None) -> None:
        self.offset_ms = 0
        self.synced = False
        #: local Unix ms; replaceable for tests
        self.source = source or Clock.local_ms

    def now_ms(self) -> int:
        """Server time now, in Unix ms."""
        return self.source() + self.offset_ms

    def update(self, server_ms: int, sent_ms: int, received_ms: int) -> None:
        """Set the offset from a server time read between `sent_ms` and `received_ms` (local)."""
        self.offset_ms = server_ms - (sent_ms + received_ms) // 2
        self.synced = True

    @staticmethod
    def local_ms() -> int:
        """Local wall time in Unix ms."""
        return time.time_ns() // 1_000_000
