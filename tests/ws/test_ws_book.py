"""OrderBook and the BingX incrDepth sync, on recorded frames (bingx-samples.md B1) and random ones."""

from __future__ import annotations

import random
from decimal import Decimal
from unittest.mock import patch

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewire.bingx.ws_models import IncrDepth, decode_incr_depth
from tradewire.core.book import IncrementalDepthSync, OrderBook, SyncStatus

D = Decimal

# bingx-samples.md B1, third-party live capture (nemanull/arbitrage-observatory)
SNAPSHOT = (
    b'{"code":0,"dataType":"BTC-USDT@incrDepth","data":{"action":"all","lastUpdateId":857550007,'
    b'"time":1790127586998,"bids":[["86378.9","0.0001"],["86377.5","0.0003"],["86377.2","13.9985"]],'
    b'"asks":[["86379.1","87.1230"],["86379.3","9.6687"],["86379.4","17.5938"]]}}'
)
UPDATE = (
    b'{"code":0,"dataType":"BTC-USDT@incrDepth","data":{"action":"update","lastUpdateId":857550008,'
    b'"time":1790127587285,"bids":[["86377.2","18.0499"],["86377.0","0.0191"],["86376.9","0.0061"]],'
    b'"asks":[["87169.5","0.0000"],["87169.0","0.0000"],["87168.9","0.0000"]]}}'
)

# bingx-samples.md B1, docs-v3 "dataUpdateDemo" (asks listed worst-first)
DOCS_BIDS = [
    ("121706.6", "16.8741"), ("121706.5", "1.1466"), ("121706.4", "0.0079"), ("121706.2", "0.1190"),
    ("121706.0", "0.0405"), ("121705.6", "0.0022"), ("121705.3", "0.0447"), ("121705.2", "0.1520"),
    ("121704.0", "0.0071"), ("121703.8", "0.3957"), ("121698.4", "1.2145"), ("121697.2", "1.5386"),
    ("121678.9", "2.1586"), ("121678.5", "0.0000"), ("121668.0", "3.4117"), ("121667.9", "0.0000"),
]  # fmt: skip
DOCS_ASKS = [
    ("122539.8", "0.0002"), ("122006.8", "0.0000"), ("122005.9", "37.5215"), ("121938.5", "0.0000"),
    ("121937.7", "41.5480"), ("121928.0", "30.5472"), ("121814.5", "0.0001"), ("121808.7", "23.5113"),
    ("121740.1", "0.0000"), ("121739.3", "1.9374"), ("121737.7", "0.0000"), ("121736.9", "1.6937"),
    ("121732.9", "0.0001"), ("121732.0", "5.6568"), ("121731.0", "0.0000"), ("121730.8", "2.6757"),
    ("121728.6", "0.0000"), ("121728.4", "2.7471"), ("121717.6", "0.0000"), ("121717.4", "2.9621"),
    ("121716.4", "0.0000"), ("121716.2", "2.3870"), ("121715.2", "0.0000"), ("121715.0", "0.2549"),
    ("121714.6", "0.0000"), ("121713.8", "0.3252"), ("121711.5", "0.0000"), ("121710.9", "0.0113"),
    ("121709.4", "0.0038"), ("121708.7", "0.0054"), ("121708.0", "0.0021"), ("121707.6", "0.0081"),
    ("121707.3", "0.0077"), ("121706.9", "0.0042"), ("121706.8", "4.7697"),
]  # fmt: skip


def incr(action: str, uid: int, bids: list[tuple[str, str]], asks: list[tuple[str, str]]) -> IncrDepth:
    return IncrDepth(action=action, last_update_id=uid, bids=bids, asks=asks)


def test_recorded_snapshot_then_update_exact() -> None:
    sync = IncrementalDepthSync()
    assert sync.apply(decode_incr_depth(SNAPSHOT)[0]) is SyncStatus.OK
    assert sync.apply(decode_incr_depth(UPDATE)[0]) is SyncStatus.OK
    book = sync.book
    bids, asks = book.top(10)
    assert bids == [
        (D("86378.9"), D("0.0001")),
        (D("86377.5"), D("0.0003")),
        (D("86377.2"), D("18.0499")),
        (D("86377.0"), D("0.0191")),
        (D("86376.9"), D("0.0061")),
    ]
    assert asks == [(D("86379.1"), D("87.1230")), (D("86379.3"), D("9.6687")), (D("86379.4"), D("17.5938"))]
    assert [str(p) for p, _ in bids] == ["86378.9", "86377.5", "86377.2", "86377.0", "86376.9"]
    assert book.last_update_id == 857550008
    assert book.best_bid() == (D("86378.9"), D("0.0001"))
    assert book.best_ask() == (D("86379.1"), D("87.1230"))
    assert book.spread() == D("0.2") and book.mid() == D("86379.0")
    assert book.top_units(1) == ([(863789, 1)], [(863791, 871230)])
    assert book.depth_within(band=D("1.5")) == (D("0.0004"), D("114.3855"))  # 86377.5 is on the edge
    assert book.depth_within(pct=D("0.0004")) == (D("0.0001"), D("96.7917"))


def test_docs_update_applied_by_price_not_position() -> None:
    sync = IncrementalDepthSync()
    sync.apply(incr("all", 393592600, [("121706.6", "1.0")], [("121706.8", "1.0"), ("122006.8", "5.0")]))
    assert sync.apply(incr("update", 393592635, DOCS_BIDS, DOCS_ASKS)) is SyncStatus.OK
    bids, asks = sync.book.top(3)
    assert bids == [(D("121706.6"), D("16.8741")), (D("121706.5"), D("1.1466")), (D("121706.4"), D("0.0079"))]
    assert asks == [(D("121706.8"), D("4.7697")), (D("121706.9"), D("0.0042")), (D("121707.3"), D("0.0077"))]
    all_bids, all_asks = sync.book.top(100)
    assert len(all_bids) == 14 and len(all_asks) == 24  # zeros deleted or never added
    assert all_asks[-1] == (D("122539.8"), D("0.0002")) and D("122006.8") not in {p for p, _ in all_asks}


def test_update_before_snapshot_needs_resync() -> None:
    sync = IncrementalDepthSync()
    assert sync.apply(incr("update", 5, DOCS_BIDS, [])) is SyncStatus.NO_SNAPSHOT
    assert SyncStatus.NO_SNAPSHOT.resync and not SyncStatus.OK.resync
    assert len(sync.book) == 0


def test_stale_or_equal_id_needs_resync_and_gaps_do_not() -> None:
    sync = IncrementalDepthSync()
    sync.apply(decode_incr_depth(SNAPSHOT)[0])
    assert sync.apply(incr("update", 857550015, [("86377.0", "1")], [])) is SyncStatus.OK  # a gap is fine
    assert sync.apply(incr("update", 857550015, [("86377.0", "2")], [])) is SyncStatus.STALE
    assert not sync.synced and len(sync.book) == 0
    assert sync.apply(incr("update", 857550016, [], [])) is SyncStatus.NO_SNAPSHOT
    assert sync.apply(decode_incr_depth(SNAPSHOT)[0]) is SyncStatus.OK and sync.synced


def test_crossed_book_needs_resync() -> None:
    sync = IncrementalDepthSync()
    sync.apply(decode_incr_depth(SNAPSHOT)[0])
    assert sync.apply(incr("update", 857550008, [("86379.1", "0.5")], [])) is SyncStatus.CROSSED
    assert not sync.synced and len(sync.book) == 0
    assert sync.apply(incr("all", 9, [("2", "1")], [("1", "1")])) is SyncStatus.CROSSED
    assert sync.apply(incr("delta", 10, [], [])) is SyncStatus.UNKNOWN_ACTION


def test_decimals_learnt_and_widened() -> None:
    book = OrderBook()
    book.replace([("100", "1")], [("101", "2")])
    assert (book.price_decimals, book.qty_decimals) == (0, 0)
    book.update([("100.25", "0.5")], [("101", "2.125")])
    assert (book.price_decimals, book.qty_decimals) == (2, 3)
    assert book.top(5) == ([(D("100.25"), D("0.5")), (D("100"), D("1"))], [(D("101"), D("2.125"))])
    book.update([("100.250", "0E-8"), ("99.5000", "1.000")], [])  # trailing zeros need no widening
    assert book.price_decimals == 2 and book.best_bid() == (D("100"), D("1"))
    with pytest.raises(ValueError):
        book.update([("100", "-1")], [])
    with pytest.raises(ValueError):
        book.update([("abc", "1")], [])


def test_depth_within_rules() -> None:
    book = OrderBook()
    with pytest.raises(ValueError):
        book.depth_within()
    assert book.depth_within(band=D(1)) == (D(0), D(0)) and book.mid() is None and book.spread() is None
    assert book.best_bid() is None and book.best_ask() is None


# --------------------------------------------------------------------------- property test

prices = (
    st.integers(1, 60)
    .map(lambda i: i * 25)
    .flatmap(lambda units: st.sampled_from([f"{units / 100:.2f}", f"{units / 100:.3f}", f"{units / 100:g}"]))
)
qtys = st.one_of(
    st.just("0"), st.just("0.0000"), st.integers(1, 10_000).map(lambda i: f"{i / 1000:.3f}"),
    st.integers(1, 99).map(str),
)  # fmt: skip
levels = st.lists(st.tuples(prices, qtys), max_size=12)


def reference_apply(side: dict[Decimal, Decimal], lv: list[tuple[str, str]]) -> None:
    for p, q in lv:
        if D(q) == 0:
            side.pop(D(p), None)
        else:
            side[D(p)] = D(q)


@settings(max_examples=150, deadline=None)
@given(snapshot=st.tuples(levels, levels), updates=st.lists(st.tuples(levels, levels), max_size=15))
def test_book_equals_naive_decimal_reference(
    snapshot: tuple[list[tuple[str, str]], list[tuple[str, str]]],
    updates: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]],
) -> None:
    book = OrderBook()
    ref_bids: dict[Decimal, Decimal] = {}
    ref_asks: dict[Decimal, Decimal] = {}
    book.replace(*snapshot)
    reference_apply(ref_bids, snapshot[0])
    reference_apply(ref_asks, snapshot[1])
    for bids, asks in updates:
        book.update(bids, asks)
        reference_apply(ref_bids, bids)
        reference_apply(ref_asks, asks)
        top_bids, top_asks = book.top(1000)
        assert top_bids == sorted(ref_bids.items(), reverse=True)
        assert top_asks == sorted(ref_asks.items())
        assert book.best_bid() == (max(ref_bids.items()) if ref_bids else None)
        assert book.best_ask() == (min(ref_asks.items()) if ref_asks else None)
        if ref_bids and ref_asks:
            assert book.spread() == min(ref_asks) - max(ref_bids)
            assert book.mid() == (min(ref_asks) + max(ref_bids)) / 2


def test_incr_depth_model_keeps_level_strings() -> None:
    msg = decode_incr_depth(UPDATE)[0]
    assert msg.bids[0] == ("86377.2", "18.0499") and msg.last_update_id == 857550008 and msg.time == 1790127587285
    with pytest.raises(msgspec.ValidationError):
        decode_incr_depth(b'{"dataType":"X-USDT@incrDepth","data":{"action":"all"}}')


def test_top_reads_of_an_unchanged_book_are_cached_and_invalidated_by_changes() -> None:
    book = OrderBook()
    book.replace([("100.0", "1"), ("99.5", "2")], [("100.5", "3")])
    first = book.top(2)
    assert book.top(2) is first
    book.update([("100.0", "0")], [])
    assert book.top(2) == ([(Decimal("99.5"), Decimal("2"))], [(Decimal("100.5"), Decimal("3"))])
    book.clear()
    assert book.top(2) == ([], [])


# --------------------------------------------------------------------------- refused on arrival


@pytest.mark.parametrize(
    "qty", ["abc", "", "-1.0000", "+1.0000", " 1.0000", "1_0.0000", "1.2.3456", "NaN", "inf", "1,0000", "1.00O0"]
)
def test_malformed_update_quantity_refused_on_arrival_and_book_cleared(qty: str) -> None:
    book = OrderBook()
    book.replace([("100.0", "1.0000")], [("100.5", "2.0000")], 7)
    with pytest.raises(ValueError, match="malformed depth level, book cleared"):
        book.update([("99.9", "3.0000"), ("99.8", qty)], [], 8)
    assert len(book) == 0 and book.last_update_id is None and book.top(5) == ([], [])


@pytest.mark.parametrize("price", ["abc", "-100.0", "1e", "１００.0", "100.0 "])
def test_malformed_price_refused_on_arrival(price: str) -> None:
    book = OrderBook()
    book.replace([("100.0", "1.0000")], [("100.5", "2.0000")])
    with pytest.raises(ValueError, match="not a non-negative decimal number"):
        book.update([(price, "1.0000")], [])
    assert len(book) == 0
    with pytest.raises(ValueError, match="book cleared"):
        book.replace([("100.0", "1.0000")], [("100.5", "x")])
    assert len(book) == 0


def test_sync_turns_a_malformed_frame_into_a_refusal_not_a_book() -> None:
    sync = IncrementalDepthSync()
    sync.apply(decode_incr_depth(SNAPSHOT)[0])
    with pytest.raises(ValueError):
        sync.apply(incr("update", 857550008, [("86377.2", "18.04_99")], []))
    assert len(sync.book) == 0 and not sync.synced  # BingXStreams then resubscribes (its _on_item)
    assert sync.apply(incr("update", 857550009, [("86377.2", "1.0000")], [])) is SyncStatus.NO_SNAPSHOT
    with pytest.raises(ValueError):
        sync.apply(incr("all", 857550010, [("86377.2", "1.0000")], [("86379.1", "-2")]))
    assert len(sync.book) == 0 and not sync.synced


# --------------------------------------------------------------------------- cached top-N


def test_cached_top_n_kept_below_and_rebuilt_at_or_above_the_nth_level() -> None:
    book = OrderBook()
    book.replace([(f"{100 - i}.0", "1.0000") for i in range(10)], [(f"{101 + i}.0", "1.0000") for i in range(10)])
    units, decimals = book.top_units(3), book.top(3)
    book.update([("95.0", "7.0000"), ("80.0", "1.0000")], [("106.0", "0.0000")])  # all below the 3rd level
    assert book.top_units(3) is units and book.top(3) is decimals
    book.update([("98.0", "5.0000")], [])  # the 3rd bid itself
    assert book.top_units(3)[0] == [(1000, 10000), (990, 10000), (980, 50000)]
    assert book.top(3)[0][2] == (D("98.0"), D("5.0000"))
    units = book.top_units(3)
    book.update([], [("101.5", "2.0000")])  # an ask inserted above the 3rd
    assert book.top_units(3)[1] == [(1010, 10000), (1015, 20000), (1020, 10000)]
    book.update([("100.0", "0")], [])  # best bid deleted: the 4th moves up
    assert book.top(3)[0] == [(D("99.0"), D("1.0000")), (D("98.0"), D("5.0000")), (D("97.0"), D("1.0000"))]
    assert units is not book.top_units(3) and book.top_units(2)[0] == [(990, 10000), (980, 50000)]


def test_cached_top_n_of_a_short_side_sees_every_update() -> None:
    book = OrderBook()
    book.replace([("10.0", "1.0")], [("11.0", "1.0")])
    assert book.top(3) == ([(D("10.0"), D("1.0"))], [(D("11.0"), D("1.0"))])
    book.update([("1.0", "2.0")], [("50.0", "3.0")])  # deep, but the sides hold fewer than 3 levels
    assert book.top(3) == (
        [(D("10.0"), D("1.0")), (D("1.0"), D("2.0"))],
        [(D("11.0"), D("1.0")), (D("50.0"), D("3.0"))],
    )


def test_randomized_differential_against_a_dict_of_decimal_reference() -> None:
    rng = random.Random(18)
    book = OrderBook()
    ref: tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]] = ({}, {})

    def level(sign: int) -> tuple[str, str]:
        tick = rng.randint(0, 300)
        price = f"{(50_000 - tick if sign > 0 else 50_001 + tick) / 10:.1f}"
        qty = "0.0000" if rng.random() < 0.25 else f"{rng.randint(1, 10**7) / 10**4:.4f}"
        return price, qty

    def frame(n: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        return [level(1) for _ in range(rng.randint(0, n))], [level(-1) for _ in range(rng.randint(0, n))]

    snapshot = frame(200)
    book.replace(*snapshot)
    for side, levels in zip(ref, snapshot, strict=True):
        reference_apply(side, levels)
    for step in range(5000):
        bids, asks = frame(25)
        book.update(bids, asks, step)
        reference_apply(ref[0], bids)
        reference_apply(ref[1], asks)
        n = rng.choice((1, 5, 20, 400))
        want = sorted(ref[0].items(), reverse=True)[:n], sorted(ref[1].items())[:n]
        assert book.top(n) == want
        assert book.top_units(n) == (
            [(int(p * 10), int(q * 10**4)) for p, q in want[0]],
            [(int(p * 10), int(q * 10**4)) for p, q in want[1]],
        )
    assert len(book) == len(ref[0]) + len(ref[1]) and book.last_update_id == 4999


# --------------------------------------------------------------------------- bulk path (wire strings kept)


def test_a_bar_inside_a_quantity_is_refused_not_split() -> None:
    book = OrderBook()
    book.replace([("100.0", "1.0000")], [("100.5", "2.0000")], 7)
    with pytest.raises(ValueError, match="book cleared"):
        book.update([("100.0", "1.0000|2.0000")], [], 8)  # all prices known: the one-pattern path
    assert len(book) == 0 and book.last_update_id is None


def test_spellings_of_one_price_are_one_level_and_last_wins() -> None:
    book = OrderBook()
    book.replace([("100.0", "1.0000")], [("101.0", "1.0000")])
    book.update([("100.00", "2.0000"), ("99.50", "3.0000"), ("99.5", "4.0000")], [])
    assert book.top_units(5)[0] == [(1000, 20000), (995, 40000)]
    assert len(book) == 3
    book.update(iter([("99.5", "0"), ("99.50", "5.0000")]), [])  # an iterator, read once
    assert book.top(5)[0] == [(D("100.0"), D("2.0000")), (D("99.5"), D("5.0000"))]


def test_deleted_levels_are_invisible_and_swept() -> None:
    book = OrderBook()
    book.replace([(f"{1000 - i}.0", "1.0000") for i in range(300)], [("1001.0", "1.0000")])
    book.update([("1000.0", "0.0000"), ("999.0", "0.0000")], [])
    assert book.best_bid() == (D("998.0"), D("1.0000")) and len(book) == 299
    assert book.top_units(2)[0] == [(9980, 10000), (9970, 10000)]
    assert book.spread() == D("3.0") and not book.crossed
    book.update([("1000.0", "2.0000")], [])  # a deleted level above the cached top comes back
    assert book.top_units(2)[0] == [(10000, 20000), (9980, 10000)]
    book.update([(f"{1000 - i}.0", "0.0000") for i in range(290)], [])
    assert len(book._bids.levels) < 300  # swept: more than twice as many deleted as alive
    assert book.top(20)[0] == [(D(f"{1000 - i}.0"), D("1.0000")) for i in range(290, 300)]
    assert book.depth_within(band=D(1000)) == (D("10.0000"), D("1.0000")) and len(book) == 11


def test_a_bid_crossing_through_deleted_asks_is_seen() -> None:
    book = OrderBook()
    book.replace([("99.0", "1.0000")], [("100.0", "1.0000"), ("101.0", "1.0000")])
    book.update([], [("100.0", "0.0000")])
    book.update([("100.5", "1.0000")], [])  # above the deleted ask, below the live one
    assert not book.crossed
    book.update([("101.0", "1.0000")], [])
    assert book.crossed


def test_a_level_takes_the_streams_spelling_and_stays_on_the_fast_path() -> None:
    book = OrderBook()
    book.replace([("100.5", "0.001")], [("101", "2")])  # Binance REST snapshot through Decimal
    book.update([("100.50000000", "0.00200000")], [("101.00000000", "0.00000000")])
    assert book._bids.levels == {"100.50000000": "0.00200000"} and book._asks.levels == {"101.00000000": "0.00000000"}
    assert book.top(1) == ([(D("100.5"), D("0.002"))], []) and len(book) == 1
    with patch.object(OrderBook, "_apply_slow", side_effect=AssertionError("slow path")):
        book.update([("100.50000000", "0.00300000")], [])
    assert book.best_bid() == (D("100.5"), D("0.003")) and book.qty_decimals == 8
