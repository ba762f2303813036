"""Order book micro-benchmark: level updates per second and top-20 reads right after an update.

    python bench/book.py [--levels 1000 5000] [--repeat 7]

Workload: an N-level-per-side book, then 20+20-level updates shaped like BingX incrDepth pushes:
mostly new quantities for existing prices near the top, plus inserts and deletes ("0.0000").
Beside tradewire's `OrderBook` (strings in, every frame checked on arrival) the same run times
the bare structure it is built on: bisect + dict on integers already parsed (no checks, no
strings), the baseline. "top20 after update" times one read right after each update (the
timer's own cost subtracted). Every figure is the best of ``--repeat`` runs, taken in turns so
that the load of a shared machine hits both alike.
"""

from __future__ import annotations

import argparse
import random
import time
from bisect import bisect_left, insort
from collections.abc import Callable
from typing import Any

from tradewire.core.book import OrderBook

UPDATES = 2000
GOALS: dict[str, Any] = {
    "updates/s": {1000: 4e6, 5000: 2e6},
    "top20 int after update us": 2.0,
    "top20 Decimal after update us": 5.0,
}

Levels = list[tuple[str, str]]


def make_data(levels: int, seed: int = 7) -> tuple[Levels, Levels, list[tuple[Levels, Levels]]]:
    """A snapshot and UPDATES update frames of 20 bids + 20 asks, as strings."""
    rng = random.Random(seed)
    mid = 1_217_000  # 121700.0 at one decimal

    def qty() -> str:
        return f"{rng.randint(1, 999_999) / 10_000:.4f}"

    def level(side: int) -> tuple[str, str]:
        r = rng.random()
        depth = rng.randint(0, 40) if r < 0.8 else rng.randint(0, levels + 100)
        price = mid - 1 - depth if side > 0 else mid + depth
        return f"{price / 10:.1f}", ("0.0000" if r > 0.9 else qty())

    bids = [(f"{(mid - 1 - i) / 10:.1f}", qty()) for i in range(levels)]
    asks = [(f"{(mid + i) / 10:.1f}", qty()) for i in range(levels)]
    updates = [([level(1) for _ in range(20)], [level(-1) for _ in range(20)]) for _ in range(UPDATES)]
    return bids, asks, updates


def _timer_cost() -> float:  # float ok: seconds
    clock = time.perf_counter
    best = 1.0
    for _ in range(5):
        start = clock()
        for _ in range(10_000):
            clock()
        best = min(best, (clock() - start) / 10_000)
    return best


class Bare:
    """The baseline: bisect + dict on integer keys, levels parsed ahead of time."""

    def __init__(self, bids: Levels, asks: Levels) -> None:
        self.bids = {int(p.replace(".", "")): int(q.replace(".", "")) for p, q in bids}
        self.asks = {-int(p.replace(".", "")): int(q.replace(".", "")) for p, q in asks}
        self.bid_keys, self.ask_keys = sorted(self.bids), sorted(self.asks)

    @staticmethod
    def parsed(updates: list[tuple[Levels, Levels]]) -> list[Any]:
        def side(levels: Levels, sign: int) -> list[tuple[int, int]]:
            return [(sign * int(p.replace(".", "")), int(q.replace(".", ""))) for p, q in levels]

        return [(side(b, 1), side(a, -1)) for b, a in updates]

    @staticmethod
    def _apply(levels: list[tuple[int, int]], book: dict[int, int], keys: list[int]) -> None:
        for key, qty in levels:
            if qty:
                if key not in book:
                    insort(keys, key)
                book[key] = qty
            elif key in book:
                del book[key]
                del keys[bisect_left(keys, key)]

    def update(self, bids: list[tuple[int, int]], asks: list[tuple[int, int]]) -> None:
        self._apply(bids, self.bids, self.bid_keys)
        self._apply(asks, self.asks, self.ask_keys)

    def top_units(self, n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        bids, asks = self.bids, self.asks
        return (
            [(k, bids[k]) for k in self.bid_keys[: -n - 1 : -1]],
            [(-k, asks[k]) for k in self.ask_keys[: -n - 1 : -1]],
        )


CHUNK = 100  # frames per timed window: the best window dodges the other processes' bursts


def time_updates(update: Callable[[Any, Any], None], frames: list[Any]) -> float:  # float ok: seconds
    """Best seconds per level over windows of CHUNK frames."""
    clock, best = time.perf_counter, 1.0
    for i in range(0, len(frames), CHUNK):
        start = clock()
        for b, a in frames[i : i + CHUNK]:
            update(b, a)
        best = min(best, clock() - start)
    return best / (CHUNK * 40)


def time_reads(
    update: Callable[[Any, Any], None], read: Callable[[int], object], frames: list[Any]
) -> float:  # float ok
    """Best mean seconds of one top-20 read right after an update, over windows of CHUNK frames."""
    clock, best = time.perf_counter, 1.0
    for i in range(0, len(frames), CHUNK):
        total = 0.0
        for b, a in frames[i : i + CHUNK]:
            update(b, a)
            start = clock()
            read(20)
            total += clock() - start
        best = min(best, total)
    return best / CHUNK


def run(levels: int, repeat: int) -> dict[str, tuple[float, float | None]]:  # float ok: timings
    bids, asks, updates = make_data(levels)
    parsed = Bare.parsed(updates)
    tw, bare = OrderBook(), Bare(bids, asks)
    tw.replace(bids, asks)
    time_updates(tw.update, updates)  # learn the price strings once
    timer = _timer_cost()
    best: dict[str, float] = {}  # float ok: seconds
    for _ in range(repeat):
        figures = {
            "tw updates": time_updates(tw.update, updates),
            "bare updates": time_updates(bare.update, parsed),
            "tw int read": time_reads(tw.update, tw.top_units, updates) - timer,
            "bare int read": time_reads(bare.update, bare.top_units, parsed) - timer,
            "tw dec read": time_reads(tw.update, tw.top, updates) - timer,
        }
        for key, value in figures.items():
            best[key] = min(best.get(key, value), value)
    b = best
    return {
        "updates/s": (1 / b["tw updates"], 1 / b["bare updates"]),
        "top20 int after update us": (b["tw int read"] * 1e6, b["bare int read"] * 1e6),
        "top20 Decimal after update us": (b["tw dec read"] * 1e6, None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"order book, {UPDATES} updates of 20+20 levels, best of {args.repeat}")
    print(f"{'figure':36}{'tradewire':>12}{'bare ints':>12}{'ratio':>8}{'goal':>10}")
    for levels in args.levels:
        for name, (ours, base) in run(levels, args.repeat).items():
            goal = GOALS[name]
            target: float | None = goal.get(levels) if isinstance(goal, dict) else goal  # float ok
            ratio = "" if base is None else f"{ours / base:.2f}"
            print(
                f"{name + f' @{levels}':36}{ours:>12,.2f}{'' if base is None else f'{base:,.2f}':>12}{ratio:>8}"
                f"{'' if target is None else f'{target:,.0f}' if target > 100 else target:>10}"
            )


if __name__ == "__main__":
    main()
