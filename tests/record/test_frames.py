"""BingX depth frames parsed a batch at a time at the flush: exact decimals, a bad frame refused with a reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq

from tradewire.record.query import connect
from tradewire.record.writer import DatasetWriter

NOON = 1_764_590_400_000_000_000  # 2025-12-01T12:00:00Z in ns
S = "BTC-USDT"


def _frame(uid: int, bids: str, asks: str = "", action: str = "update") -> bytes:
    return (b'{"code":0,"dataType":"BTC-USDT@incrDepth","data":{"action":"%s","lastUpdateId":%d,"time":%d,'
            b'"bids":[%s],"asks":[%s]}}' % (action.encode(), uid, uid + 7, bids.encode(), asks.encode()))


def test_frames_become_exact_depth_rows_and_a_19_decimal_frame_is_refused_not_rounded(tmp_path: Path) -> None:
    frames = [
        _frame(1000, '["65000.1","0.5"],["12345678901234567890.123456789012345678","0"]', '["65000.2","1"]', "all"),
        _frame(1001, '["65000.1","0.0000000000000000001"]'),  # 19 decimals: Arrow refuses, never rounds
        _frame(1002, "", '["65000.3","0.000000000000000001"]'),
    ]
    writer = DatasetWriter(tmp_path)
    writer.add_frames("bingx", "swap", S, [NOON, NOON + 1, NOON + 2], frames)
    paths = writer.flush()
    assert writer.refused == 1 and writer.rows_written == 3  # two depth rows and the gap row
    depth = pq.read_table(next(p for p in paths if "channel=depth" in str(p))).to_pylist()
    assert [(r["ts_local"], r["ts_event"], r["seq"], r["kind"], r["market"]) for r in depth] == [
        (NOON, 1007, 1000, "snapshot", "swap"), (NOON + 2, 1009, 1002, "update", "swap")]
    assert [(lv["price"], lv["qty"]) for lv in depth[0]["bids"]] == [
        (Decimal("65000.1"), Decimal("0.5")), (Decimal("12345678901234567890.123456789012345678"), Decimal(0))]
    assert depth[1]["bids"] == [] and depth[1]["asks"] == [
        {"price": Decimal("65000.3"), "qty": Decimal("0.000000000000000001")}]
    con = connect(tmp_path)
    events = con.execute("SELECT symbol, kind, stream, detail, ts_local FROM events").fetchall()
    con.close()
    assert len(events) == 1
    symbol, kind, stream, detail, ts = events[0]
    assert (symbol, kind, stream, ts) == (S, "gap", "depth", NOON + 1)
    assert detail.startswith("frame refused: ") and "0.0000000000000000001 requires scale 19" in detail


def test_a_frame_that_is_not_a_level_list_is_refused_and_the_batch_kept(tmp_path: Path) -> None:
    frames = [_frame(1, '["1","2"]'), _frame(2, '["1","2","3"]'), b'{"code":0,"data":{"action":"update"', _frame(3, "")]
    writer = DatasetWriter(tmp_path)
    writer.add_frames("bingx", "spot", S, [NOON, NOON + 1, NOON + 2, NOON + 3], frames)
    writer.flush()
    con = connect(tmp_path)
    assert con.execute("SELECT seq FROM depth ORDER BY ts_local").fetchall() == [(1,), (3,)]
    details = [d for (d,) in con.execute("SELECT detail FROM events ORDER BY ts_local").fetchall()]
    con.close()
    assert details[0] == "frame refused: a level is not a [price, qty] pair of decimal strings"
    assert len(details) == 2 and details[1].startswith("frame refused: ")
