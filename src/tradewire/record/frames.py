"""BingX ``@incrDepth`` frames recorded as received, parsed a whole batch at a time in Arrow.

The event loop only appends ``(ts_local, frame bytes)`` to a `DepthTape`; at the flush, in the writer thread,
`depth_table` hands the newline-joined frames to Arrow's JSON reader (C++, GIL released) with an explicit
schema whose levels are decimal128(38, 18): the decimal strings are converted exactly and a value with more
than 18 decimals is refused, never rounded. A batch Arrow refuses is parsed frame by frame so only the bad
frames are left out, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from tradewire.record.schema import LEVEL, MONEY, SCHEMAS

_PAIRS = pa.list_(pa.list_(MONEY))
_FRAME = pa.schema([pa.field("data", pa.struct([
    pa.field("action", pa.string()),
    pa.field("lastUpdateId", pa.int64()),
    pa.field("time", pa.int64()),  # the samples carry `time` (bingx/ws_models.IncrDepth)
    pa.field("bids", _PAIRS),
    pa.field("asks", _PAIRS),
]))])
_READ = pj.ReadOptions(use_threads=False, block_size=1 << 30)  # one block: a batch is at most a flush interval
_PARSE = pj.ParseOptions(explicit_schema=_FRAME, unexpected_field_behavior="ignore")
_PARSE_NL = pj.ParseOptions(explicit_schema=_FRAME, unexpected_field_behavior="ignore", newlines_in_values=True)


class DepthTape:
    """One symbol's frames since the last drain: two appends per push, nothing else on the event loop."""

    __slots__ = ("frames", "symbol", "ts")

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.ts: list[int] = []
        self.frames: list[bytes] = []

    def take(self) -> tuple[list[int], list[bytes]]:
        """The frames so far (receipt times, bytes); the tape starts empty again."""
        taken = self.ts, self.frames
        self.ts, self.frames = [], []
        return taken


@dataclass
class DepthFrames:
    """Frames buffered for one partition until the flush."""

    market: str
    ts: list[int] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ts)


_steps: list[pa.Array] = [pa.array([], pa.int32()), pa.array([], pa.int32())]  # even, odd indices (cached)


def _take_every_other(flat: pa.Array, n: int) -> tuple[pa.Array, pa.Array]:
    """``flat[0::2], flat[1::2]`` for ``2 * n`` values (index arrays cached, grown as needed)."""
    if len(_steps[0]) < n:
        size = max(n, 2 * len(_steps[0]), 4096)
        _steps[:] = [pa.array(range(0, 2 * size, 2), pa.int32()), pa.array(range(1, 2 * size, 2), pa.int32())]
    return flat.take(_steps[0].slice(0, n)), flat.take(_steps[1].slice(0, n))


def _levels(pairs: pa.Array) -> pa.Array:
    """``list<list<decimal>>`` of ``[price, qty]`` pairs as the schema's ``list<struct<price, qty>>`` (a missing
    side is an empty list, as the client reads it)."""
    inner = pairs.values
    n = len(inner)
    flat = inner.values
    if n and (inner.null_count or flat.null_count or len(flat) != 2 * n
              or pc.any(pc.not_equal(pc.list_value_length(inner), 2)).as_py()):
        raise pa.ArrowInvalid("a level is not a [price, qty] pair of decimal strings")
    prices, qtys = _take_every_other(flat, n)
    values = pa.StructArray.from_arrays([prices, qtys], fields=list(LEVEL))
    return pa.ListArray.from_arrays(pairs.offsets, values, type=pa.list_(LEVEL))


def _table(ts: list[int], frames: list[bytes], market: str) -> pa.Table:
    joined = b"\n".join(frames)
    options = _PARSE if joined.count(b"\n") == len(frames) - 1 else _PARSE_NL
    data = pj.read_json(pa.BufferReader(joined), read_options=_READ, parse_options=options).column("data")
    data = data.combine_chunks()
    if data.null_count:
        raise pa.ArrowInvalid("a frame without data")
    n = len(ts)
    return pa.Table.from_arrays([
        pa.array(ts, pa.int64()),
        data.field("time"),
        data.field("lastUpdateId"),
        pa.array([market] * n, pa.string()),
        pc.if_else(pc.equal(data.field("action"), "all"), "snapshot", "update"),
        pa.nulls(n, pa.int64()),
        pa.nulls(n, pa.int64()),
        _levels(data.field("bids")),
        _levels(data.field("asks")),
    ], schema=SCHEMAS["depth"])


def depth_table(batch: DepthFrames) -> tuple[pa.Table, list[tuple[int, str]]]:
    """The depth table of the frames Arrow accepts, in order, and ``(ts_local, reason)`` of each it refused."""
    try:
        return _table(batch.ts, batch.frames, batch.market), []
    except pa.ArrowInvalid:  # rare: find the bad frames one by one, keep the others
        pass
    kept: list[int] = []
    refused: list[tuple[int, str]] = []
    for i, frame in enumerate(batch.frames):
        try:
            _table(batch.ts[i:i + 1], [frame], batch.market)
            kept.append(i)
        except pa.ArrowInvalid as exc:
            refused.append((batch.ts[i], f"frame refused: {exc}"))
    if not kept:
        return SCHEMAS["depth"].empty_table(), refused
    return _table([batch.ts[i] for i in kept], [batch.frames[i] for i in kept], batch.market), refused
