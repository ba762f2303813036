"""``@incrDepth`` of a replayed symbol: the recorded book changes, one frame per recorded message, with the
recorded ``lastUpdateId``.

A subscriber first gets the book as recorded at that instant (``action:"all"``), then each recorded update
(``action:"update"``, the recorded levels exactly, size 0 removing); a recorded snapshot is pushed as
``action:"all"`` (the live server's resync shape). After a gap in the recording nothing is pushed until the next
recorded snapshot: a local book kept from these frames never sees an update the venue did not send.

At high speeds a push round sends at most ``BURST`` frames, and none while a subscriber has more than
``BACKLOG`` bytes unread: the stream then runs behind the clock and catches up, every recorded message in order,
instead of the slow reader being dropped (what a live socket that far behind would get).
"""

from __future__ import annotations

import bisect
import functools
import zlib

from tradewire.sim import wsout
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.ws_frames import pack
from tradewire.sim.jsonenc import Json
from tradewire.sim.replay import BookCursor, ReplayMarket
from tradewire.sim.replay_data import NS_PER_MS, DepthStep, Levels

GZIP_LEVEL = 0  # stored: see `_gzip`
BURST = 16384  # frames per push round, at most (the loop writes between rounds)
BACKLOG = 4 * 1024 * 1024  # bytes a subscriber may have unread before the replayed pushes wait


@functools.lru_cache(maxsize=1 << 16)  # a book's prices and sizes repeat: formatting was a third of a push
def _text(units: int, decimals: int) -> str:
    whole, frac = divmod(units, 10**decimals)
    return f"{whole}.{frac:0{decimals}d}" if decimals else str(units)


def _rows(c: Contract, levels: Levels, descending: bool) -> list[Json]:
    pd, qd = c.price_precision, c.quantity_precision
    return [[_text(p, pd), _text(q, qd)] for p, q in sorted(levels, reverse=descending)]


def _wire(c: Contract, levels: Levels, descending: bool) -> str:
    """``[["price","qty"],...]`` as JSON text (the hot path of a replay: no encoder pass)."""
    pd, qd = c.price_precision, c.quantity_precision
    return ",".join(f'["{_text(p, pd)}","{_text(q, qd)}"]' for p, q in sorted(levels, reverse=descending))


def snapshot(c: Contract, topic: str, cursor: BookCursor, now: int) -> bytes | None:
    """The book the cursor stands at as ``action:"all"`` (None before the first snapshot or within a gap)."""
    if cursor.broken or cursor.update_id is None:
        return None
    return pack({"code": 0, "dataType": topic, "data": {
        "action": "all", "lastUpdateId": cursor.update_id, "time": now,
        "bids": _rows(c, tuple(cursor.bids.items()), True), "asks": _rows(c, tuple(cursor.asks.items()), False)}})


def _update_id(cursor: BookCursor, step: DepthStep) -> int:
    """The recorded id; a message recorded without one gets its position (increasing, never reused)."""
    return step.update_id if step.update_id is not None else cursor.next


class Feed:
    """The recorded messages of one replayed ``@incrDepth`` topic, as websocket frames built once (`frames_of`),
    and how far the feed has pushed them."""

    def __init__(self, c: Contract, topic: str, steps: list[DepthStep], frames: list[bytes | None],
                 now: int) -> None:
        self.contract, self.topic, self.steps, self.frames = c, topic, steps, frames
        self.ns = [s.ns for s in steps]
        self.next = bisect.bisect_right(self.ns, (now + 1) * NS_PER_MS - 1)  # the stream starts at ``now``

    def snapshot(self, now: int) -> bytes | None:
        """The book as pushed so far as ``action:"all"`` (None before the first snapshot or within a gap)."""
        cursor = BookCursor(self.steps)
        while cursor.next < self.next:
            cursor.apply(self.steps[cursor.next])
        return snapshot(self.contract, self.topic, cursor, now)

    def pending(self, now: int, limit: int) -> list[bytes]:
        """The websocket frames of the recorded steps up to ``now`` not pushed yet, in order, at most ``limit``
        steps' worth (the feed moves past them)."""
        start = self.next
        end = min(bisect.bisect_right(self.ns, (now + 1) * NS_PER_MS - 1, start), start + limit)
        self.next = end
        return [f for f in self.frames[start:end] if f is not None]


def feed_of(market: object, symbol: str, topic: str, now: int) -> Feed | None:
    """The replayed feed of ``topic`` from ``now`` (None: ``symbol`` is synthetic); its frames are built on the
    first subscription to the topic and kept for every later one."""
    if not isinstance(market, ReplayMarket):
        return None
    rec = market.recorded(symbol)
    if rec is None:
        return None
    frames = market.wire.get(topic)
    if frames is None:
        frames = market.wire[topic] = frames_of(rec.contract, topic, rec.depth)
    return Feed(rec.contract, topic, rec.depth, frames, now)


def frames_of(c: Contract, topic: str, steps: list[DepthStep]) -> list[bytes | None]:
    """Per recorded step, the websocket frame the venue pushed for it (None: not pushed, the step lies in a gap),
    each framed once (`wsout.frame`: every subscriber gets the same bytes)."""
    out: list[bytes | None] = []
    cursor = BookCursor(steps)
    for step in steps:
        if not cursor.apply(step):
            out.append(None)
            continue
        snap = step.kind == "snapshot"
        body = (f'{{"code":0,"dataType":"{topic}","data":{{"action":"{"all" if snap else "update"}",'
                f'"lastUpdateId":{_update_id(cursor, step)},"time":{step.time},'
                f'"bids":[{_wire(c, step.bids, True)}],"asks":[{_wire(c, step.asks, not snap)}]}}}}')
        out.append(wsout.frame(_gzip(body.encode())))
    return out


def _gzip(data: bytes) -> bytes:
    """A gzip member of ``data``, its deflate data in stored blocks (level ``GZIP_LEVEL``): any gzip reader inflates
    it exactly like the venue's compressed frames, only the size differs (about +45 % on a 2+2-level update).
    Compressing was the replay's cost per frame (30 us, and 210 us with zlib's default 32 KiB window, against
    2 us stored), and a replay's frames only travel over loopback; the window is the smallest (512 bytes)."""
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + 9, 1)
    return packer.compress(data) + packer.flush()
