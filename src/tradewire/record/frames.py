"""Depth messages recorded as received, parsed a whole batch at a time in Arrow.

The event loop only appends ``(ts_local, bytes)`` to a `DepthTape`: a BingX ``@incrDepth`` frame, a Binance
diff-event payload (the ``data`` of the combined-stream frame), or a Binance REST snapshot encoded as one line
(`binance_snapshot_line`). At the flush, in the writer thread, `depth_table` hands the newline-joined lines to
Arrow's JSON reader (C++, GIL released) with an explicit schema whose levels are decimal128(38, 18): the decimal
strings are converted exactly and a value with more than 18 decimals is refused, never rounded. A batch Arrow
refuses is parsed line by line so only the bad lines are left out, each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from tradewire.bingx.ws_models import decode_incr_depth
from tradewire.record.rawdepth import RawDepth
from tradewire.record.schema import LEVEL, MONEY, SCHEMAS, Market, Venue

_PAIRS = pa.list_(pa.list_(MONEY))
_BINGX = pa.schema([pa.field("data", pa.struct([
    pa.field("action", pa.string()),
    pa.field("lastUpdateId", pa.int64()),
    pa.field("time", pa.int64()),  # the samples carry `time` (bingx/ws_models.IncrDepth)
    pa.field("bids", _PAIRS),
    pa.field("asks", _PAIRS),
]))])
_BINANCE = pa.schema([  # a diff event (binance.md §16; `pu` on futures only), or a snapshot line (`kind`)
    pa.field("E", pa.int64()),
    pa.field("U", pa.int64()),
    pa.field("u", pa.int64()),
    pa.field("pu", pa.int64()),
    pa.field("b", _PAIRS),
    pa.field("a", _PAIRS),
    pa.field("kind", pa.string()),
])
_READ = pj.ReadOptions(use_threads=False, block_size=1 << 30)  # one block: a batch is at most a flush interval


class DepthTape:
    """One symbol's depth messages since the last drain: two appends per message, nothing else on the event loop."""

    __slots__ = ("frames", "symbol", "ts")

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.ts: list[int] = []
        self.frames: list[bytes] = []

    def take(self) -> tuple[list[int], list[bytes]]:
        """The messages so far (receipt times, bytes); the tape starts empty again."""
        taken = self.ts, self.frames
        self.ts, self.frames = [], []
        return taken


class _BinanceLine(msgspec.Struct):
    u: int
    E: int | None = None
    U: int | None = None
    pu: int | None = None
    b: list[tuple[str, str]] = []
    a: list[tuple[str, str]] = []
    kind: str = "update"


_decode_binance = msgspec.json.Decoder(_BinanceLine).decode


def binance_snapshot_line(last_update_id: int, bids: list[tuple[str, str]], asks: list[tuple[str, str]]) -> bytes:
    """A Binance REST depth snapshot as a tape line (seq = lastUpdateId)."""
    return msgspec.json.encode(_BinanceLine(u=last_update_id, b=bids, a=asks, kind="snapshot"))


def frame_row(venue: Venue, market: Market, symbol: str, ts_local: int, frame: bytes) -> RawDepth:
    """One tape line as a `RawDepth` row (for the sinks and the status line; the line was valid when taped)."""
    if venue == "bingx":
        msg = decode_incr_depth(frame)[0]
        return RawDepth(venue, symbol, market, ts_local, msg.time, msg.last_update_id,
                        "snapshot" if msg.action == "all" else "update", None, None, msg.bids, msg.asks)
    line = _decode_binance(frame)
    return RawDepth(venue, symbol, market, ts_local, line.E, line.u, line.kind, line.U, line.pu, line.b, line.a)


@dataclass
class DepthFrames:
    """Tape lines buffered for one partition until the flush."""

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


Columns = tuple[pa.Array, pa.Array, pa.Array, pa.Array, pa.Array, pa.Array, pa.Array]


def _bingx(parsed: pa.Table) -> Columns:
    """ts_event, seq, kind, first_id, prev_id, bids, asks of BingX frames (action "all" is a snapshot)."""
    data = parsed.column("data").combine_chunks()
    if data.null_count:
        raise pa.ArrowInvalid("a frame without data")
    n = len(data)
    kind = pc.if_else(pc.equal(data.field("action"), "all"), "snapshot", "update")
    return (data.field("time"), data.field("lastUpdateId"), kind, pa.nulls(n, pa.int64()), pa.nulls(n, pa.int64()),
            data.field("bids"), data.field("asks"))


def _binance(parsed: pa.Table) -> Columns:
    """The same of Binance lines: first_id = U, seq = u, prev_id = pu (futures); a snapshot line has only u."""
    col = parsed.combine_chunks().column
    if col("u").null_count:
        raise pa.ArrowInvalid("a depth event without u")
    return (col("E").chunk(0), col("u").chunk(0), pc.coalesce(col("kind").chunk(0), "update"), col("U").chunk(0),
            col("pu").chunk(0), col("b").chunk(0), col("a").chunk(0))


_LAYOUTS: dict[str, tuple[pa.Schema, Callable[[pa.Table], Columns]]] = {"bingx": (_BINGX, _bingx),
                                                                        "binance": (_BINANCE, _binance)}


def _table(venue: str, ts: list[int], frames: list[bytes], market: str) -> pa.Table:
    schema, columns = _LAYOUTS[venue]
    joined = b"\n".join(frames)
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore",
                              newlines_in_values=joined.count(b"\n") != len(frames) - 1)
    parsed = pj.read_json(pa.BufferReader(joined), read_options=_READ, parse_options=options)
    if parsed.num_rows != len(ts):
        raise pa.ArrowInvalid(f"{parsed.num_rows} JSON objects in {len(ts)} messages")
    ts_event, seq, kind, first_id, prev_id, bids, asks = columns(parsed)
    return pa.Table.from_arrays([pa.array(ts, pa.int64()), ts_event, seq, pa.array([market] * len(ts), pa.string()),
                                 kind, first_id, prev_id, _levels(bids), _levels(asks)], schema=SCHEMAS["depth"])


def depth_table(venue: str, batch: DepthFrames) -> tuple[pa.Table, list[tuple[int, str]]]:
    """The depth table of the lines Arrow accepts, in order, and ``(ts_local, reason)`` of each it refused."""
    try:
        return _table(venue, batch.ts, batch.frames, batch.market), []
    except pa.ArrowInvalid:  # rare: find the bad lines one by one, keep the others
        pass
    kept: list[int] = []
    refused: list[tuple[int, str]] = []
    for i, frame in enumerate(batch.frames):
        try:
            _table(venue, batch.ts[i:i + 1], [frame], batch.market)
            kept.append(i)
        except pa.ArrowInvalid as exc:
            refused.append((batch.ts[i], f"frame refused: {exc}"))
    if not kept:
        return SCHEMAS["depth"].empty_table(), refused
    return _table(venue, [batch.ts[i] for i in kept], [batch.frames[i] for i in kept], batch.market), refused
