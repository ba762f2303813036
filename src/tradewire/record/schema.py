"""The recording dataset (issue 19): Parquet schemas, the path layout and the normalized events.

This module is the contract between the recorder, the query helpers and the replay simulator.
Layout (hive partitions)::

    <root>/venue=<bingx|binance>/channel=<trades|depth|ticker|mark|events>/symbol=<SYMBOL>/
          date=<YYYY-MM-DD UTC of ts_local>/<HHMMSS>-<writer seq, 6 digits>.parquet

Files are written as ``<name>.parquet.tmp`` and renamed when closed; readers ignore ``.tmp`` files.
Money is ``decimal128(38, 18)`` built from the wire strings, never floats.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal

import msgspec
import pyarrow as pa

Venue = Literal["bingx", "binance"]
Channel = Literal["trades", "depth", "ticker", "mark", "events"]
Market = Literal["spot", "swap", "futures"]
EventKind = Literal["start", "stop", "gap", "resync", "reconnect", "snapshot"]

VENUES: Final = ("bingx", "binance")
CHANNELS: Final = ("trades", "depth", "ticker", "mark", "events")
MARKETS: Final = ("spot", "swap", "futures")
ALL_SYMBOLS: Final = "_all"  # symbol partition of a whole-connection event
TMP_SUFFIX: Final = ".tmp"

TICKER_FIELDS: Final = ("bid", "bid_qty", "ask", "ask_qty", "last", "open", "high", "low", "volume", "quote_volume")
MONEY: Final = pa.decimal128(38, 18)
LEVEL: Final = pa.struct([pa.field("price", MONEY), pa.field("qty", MONEY)])

COMMON: Final = [
    pa.field("ts_local", pa.int64(), nullable=False),  # ns since the epoch, wall clock at receipt
    pa.field("ts_event", pa.int64()),  # ms, the venue's event time (E / T), null if none sent
    pa.field("seq", pa.int64()),  # venue sequence id (depth: final update id; trades: numeric trade id)
    pa.field("market", pa.string(), nullable=False),  # 'spot' | 'swap' | 'futures'
]

SCHEMAS: Final[dict[str, pa.Schema]] = {
    "trades": pa.schema(
        [
            *COMMON,
            pa.field("trade_id", pa.string()),
            pa.field("price", MONEY),
            pa.field("qty", MONEY),
            pa.field("side", pa.string()),  # 'buy' | 'sell': the taker's side
        ]
    ),
    "depth": pa.schema(
        [
            *COMMON,
            pa.field("kind", pa.string(), nullable=False),  # 'snapshot' | 'update'
            pa.field("first_id", pa.int64()),
            pa.field("prev_id", pa.int64()),  # Binance futures `pu`, null elsewhere
            pa.field("bids", pa.list_(LEVEL)),
            pa.field("asks", pa.list_(LEVEL)),  # qty 0 = remove the level (updates)
        ]
    ),
    "ticker": pa.schema(
        [
            *COMMON,
            *(pa.field(name, MONEY) for name in TICKER_FIELDS),
        ]
    ),
    "mark": pa.schema(
        [
            *COMMON,
            pa.field("mark_price", MONEY),
            pa.field("index_price", MONEY),
            pa.field("funding_rate", MONEY),
            pa.field("next_funding_time", pa.int64()),  # ms, null if not sent
        ]
    ),
    "events": pa.schema(
        [
            *COMMON,
            pa.field("kind", pa.string(), nullable=False),  # start|stop|gap|resync|reconnect|snapshot
            pa.field("stream", pa.string()),  # the channel it concerns
            pa.field("detail", pa.string()),  # human-readable, e.g. "expected 1005, got 1010"
        ]
    ),
}


class Level(msgspec.Struct, frozen=True, array_like=True):
    """One price level; qty 0 removes the level in an update."""

    price: Decimal
    qty: Decimal


class _Base(msgspec.Struct, frozen=True, kw_only=True, tag_field="channel"):
    """Fields every normalized event carries (venue and symbol are partition keys, not columns)."""

    venue: Venue
    symbol: str
    ts_local: int
    ts_event: int | None = None
    seq: int | None = None
    market: Market


class Trade(_Base, frozen=True, kw_only=True, tag="trades"):
    """A public trade; side is the taker's."""

    trade_id: str | None = None
    price: Decimal
    qty: Decimal
    side: Literal["buy", "sell"] | None = None


class Depth(_Base, frozen=True, kw_only=True, tag="depth"):
    """A book snapshot (replaces the book) or an incremental update."""

    kind: Literal["snapshot", "update"]
    first_id: int | None = None
    prev_id: int | None = None
    bids: tuple[Level, ...] = ()
    asks: tuple[Level, ...] = ()


class Ticker(_Base, frozen=True, kw_only=True, tag="ticker"):
    """Best bid/ask and 24h statistics; fields the venue does not send are None."""

    bid: Decimal | None = None
    bid_qty: Decimal | None = None
    ask: Decimal | None = None
    ask_qty: Decimal | None = None
    last: Decimal | None = None
    open: Decimal | None = None
    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None
    quote_volume: Decimal | None = None


class Mark(_Base, frozen=True, kw_only=True, tag="mark"):
    """Mark and index price, funding rate and the next funding time (ms)."""

    mark_price: Decimal | None = None
    index_price: Decimal | None = None
    funding_rate: Decimal | None = None
    next_funding_time: int | None = None


class StreamEvent(_Base, frozen=True, kw_only=True, tag="events"):
    """Where the data is not continuous (gap, resync, reconnect) and recorder start/stop/snapshot marks."""

    kind: EventKind
    stream: str | None = None
    detail: str | None = None


Event = Trade | Depth | Ticker | Mark | StreamEvent


def channel_of(event: Event) -> Channel:
    """The channel (partition) an event belongs to."""
    tag = type(event).__struct_config__.tag
    assert isinstance(tag, str)
    return tag  # type: ignore[return-value]


def partition_dir(root: Path, venue: str, channel: str, symbol: str, ts_local_ns: int) -> Path:
    """The hive partition directory of an event received at ``ts_local_ns``."""
    day = dt.datetime.fromtimestamp(ts_local_ns // 1_000_000_000, tz=dt.UTC).strftime("%Y-%m-%d")
    return root / f"venue={venue}" / f"channel={channel}" / f"symbol={symbol}" / f"date={day}"


def file_name(opened_ns: int, writer_seq: int) -> str:
    """``<HHMMSS>-<writer seq, 6 digits>.parquet`` for a file opened at ``opened_ns`` (UTC)."""
    hhmmss = dt.datetime.fromtimestamp(opened_ns // 1_000_000_000, tz=dt.UTC).strftime("%H%M%S")
    return f"{hhmmss}-{writer_seq:06d}.parquet"


def row_of(event: Event) -> dict[str, object]:
    """The Parquet row of an event (its channel's columns, in schema order)."""
    names = SCHEMAS[channel_of(event)].names
    row: dict[str, object] = {name: getattr(event, name) for name in names}
    if isinstance(event, Depth):
        row["bids"] = [{"price": lv.price, "qty": lv.qty} for lv in event.bids]
        row["asks"] = [{"price": lv.price, "qty": lv.qty} for lv in event.asks]
    return row


def glob_of(root: Path, channel: str) -> str:
    """The glob of a channel's closed files (never the ``.tmp`` ones)."""
    return str(root / "venue=*" / f"channel={channel}" / "symbol=*" / "date=*" / "*.parquet")
