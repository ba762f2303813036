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
        """Set the offset from a server time read between `sent_ms` and `received_ms` (local).

        The server read its clock at some unknown moment of the round trip, so the true offset lies in
        ``[server - received, server - sent]``. We take the low end: our timestamps are then never ahead
        of the server's clock (both venues refuse a stamp 1 s in the future), only behind it by at most
        the round trip, which the recvWindow (5 s by default) absorbs. The midpoint would put stamps up to
        half a round trip in the future: after a 2 s round trip on a loaded machine, past the tolerance.
        Being late is also the safe side for an unknown outcome: the order's window closes no later
        than the client believes.
        """
        self.offset_ms = server_ms - max(sent_ms, received_ms)
        self.synced = True

    @staticmethod
    def local_ms() -> int:
        """Local wall time in Unix ms."""
        return time.time_ns() // 1_000_000
