"""Rebuild a recorded order book at an instant: the latest snapshot before T, then the updates up to T.

Refuses (`BookGap`) when an events 'gap' row lies between that snapshot and T, or when the updates do not
continue the snapshot's ids (Binance: the first update must straddle lastUpdateId+1, each next one continue
the last: ``U == u+1`` on spot, ``pu == u`` on futures; BingX: ids only increase).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradewire.core.book import OrderBook
from tradewire.record.query import connect


class BookGap(Exception):
    """The recording is not continuous between the snapshot and the instant asked."""


@dataclass(frozen=True)
class RebuiltBook:
    """The book and where it came from."""

    book: OrderBook
    snapshot_ts_local: int
    last_ts_local: int
    updates: int


def _levels(rows: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    return [(format(lv["price"].normalize(), "f"), format(lv["qty"].normalize(), "f")) for lv in rows or []]


def book_at(root: str | Path, venue: str, symbol: str, at_ns: int) -> RebuiltBook:
    """The book of ``symbol`` as recorded at ``at_ns`` (ns since the epoch)."""
    con = connect(root)
    try:
        snap = con.execute(
            "SELECT ts_local, seq, bids, asks FROM depth WHERE venue = ? AND symbol = ? AND kind = 'snapshot' "
            "AND ts_local <= ? ORDER BY ts_local DESC, filename DESC LIMIT 1",
            [venue, symbol, at_ns]).fetchone()
        if snap is None:
            raise BookGap(f"no depth snapshot of {venue} {symbol} at or before that instant")
        t0, last_id, bids, asks = snap
        gap = con.execute(
            "SELECT ts_local, detail FROM events WHERE venue = ? AND symbol = ? AND kind = 'gap' "
            "AND stream = 'depth' AND ts_local >= ? AND ts_local <= ? ORDER BY ts_local LIMIT 1",
            [venue, symbol, t0, at_ns]).fetchone()
        if gap is not None:
            raise BookGap(f"a gap lies between the snapshot and that instant: {gap[1]}")
        updates = con.execute(
            "SELECT ts_local, seq, first_id, prev_id, bids, asks FROM depth WHERE venue = ? AND symbol = ? "
            "AND kind = 'update' AND ts_local >= ? AND ts_local <= ? ORDER BY ts_local, filename, file_row_number",
            [venue, symbol, t0, at_ns]).fetchall()
    finally:
        con.close()
    book = OrderBook()
    book.replace(_levels(bids), _levels(asks), last_id)
    first, applied, last_ts = True, 0, t0
    for ts, seq, first_id, prev_id, ub, ua in updates:
        if seq is not None and last_id is not None and seq <= last_id:
            continue
        if first_id is not None and last_id is not None:
            if prev_id is not None and not first:
                ok = prev_id == last_id
            else:
                ok = first_id <= last_id + 1 if first else first_id == last_id + 1
            if not ok:
                raise BookGap(f"update {first_id}..{seq} does not continue {last_id}")
        book.update(_levels(ub), _levels(ua), seq)
        last_id, first, applied, last_ts = seq, False, applied + 1, ts
    return RebuiltBook(book, t0, last_ts, applied)

