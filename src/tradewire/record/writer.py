"""The Parquet writer: rows buffered per partition, each flush a complete file written as ``.tmp`` then renamed.

Every flush closes the files it wrote, so a killed process loses at most the rows buffered since the last
flush and leaves at most a ``.tmp`` file (readers ignore it; the next writer on the same root removes it).
A file never spans a roll boundary (``roll_ns``): rows are split at it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tradewire.record.columns import DepthColumns, table_of
from tradewire.record.frames import DepthFrames, depth_table
from tradewire.record.rawdepth import RawDepth
from tradewire.record.schema import SCHEMAS, TMP_SUFFIX, Depth, Event, StreamEvent, channel_of, file_name, partition_dir

DAY_NS = 86_400 * 1_000_000_000
Key = tuple[str, str, str]  # venue, channel, symbol
Row = Event | RawDepth
Buffer = list[Event] | DepthColumns | DepthFrames  # depth as columns or raw frames, the others as events
# No dictionary pages (three times faster to write, and smaller once compressed) but for the two short labels;
# statistics only on the flat columns (readers filter on times and ids, never on levels): ~1 us less a depth row.
_OPTIONS: dict[str, dict[str, Any]] = {
    channel: {"use_dictionary": [n for n in ("market", "kind") if n in schema.names],
              "write_statistics": [f.name for f in schema if not pa.types.is_list(f.type)]}
    for channel, schema in SCHEMAS.items()}


def remove_tmp(root: Path) -> int:
    """Delete the ``.tmp`` files a killed writer left under ``root``; returns how many."""
    removed = 0
    for tmp in root.rglob(f"*.parquet{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


class DatasetWriter:
    """Buffers normalized events and writes them as Parquet files on `flush` (call it every flush interval)."""

    def __init__(self, root: Path, roll_ns: int = 15 * 60 * 1_000_000_000) -> None:
        self.root = root
        self.roll_ns = roll_ns
        self._rows: dict[Key, Buffer] = {}
        self._seq = 0
        self._lock = threading.Lock()
        self.rows_written = 0
        self.files_written = 0
        self.refused = 0  # frames refused at the flush (each an events 'gap' row)
        root.mkdir(parents=True, exist_ok=True)
        remove_tmp(root)

    @property
    def pending(self) -> int:
        """Rows buffered and not yet on disk."""
        return sum(len(rows) for rows in self._rows.values())

    def add(self, event: Row) -> None:
        """Buffer one event (or raw depth row)."""
        if isinstance(event, RawDepth | Depth):
            cols = self._rows.get((event.venue, "depth", event.symbol))
            if cols is None:
                cols = self._rows[(event.venue, "depth", event.symbol)] = DepthColumns()
            assert isinstance(cols, DepthColumns)
            cols.add(event)
            return
        rows = self._rows.setdefault((event.venue, channel_of(event), event.symbol), [])
        assert isinstance(rows, list)
        rows.append(event)

    def add_frames(self, venue: str, market: str, symbol: str, ts: list[int], frames: list[bytes]) -> None:
        """Buffer depth tape lines (parsed at the flush). A partition gets lines or depth rows (`add`), never
        both: the recorder's depth comes as lines, `Depth` rows are for tools that write events."""
        key = (venue, "depth", symbol)
        buffer = self._rows.get(key)
        if buffer is None:
            self._rows[key] = DepthFrames(market, ts, frames)
            return
        assert isinstance(buffer, DepthFrames)
        buffer.ts += ts
        buffer.frames += frames

    def extend(self, events: Iterable[Row]) -> None:
        """Buffer events in order."""
        for event in events:
            self.add(event)

    def take(self) -> dict[Key, Buffer]:
        """Hand the buffered rows over (to `write`, possibly in another thread) and start a new buffer."""
        rows, self._rows = self._rows, {}
        return rows

    def write(self, batches: dict[Key, Buffer]) -> list[Path]:
        """Write each partition's rows as closed files (split at roll boundaries and dates); returns the paths."""
        with self._lock:
            return self._write(batches)

    def _write(self, batches: dict[Key, Buffer]) -> list[Path]:
        parsed: dict[Key, pa.Table] = {}
        for key, rows in list(batches.items()):  # frames first: a refused frame is an events row to write too
            if isinstance(rows, DepthFrames):
                venue, _, symbol = key
                parsed[key], refused = depth_table(venue, rows)
                gaps = batches.setdefault((venue, "events", symbol), [])
                assert isinstance(gaps, list)
                gaps += [StreamEvent(venue=venue, symbol=symbol, ts_local=ts, market=rows.market,  # type: ignore[arg-type]
                                     kind="gap", stream="depth", detail=reason) for ts, reason in refused]
                self.refused += len(refused)
        paths: list[Path] = []
        for (venue, channel, symbol), rows in batches.items():
            if isinstance(rows, DepthFrames):
                table = parsed[(venue, channel, symbol)]
                stamps = table.column("ts_local").to_pylist()
            elif isinstance(rows, DepthColumns):
                table, stamps = rows.table(), rows.ts_local
            else:
                table, stamps = table_of(channel, rows), [ev.ts_local for ev in rows]
            for start, end in self._split(stamps):
                first = stamps[start]
                self._seq = seq = self._seq + 1
                folder = partition_dir(self.root, venue, channel, symbol, first)
                folder.mkdir(parents=True, exist_ok=True)
                final = folder / file_name(first, seq)
                tmp = final.with_name(final.name + TMP_SUFFIX)
                pq.write_table(table.slice(start, end - start), tmp, compression="zstd", **_OPTIONS[channel])
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, final)
                paths.append(final)
                self.rows_written += end - start
                self.files_written += 1
        return paths

    def flush(self) -> list[Path]:
        """Write everything buffered now."""
        return self.write(self.take())

    def _split(self, stamps: list[int]) -> list[tuple[int, int]]:
        """Row ranges ``[start, end)``: a new file at each roll boundary and each UTC midnight."""
        ranges: list[tuple[int, int]] = []
        window: tuple[int, int] | None = None
        for i, ts in enumerate(stamps):
            w = (ts // self.roll_ns, ts // DAY_NS)
            if w != window:
                if ranges:
                    ranges[-1] = (ranges[-1][0], i)
                ranges.append((i, len(stamps)))
                window = w
        return ranges
