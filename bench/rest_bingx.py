"""Per-call time of one signed GET (`/openApi/swap/v3/user/balance`) against one loopback server.

tradewire (async, sync) next to the raw transports it runs on (aiohttp, urllib3) and ccxt (async,
sync). Each client runs `--rounds` interleaved rounds; the best round counts (loopback timings are noisy).
Run: `python bench/rest_bingx.py [--calls 1000] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from loopback import server

KEY, SECRET = "k" * 64, "s" * 64
PATH = "/openApi/swap/v3/user/balance"


def signed_query() -> str:
    q = f"timestamp={time.time_ns() // 1_000_000}"
    return q + "&signature=" + hmac.new(SECRET.encode(), q.encode(), hashlib.sha256).hexdigest()


def per_call_sync(fn: Callable[[], object], n: int) -> float:  # float ok: timing
    for _ in range(min(200, n)):
        fn()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


async def per_call_async(fn: Callable[[], Awaitable[object]], n: int) -> float:  # float ok: timing
    for _ in range(min(200, n)):
        await fn()
    t0 = time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - t0) / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    best: dict[str, float] = {}  # float ok: timing
    for _ in range(args.rounds):
        for name, us in one_round(args.calls).items():
            best[name] = min(us, best.get(name, us))
    report(best, args.calls)


def one_round(n: int) -> dict[str, float]:  # float ok: timing
    """Every client once against a fresh server."""
    results: dict[str, float] = {}  # float ok: timing
    with server() as base:
        import urllib3

        pool = urllib3.PoolManager(maxsize=1, retries=False)
        results["urllib3 (raw)"] = per_call_sync(
            lambda: pool.request("GET", f"{base}{PATH}?{signed_query()}", headers={"X-BX-APIKEY": KEY}).data, n)

        from tradewire import AsyncBingX, BingX

        with BingX(KEY, SECRET, base_url=base, rate_limits=False) as bx:
            results["tradewire sync"] = per_call_sync(bx.swap_balance, n)

        async def run_async() -> None:
            import aiohttp

            async with aiohttp.ClientSession() as s:
                async def raw() -> bytes:
                    async with s.get(f"{base}{PATH}?{signed_query()}", headers={"X-BX-APIKEY": KEY}) as r:
                        return await r.read()
                results["aiohttp (raw)"] = await per_call_async(raw, n)
            async with AsyncBingX(KEY, SECRET, base_url=base, rate_limits=False) as abx:
                results["tradewire async"] = await per_call_async(abx.swap_balance, n)
            try:
                import ccxt.async_support as accxt
            except ImportError:
                return
            ex = accxt.bingx({"apiKey": KEY, "secret": SECRET, "enableRateLimit": False})
            _point_ccxt(ex, base)
            try:
                results["ccxt async"] = await per_call_async(ex.swapV3PrivateGetUserBalance, n)
            finally:
                await ex.close()

        asyncio.run(run_async())
        try:
            import ccxt
        except ImportError:
            pass
        else:
            ex = ccxt.bingx({"apiKey": KEY, "secret": SECRET, "enableRateLimit": False})
            _point_ccxt(ex, base)
            results["ccxt sync"] = per_call_sync(ex.swapV3PrivateGetUserBalance, n)
    return results


def report(results: dict[str, float], n: int) -> None:  # float ok: timing
    """The table, with ratios to the raw transport of the same kind."""
    print(f"signed GET {PATH}, {n} calls per round, best round, loopback, server in its own process")
    print(f"{'client':<18}{'µs/call':>10}{'vs raw':>9}")
    raw = {"sync": results["urllib3 (raw)"], "async": results["aiohttp (raw)"]}
    for name, us in results.items():
        kind = "async" if ("async" in name or "aiohttp" in name) else "sync"
        print(f"{name:<18}{us:>10.0f}{us / raw[kind]:>8.2f}x")
    print(f"tradewire overhead: sync {results['tradewire sync'] - raw['sync']:.0f} µs, "
          f"async {results['tradewire async'] - raw['async']:.0f} µs per call")


def _point_ccxt(ex: object, base: str) -> None:
    """Send every ccxt bingx URL to the loopback server."""
    urls = ex.urls["api"]  # type: ignore[attr-defined]
    for k in list(urls):
        if isinstance(urls[k], str):
            urls[k] = base + "/openApi"
        elif isinstance(urls[k], dict):
            for kk in urls[k]:
                urls[k][kk] = base + "/openApi"


if __name__ == "__main__":
    main()
