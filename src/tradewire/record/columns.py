"""Parquet tables built column by column. Depth rows are buffered as column lists (`DepthColumns`): a handful
of GC-tracked objects however many rows, the levels kept as the venue's decimal strings until Arrow casts them to
decimal128(38, 18) at the flush, exactly (more than 18 decimals is refused, never rounded)."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from tradewire.record.rawdepth import RawDepth
from tradewire.record.schema import LEVEL, MONEY, SCHEMAS, Depth, Event


class DepthColumns:
    """Append `Depth` events or `RawDepth` rows; `table` gives the Parquet table in the order they came."""

    def __init__(self) -> None:
        self.ts_local: list[int] = []
        self.ts_event: list[int | None] = []
        self.seq: list[int | None] = []
        self.market: list[str] = []
        self.kind: list[str] = []
        self.first_id: list[int | None] = []
        self.prev_id: list[int | None] = []
        self.sides: dict[str, tuple[list[int], list[str], list[str]]] = {"bids": ([0], [], []), "asks": ([0], [], [])}

    def __len__(self) -> int:
        return len(self.ts_local)

    def add(self, row: Depth | RawDepth) -> None:
        """Append one row."""
        self.ts_local.append(row.ts_local)
        self.ts_event.append(row.ts_event)
        self.seq.append(row.seq)
        self.market.append(row.market)
        self.kind.append(row.kind)
        self.first_id.append(row.first_id)
        self.prev_id.append(row.prev_id)
        for name in ("bids", "asks"):
            raw = getattr(row, name)
            offsets, prices, qtys = self.sides[name]
            if raw and isinstance(row, Depth):
                prices += [format(lv.price, "f") for lv in raw]
                qtys += [format(lv.qty, "f") for lv in raw]
            elif raw:
                ps, qs = zip(*raw, strict=True)
                prices += ps
                qtys += qs
            offsets.append(len(prices))

    def table(self) -> pa.Table:
        """The rows as a table of the depth schema."""
        schema = SCHEMAS["depth"]
        arrays: list[pa.Array] = []
        for f in schema:
            if f.name in self.sides:
                offsets, prices, qtys = self.sides[f.name]
                values = pa.StructArray.from_arrays([pa.array(prices, pa.string()).cast(MONEY),
                                                     pa.array(qtys, pa.string()).cast(MONEY)], fields=list(LEVEL))
                arrays.append(pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=f.type))
            else:
                arrays.append(pa.array(getattr(self, f.name), f.type))
        return pa.Table.from_arrays(arrays, schema=schema)


def table_of(channel: str, rows: Sequence[Event | RawDepth]) -> pa.Table:
    """The Parquet table of one channel's rows, in order (no per-row dicts)."""
    if channel == "depth":
        cols = DepthColumns()
        for row in rows:
            cols.add(row)  # type: ignore[arg-type]
        return cols.table()
    schema = SCHEMAS[channel]
    return pa.Table.from_arrays([pa.array([getattr(row, f.name) for row in rows], f.type) for f in schema],
                                schema=schema)
