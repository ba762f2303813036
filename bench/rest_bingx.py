"""tradewire's REST overhead on one signed GET (`/openApi/swap/v3/user/balance`), beside its own baseline.

The baseline is the bare transport doing the same work by hand: HMAC-SHA256 signing of `timestamp=...`, the
same URL shape and the same headers (`X-SOURCE-KEY`, `X-BX-APIKEY`, no User-Agent), reading the body. Async
figures are against aiohttp, sync ones against urllib3; the server is a small aiohttp app in a child
process on 127.0.0.1 (`loopback.py`). Figures:

- `1 call`: µs per call, calls made one after another;
- `N tasks` (async) / `N threads` (sync): calls per second with N callers at once.

Every figure is measured in `--pairs` pairs of short blocks, baseline and tradewire back to back (order
alternating); the ratio is the median of the paired ratios, so a change of machine load lands on both sides
of a pair and the pairs it upsets drop out. The goals of issue 18 are printed beside the ratios. A third,
reference side (`+decode`: the baseline plus the typed msgspec decode tradewire does) shows how much of the
gap is decoding into models, which the bare baseline does not do.
Run: `python bench/rest_bingx.py [--calls 2000] [--pairs 9] [--ccxt]`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import logging
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from loopback import server

KEY, SECRET = "k" * 64, "s" * 64
PATH = "/openApi/swap/v3/user/balance"
HEADERS = {"X-SOURCE-KEY": "BX-AI-SKILL", "X-BX-APIKEY": KEY}
CONCURRENCY = (10, 100)
#: figure -> (goal, "<=" per-call time ratio | ">=" throughput ratio); sync figures have none
GOALS = {"async 1 call": (1.15, "<="), "async 10 tasks": (0.9, ">="), "async 100 tasks": (0.9, ">=")}


def signed_query() -> str:
    q = f"timestamp={time.time_ns() // 1_000_000}"
    return q + "&signature=" + hmac.new(SECRET.encode(), q.encode(), hashlib.sha256).hexdigest()


# --- the two ways of measuring -----------------------------------------------------------------------------

async def async_per_call(fn: Callable[[], Awaitable[object]], n: int) -> float:  # float ok: µs
    t0 = time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - t0) / n * 1e6


async def async_rate(fn: Callable[[], Awaitable[object]], n: int, tasks: int) -> float:  # float ok: calls/s
    async def worker(k: int) -> None:
        for _ in range(k):
            await fn()

    t0 = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker(n // tasks) for _ in range(tasks))), 120)
    return (n // tasks) * tasks / (time.perf_counter() - t0)


def sync_per_call(fn: Callable[[], object], n: int) -> float:  # float ok: µs
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


def sync_rate(fn: Callable[[], object], n: int, threads: int) -> float:  # float ok: calls/s
    k = n // threads

    def worker() -> None:
        for _ in range(k):
            fn()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join(120)
    return k * threads / (time.perf_counter() - t0)


# --- paired blocks ----------------------------------------------------------------------------------------

#: figure -> side -> one value per block; the sides of a figure run in pairs of blocks, back to back
Blocks = dict[str, dict[str, list[float]]]  # float ok: timing


def measure(base: str, n: int, pairs: int, ccxt: bool) -> Blocks:
    """`pairs` pairs of blocks per figure, the sides back to back in alternating order: a change of machine
    load lands on both sides of a pair, and the median of the paired ratios ignores the pairs it upset."""
    out: Blocks = {}

    def put(figure: str, side: str, value: float) -> None:  # float ok: timing
        out.setdefault(figure, {}).setdefault(side, []).append(value)

    async def run_async() -> None:
        import aiohttp

        from tradewire import AsyncBingX
        from tradewire.bingx import endpoints as E
        from tradewire.bingx.protocol import envelope_of
        from tradewire.core.codec import blank_to_null, decoder

        typed = decoder(envelope_of(E.SWAP_BALANCE.result))
        async with aiohttp.ClientSession(skip_auto_headers=("User-Agent",)) as s, \
                AsyncBingX(KEY, SECRET, base_url=base, rate_limits=False) as abx:
            async def bare() -> bytes:
                async with s.get(f"{base}{PATH}?{signed_query()}", headers=HEADERS) as r:
                    return await r.read()

            async def bare_decoded() -> object:  # reference: bare + the same typed decode tradewire does
                async with s.get(f"{base}{PATH}?{signed_query()}", headers=HEADERS) as r:
                    return typed.decode(blank_to_null(await r.read())).data

            sides: list[tuple[str, Callable[[], Awaitable[object]]]] = [
                ("baseline", bare), ("tradewire", abx.swap_balance), ("+decode", bare_decoded)]
            for _side, fn in sides:  # warm: connections open, clock synced
                await async_rate(fn, 500, 100)
            for i in range(pairs):
                order = sides if i % 2 == 0 else sides[::-1]
                for _side, fn in order:
                    put("async 1 call", _side, await async_per_call(fn, n // 4))
                for tasks in CONCURRENCY:
                    for _side, fn in order:
                        put(f"async {tasks} tasks", _side, await async_rate(fn, n, tasks))
            if ccxt:
                await _ccxt_async(base, n // 4, put)

    asyncio.run(run_async())

    import urllib3

    from tradewire import BingX

    pool = urllib3.PoolManager(maxsize=10, retries=False)
    with BingX(KEY, SECRET, base_url=base, rate_limits=False) as bx:
        def bare_sync() -> bytes:
            return bytes(pool.request("GET", f"{base}{PATH}?{signed_query()}", headers=HEADERS).data)

        sync_sides: list[tuple[str, Callable[[], object]]] = [("baseline", bare_sync), ("tradewire", bx.swap_balance)]
        for _side, fn in sync_sides:  # warm
            sync_rate(fn, 200, 10)
        for i in range(pairs):
            sync_order = sync_sides if i % 2 == 0 else sync_sides[::-1]
            for _side, fn in sync_order:
                put("sync 1 call", _side, sync_per_call(fn, n // 4))
            for threads in CONCURRENCY:
                for _side, fn in sync_order:
                    put(f"sync {threads} threads", _side, sync_rate(fn, n // 2, threads))
    pool.clear()
    return out


async def _ccxt_async(base: str, n: int, put: Callable[[str, str, float], None]) -> None:  # float ok
    try:
        import ccxt.async_support as accxt
    except ImportError:
        return
    ex = accxt.bingx({"apiKey": KEY, "secret": SECRET, "enableRateLimit": False})
    _point_ccxt(ex, base)
    try:
        await async_per_call(ex.swapV3PrivateGetUserBalance, 50)
        put("async 1 call", "ccxt", await async_per_call(ex.swapV3PrivateGetUserBalance, n))  # one block
    finally:
        await ex.close()


def _point_ccxt(ex: Any, base: str) -> None:
    """Send every ccxt bingx URL to the loopback server."""
    urls = ex.urls["api"]
    for k in list(urls):
        if isinstance(urls[k], str):
            urls[k] = base + "/openApi"
        elif isinstance(urls[k], dict):
            for kk in urls[k]:
                urls[k][kk] = base + "/openApi"


# --- the table ---------------------------------------------------------------------------------------------

def report(blocks: Blocks, n: int, pairs: int, path: str = PATH) -> None:
    """The table: per figure both sides, the paired ratio and the goal."""
    import statistics

    print(f"signed GET {path}; {pairs} pairs of blocks per figure ({n // 4} calls per 1-call block, {n} per async "
          f"and {n // 2} per sync throughput block); loopback server in a child process")
    print("baseline / tradewire: median of the blocks; ratio: median of the paired ratios tradewire/baseline "
          "(the goal's measure); +decode: bare aiohttp + signing + the same typed decode, for reference")
    print(f"{'figure':<18}{'unit':>8}{'baseline':>10}{'tradewire':>11}{'ratio':>8} {'goal':<14}{'+decode':>9}")
    for figure, sides in blocks.items():
        unit = "µs/call" if figure.endswith("1 call") else "calls/s"
        b, t = sides["baseline"], sides["tradewire"]
        ratio = statistics.median(y / x for x, y in zip(b, t, strict=True))
        goal, how = GOALS.get(figure, (None, ""))
        verdict = ""
        if goal is not None:
            ok = ratio <= goal if how == "<=" else ratio >= goal
            verdict = f"{how} {goal:.2f} {'met' if ok else 'MISSED'}"
        ref = ""
        if "+decode" in sides:
            ref = f"{statistics.median(y / x for x, y in zip(b, sides['+decode'], strict=True)):.3f}x"
        print(f"{figure:<18}{unit:>8}{statistics.median(b):>10.0f}{statistics.median(t):>11.0f}{ratio:>7.3f}x "
              f"{verdict:<14}{ref:>9}")
        if "ccxt" in sides:
            print(f"{'  ccxt':<18}{unit:>8}{'':>10}{statistics.median(sides['ccxt']):>11.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--pairs", type=int, default=9)
    ap.add_argument("--ccxt", action="store_true", help="also time ccxt (async, one call at a time)")
    args = ap.parse_args()
    if args.calls < 400 or args.pairs < 1:
        ap.error("--calls must be at least 400 (the 1-call blocks take a quarter) and --pairs at least 1")
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    with server() as base:
        blocks = measure(base, args.calls, args.pairs, args.ccxt)
    report(blocks, args.calls, args.pairs)


if __name__ == "__main__":
    main()
