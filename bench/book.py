"""Order book micro-benchmark: level updates per second and top-20 reads.

    python bench/book.py

Workload: a 1,000-level-per-side book (BingX snapshots reach 1,024), then 20+20-level updates
shaped like BingX incrDepth pushes: mostly new quantities for existing prices near the top, plus
inserts and deletes ("0.0000"). Compared with sortedcontainers when it is installed (not a
dependency: ``pip install sortedcontainers``). Each figure is the best of several runs.
"top20 after update" is a Decimal top-20 read right after each update; the other reads repeat
on an unchanged book (Decimal caches warm).
"""

from __future__ import annotations

import random
import timeit
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tradewire.core.book import OrderBook

LEVELS = 1000
UPDATES = 2000
REPEAT = 5


def make_data(seed: int = 7) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[Any]]:
    """A snapshot and UPDATES update frames of 20 bids + 20 asks, as strings."""
    rng = random.Random(seed)
    mid = 1_217_000  # 121700.0 at one decimal

    def qty() -> str:
        return f"{rng.randint(1, 999_999) / 10_000:.4f}"

    def level(side: int) -> tuple[str, str]:
        r = rng.random()
        depth = rng.randint(0, 40) if r < 0.8 else rng.randint(0, LEVELS + 100)
        price = mid - 1 - depth if side > 0 else mid + depth
        return f"{price / 10:.1f}", ("0.0000" if r > 0.9 else qty())

    bids = [(f"{(mid - 1 - i) / 10:.1f}", qty()) for i in range(LEVELS)]
    asks = [(f"{(mid + i) / 10:.1f}", qty()) for i in range(LEVELS)]
    updates = [([level(1) for _ in range(20)], [level(-1) for _ in range(20)]) for _ in range(UPDATES)]
    return bids, asks, updates


def best(fn: Callable[[], object], number: int) -> float:  # float ok: seconds
    """Best time of one call of ``fn`` over REPEAT runs of ``number`` calls."""
    return min(timeit.repeat(fn, number=number, repeat=REPEAT)) / number


def bench_tradewire(bids: Any, asks: Any, updates: Any) -> dict[str, float]:  # float ok: timings
    book = OrderBook()
    book.replace(bids, asks)

    def run() -> None:
        for b, a in updates:
            book.update(b, a)

    def run_and_read() -> None:
        for b, a in updates:
            book.update(b, a)
            book.top(20)

    run()  # learn the price strings once
    per_level = best(run, 1) / (len(updates) * 40)
    per_read = best(run_and_read, 1) / len(updates) - per_level * 40
    return {
        "updates/s": 1 / per_level,
        "top20 after update us": per_read * 1e6,
        "top20 units us": best(lambda: book.top_units(20), 20_000) * 1e6,
        "top20 Decimal us": best(lambda: book.top(20), 2_000) * 1e6,
        "best_bid us": best(book.best_bid, 20_000) * 1e6,
        "snapshot 1000+1000 ms": best(lambda: book.replace(bids, asks), 5) * 1e3,
    }


def bench_sorted(bids: Any, asks: Any, updates: Any) -> dict[str, float] | None:  # float ok: timings
    """The usual alternative: SortedDict of Decimal price -> Decimal quantity."""
    try:
        from sortedcontainers import SortedDict  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    side_b: Any = SortedDict({Decimal(p): Decimal(q) for p, q in bids})
    side_a: Any = SortedDict({Decimal(p): Decimal(q) for p, q in asks})

    def apply(side: Any, levels: Any) -> None:
        for p, q in levels:
            price, size = Decimal(p), Decimal(q)
            if size:
                side[price] = size
            else:
                side.pop(price, None)

    def run() -> None:
        for b, a in updates:
            apply(side_b, b)
            apply(side_a, a)

    def top() -> Any:
        return side_b.items()[-1:-21:-1], side_a.items()[:20]

    def snapshot() -> None:
        side_b.clear()
        side_a.clear()
        side_b.update((Decimal(p), Decimal(q)) for p, q in bids)
        side_a.update((Decimal(p), Decimal(q)) for p, q in asks)

    def run_and_read() -> None:
        for b, a in updates:
            apply(side_b, b)
            apply(side_a, a)
            top()

    per_level = best(run, 1) / (len(updates) * 40)
    per_read = best(run_and_read, 1) / len(updates) - per_level * 40
    return {
        "updates/s": 1 / per_level,
        "top20 after update us": per_read * 1e6,
        "top20 units us": float("nan"),  # float ok: no integer form
        "top20 Decimal us": best(top, 2_000) * 1e6,
        "best_bid us": best(lambda: side_b.peekitem(-1), 20_000) * 1e6,
        "snapshot 1000+1000 ms": best(snapshot, 5) * 1e3,
    }


def main() -> None:
    bids, asks, updates = make_data()
    ours = bench_tradewire(bids, asks, updates)
    theirs = bench_sorted(bids, asks, updates)
    print(f"order book, {LEVELS} levels per side, {UPDATES} updates of 20+20 levels (best of {REPEAT})")
    print(f"{'':24}{'tradewire':>14}{'sortedcontainers':>18}")
    for key, value in ours.items():
        other = "n/a" if theirs is None else f"{theirs[key]:,.2f}"
        print(f"{key:24}{value:>14,.2f}{other:>18}")


if __name__ == "__main__":
    main()
