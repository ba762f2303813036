"""Websocket faults for the BingX stream simulator: bounded, thread-safe, consumed as they apply.

Connection faults hit up to ``count`` open connections (oldest first) at the next push round, then
connections opened later until used up: ``drop`` closes the TCP connection abruptly, ``no_ping``
stops the heartbeat, ``silence`` stops every outgoing frame (acks, data, pings) while the socket stays
open. ``@incrDepth`` faults hit the next ``count`` update pushes of ``symbol`` (any when None):
``skip_ids`` advances ``lastUpdateId`` by ``1 + gap`` with consistent data (a gap is not loss),
``stale`` re-sends the previous update frame (an out-of-order, stale id) right after the current one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

CONNECTION_KINDS = ("drop", "no_ping", "silence")
DEPTH_KINDS = ("skip_ids", "stale")
KINDS = CONNECTION_KINDS + DEPTH_KINDS
MAX_PENDING = 100
MAX_COUNT = 10_000
MAX_GAP = 1000


@dataclass
class WsFault:
    """A pending fault; ``remaining`` counts down as it applies."""

    kind: str
    remaining: int
    symbol: str | None = None
    gap: int = 0


class WsFaults:
    """Pending websocket faults; ``add`` from any thread, the stream server ``take``s them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[WsFault] = []

    def add(self, kind: str, count: int = 1, *, symbol: str | None = None, gap: int | None = None) -> WsFault:
        """Queue ``kind`` for ``count`` uses; ``symbol`` applies to depth kinds, ``gap`` (default 5) to
        ``skip_ids``."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if not 1 <= count <= MAX_COUNT:
            raise ValueError(f"count must be between 1 and {MAX_COUNT}")
        if kind in CONNECTION_KINDS and symbol is not None:
            raise ValueError(f"{kind} takes no symbol")
        if gap is not None and (kind != "skip_ids" or not 1 <= gap <= MAX_GAP):
            raise ValueError(f"gap applies to skip_ids only and must be between 1 and {MAX_GAP}")
        fault = WsFault(kind, count, symbol, (5 if gap is None else gap) if kind == "skip_ids" else 0)
        with self._lock:
            if len(self._pending) >= MAX_PENDING:
                raise ValueError(f"at most {MAX_PENDING} pending faults")
            self._pending.append(fault)
        return fault

    def take(self, kind: str, symbol: str | None = None) -> WsFault | None:
        """Consume one use of the first pending ``kind`` fault matching ``symbol``."""
        with self._lock:
            for fault in self._pending:
                if fault.kind == kind and fault.symbol in (None, symbol):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._pending.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        """Drop every pending fault (faults already applied to a connection stay)."""
        with self._lock:
            self._pending.clear()
