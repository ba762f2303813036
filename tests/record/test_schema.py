"""The dataset contract: path layout, JSON round trip, and the column builder equal to the row-wise one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import msgspec
import pyarrow as pa
import pytest

from tradewire.record.columns import table_of
from tradewire.record.rawdepth import RawDepth
from tradewire.record.schema import (
    SCHEMAS,
    Depth,
    Event,
    Level,
    StreamEvent,
    Trade,
    file_name,
    partition_dir,
    row_of,
)

NOON = 1_764_590_400_000_000_000  # 2025-12-01T12:00:00Z in ns
D = Decimal


def test_path_layout() -> None:
    assert partition_dir(Path("/r"), "bingx", "depth", "BTC-USDT", NOON) == Path(
        "/r/venue=bingx/channel=depth/symbol=BTC-USDT/date=2025-12-01")
    assert file_name(NOON + 5_000_000_000, 42) == "120005-000042.parquet"


def test_events_round_trip_through_json_with_exact_decimals() -> None:
    trade = Trade(venue="binance", symbol="BTCUSDT", ts_local=NOON, ts_event=1, seq=7, market="spot", trade_id="7",
                  price=D("65000.01"), qty=D("0.000000000000000001"), side="buy")
    gap = StreamEvent(venue="bingx", symbol="_all", ts_local=NOON, market="swap", kind="gap", stream="all",
                      detail="expected 1005, got 1010")
    for ev in (trade, gap):
        assert msgspec.json.decode(msgspec.json.encode(ev), type=Event) == ev
    assert b'"qty":"1E-18"' in msgspec.json.encode(trade)  # Decimal's own spelling, exact


def test_columns_equal_rows_for_events_and_raw_depth() -> None:
    bids = (("65000.1", "0.5"), ("12345678901234567890.123456789012345678", "0"))
    asks = (("65000.2", "0.000000000000000001"),)
    raw = RawDepth("bingx", "BTC-USDT", "swap", NOON, 5, 1001, "update", None, None, bids, asks)
    depth = raw.event()
    assert depth.bids[1] == Level(D("12345678901234567890.123456789012345678"), D(0))
    empty = Depth(venue="bingx", symbol="BTC-USDT", ts_local=NOON, market="swap", kind="snapshot")
    expected = pa.Table.from_pylist([row_of(depth), row_of(empty)], schema=SCHEMAS["depth"])
    assert table_of("depth", [raw, empty]).equals(expected)
    assert table_of("depth", [depth, empty]).equals(expected)
    trade = Trade(venue="bingx", symbol="BTC-USDT", ts_local=NOON, market="swap", price=D("1.5"), qty=D(2))
    assert table_of("trades", [trade]).equals(pa.Table.from_pylist([row_of(trade)], schema=SCHEMAS["trades"]))


def test_more_than_18_decimals_is_refused_not_rounded() -> None:
    raw = RawDepth("bingx", "X-USDT", "swap", NOON, None, 1, "update", None, None, (("0.0000000000000000001", "1"),),
                   ())
    with pytest.raises(pa.ArrowInvalid):
        table_of("depth", [raw])


def test_depth_columns_equal_the_row_builder_and_files_split_at_roll(tmp_path: Path) -> None:
    from tradewire.record.columns import DepthColumns
    from tradewire.record.writer import DatasetWriter

    raw = RawDepth("bingx", "BTC-USDT", "swap", NOON, 5, 1001, "update", None, None,
                   (("65000.1", "0.5"), ("65000", "0")), (("65000.2", "0.000000000000000001"),))
    snap = Depth(venue="bingx", symbol="BTC-USDT", ts_local=NOON + 1, market="swap", kind="snapshot", seq=1002,
                 bids=(Level(D("64999.9"), D("3")),))
    cols = DepthColumns()
    cols.add(raw)
    cols.add(snap)
    assert cols.table().equals(table_of("depth", [raw, snap]))

    writer = DatasetWriter(tmp_path, roll_ns=60_000_000_000)
    minute = 60_000_000_000
    writer.extend([raw, snap, raw._replace(ts_local=NOON + minute, seq=1003)])
    paths = writer.flush()
    assert [p.name for p in paths] == ["120000-000001.parquet", "120100-000002.parquet"]
    import pyarrow.parquet as pq

    assert [pq.read_table(p).column("seq").to_pylist() for p in paths] == [[1001, 1002], [1003]]
