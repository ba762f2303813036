"""tradewire's REST overhead on one signed GET (`/openApi/swap/v3/user/balance`), beside its own baseline.

The baseline is the bare transport doing the same work by hand: HMAC-SHA256 signing of `timestamp=...`, the
same URL shape and the same headers (`X-SOURCE-KEY`, `X-BX-APIKEY`, no User-Agent), reading the body. Async
figures are against aiohttp, sync ones against urllib3; the server is a small aiohttp app in a child
process on 127.0.0.1 (`loopback.py`). Figures:

- `1 call`: µs per call, calls made one after another;
- `N tasks` (async) / `N threads` (sync): calls per second with N callers at once.

Baseline and tradewire alternate within every round (their order flips each round) and the best round
counts, so machine load weighs on both sides. The goals of issue 18 are printed beside the ratios.
Run: `python bench/rest_bingx.py [--calls 2000] [--rounds 5] [--ccxt]`.
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


# --- one round ---------------------------------------------------------------------------------------------

Figures = dict[str, dict[str, float]]  # float ok: figure -> side -> value


def one_round(base: str, n: int, flip: bool, ccxt: bool) -> Figures:
    """Every figure once, baseline and tradewire back to back (in flipped order when `flip`)."""
    out: Figures = {}

    def put(figure: str, side: str, value: float) -> None:  # float ok: timing
        out.setdefault(figure, {})[side] = value

    async def run_async() -> None:
        import aiohttp

        from tradewire import AsyncBingX

        async with aiohttp.ClientSession(skip_auto_headers=("User-Agent",)) as s, \
                AsyncBingX(KEY, SECRET, base_url=base, rate_limits=False) as abx:
            async def bare() -> bytes:
                async with s.get(f"{base}{PATH}?{signed_query()}", headers=HEADERS) as r:
                    return await r.read()

            sides: list[tuple[str, Callable[[], Awaitable[object]]]] = [("baseline", bare), ("tradewire",
                                                                                              abx.swap_balance)]
            if flip:
                sides.reverse()
            for _side, fn in sides:  # warm: connections open, clock synced
                await async_rate(fn, 200, 100)
            for side, fn in sides:
                put("async 1 call", side, await async_per_call(fn, n // 2))
            for tasks in CONCURRENCY:
                for side, fn in sides:
                    put(f"async {tasks} tasks", side, await async_rate(fn, n, tasks))
            if ccxt:
                await _ccxt_async(base, n // 2, put)

    asyncio.run(run_async())

    import urllib3

    from tradewire import BingX

    pool = urllib3.PoolManager(maxsize=10, retries=False)
    with BingX(KEY, SECRET, base_url=base, rate_limits=False) as bx:
        def bare_sync() -> bytes:
            return bytes(pool.request("GET", f"{base}{PATH}?{signed_query()}", headers=HEADERS).data)

        sync_sides: list[tuple[str, Callable[[], object]]] = [("baseline", bare_sync), ("tradewire", bx.swap_balance)]
        if flip:
            sync_sides.reverse()
        for _side, fn in sync_sides:  # warm
            sync_rate(fn, 100, 10)
        for side, fn in sync_sides:
            put("sync 1 call", side, sync_per_call(fn, n // 2))
        for threads in CONCURRENCY:
            for side, fn in sync_sides:
                put(f"sync {threads} threads", side, sync_rate(fn, n, threads))
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
        put("async 1 call", "ccxt", await async_per_call(ex.swapV3PrivateGetUserBalance, n))
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

def best(rounds: list[Figures]) -> Figures:
    """Per figure and side, the best round: the least µs per call, the most calls per second."""
    out: Figures = {}
    for r in rounds:
        for figure, sides in r.items():
            for side, v in sides.items():
                have = out.setdefault(figure, {}).get(side)
                better = min if figure.endswith("1 call") else max
                out[figure][side] = v if have is None else better(have, v)
    return out


def report(figures: Figures, n: int, rounds: int) -> None:
    print(f"signed GET {PATH}: {n} calls per throughput figure, {n // 2} per 1-call figure, best of {rounds} "
          "interleaved rounds; loopback server in a child process")
    print(f"{'figure':<18}{'unit':>8}{'baseline':>11}{'tradewire':>11}{'ratio':>8}  goal")
    for figure, sides in figures.items():
        unit = "µs/call" if figure.endswith("1 call") else "calls/s"
        b, t = sides["baseline"], sides["tradewire"]
        ratio = t / b
        goal, how = GOALS.get(figure, (None, ""))
        verdict = ""
        if goal is not None:
            ok = ratio <= goal if how == "<=" else ratio >= goal
            verdict = f"{how} {goal:.2f}  {'met' if ok else 'MISSED'}"
        print(f"{figure:<18}{unit:>8}{b:>11.0f}{t:>11.0f}{ratio:>7.2f}x  {verdict}")
        if "ccxt" in sides:
            print(f"{'  ccxt':<18}{unit:>8}{'':>11}{sides['ccxt']:>11.0f}{sides['ccxt'] / b:>7.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--ccxt", action="store_true", help="also time ccxt (async, one call at a time)")
    args = ap.parse_args()
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    results: list[Figures] = []
    with server() as base:
        for i in range(args.rounds):
            results.append(one_round(base, args.calls, flip=bool(i % 2), ccxt=args.ccxt))
    report(best(results), args.calls, args.rounds)


if __name__ == "__main__":
    main()
