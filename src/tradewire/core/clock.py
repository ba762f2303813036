"""Server-time offset: every `timestamp` is local time corrected by it."""

from __future__ import annotations

import time


class Clock:
    """Keeps `offset_ms = server - local`, measured from a server-time call."""

    __slots__ = ("offset_ms", "synced")

    def __init__(self) -> None:
        self.offset_ms = 0
        self.synced = False

    def now_ms(self) -> int:
        """Server time now, in Unix ms."""
        return time.time_ns() // 1_000_000 + self.offset_ms

    def update(self, server_ms: int, sent_ms: int, received_ms: int) -> None:
        """Set the offset from a server time read between `sent_ms` and `received_ms` (local)."""
        self.offset_ms = server_ms - (sent_ms + received_ms) // 2
        self.synced = True

    @staticmethod
    def local_ms() -> int:
        """Local wall time in Unix ms."""
        return time.time_ns() // 1_000_000
