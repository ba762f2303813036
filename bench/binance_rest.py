"""Binance REST: tradewire's overhead on one signed GET (`/api/v3/account`), beside its own baseline.

Default run (issue 18): the same figures as `rest_bingx.py` (one call; 10 and 100 concurrent tasks / threads)
for `AsyncBinance` / `Binance` against bare aiohttp / urllib3 + HMAC-SHA256 signing with the same URL shape
(`timestamp=...&signature=...`) and the same headers (`X-MBX-APIKEY`, no User-Agent), in pairs of blocks
against a small server in a child process on 127.0.0.1 (see `rest_bingx.py` for the method).

`--libs [N]`: tradewire vs python-binance vs ccxt on the same calls against the simulator (median of N per
call, sync). Client-side throttling is off in all three. tradewire checks symbol filters before an order,
which costs an avgPrice call on symbols with percent-price filters (BTCUSDT here): 3 requests per
place+cancel, not 2.
Run: `python bench/binance_rest.py [--calls 2000] [--pairs 9]` or `python bench/binance_rest.py --libs 200`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import logging
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from loopback import server
from rest_bingx import CONCURRENCY, Blocks, async_per_call, async_rate, report, sync_per_call, sync_rate

KEY, SECRET = "k" * 64, "s" * 64
PATH = "/api/v3/account"
HEADERS = {"X-MBX-APIKEY": KEY}
ACCOUNT = (b'{"makerCommission":15,"takerCommission":15,"buyerCommission":0,"sellerCommission":0,'
           b'"commissionRates":{"maker":"0.00150000","taker":"0.00150000","buyer":"0.00000000",'
           b'"seller":"0.00000000"},"canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,'
           b'"requireSelfTradePrevention":false,"preventSor":false,"updateTime":123456789,"accountType":"SPOT",'
           b'"balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},'
           b'{"asset":"LTC","free":"4763368.68006011","locked":"0.00000000"}],"permissions":["SPOT"],"uid":354937868}')


def _serve(port: int) -> None:
    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        if request.path == "/api/v3/time":
            return web.Response(body=b'{"serverTime":%d}' % (time.time_ns() // 1_000_000),
                                content_type="application/json")
        return web.Response(body=ACCOUNT, content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def signed_query() -> str:
    q = f"timestamp={time.time_ns() // 1_000_000}"
    return q + "&signature=" + hmac.new(SECRET.encode(), q.encode(), hashlib.sha256).hexdigest()


def measure(base: str, n: int, pairs: int) -> Blocks:
    """Pairs of blocks per figure, the sides back to back in alternating order (as in rest_bingx.py)."""
    out: Blocks = {}

    def put(figure: str, side: str, value: float) -> None:  # float ok: timing
        out.setdefault(figure, {}).setdefault(side, []).append(value)

    async def run_async() -> None:
        import aiohttp

        from tradewire import AsyncBinance
        from tradewire.binance import endpoints as E
        from tradewire.core.codec import blank_to_null, decoder

        typed = decoder(E.ACCOUNT.result)
        async with aiohttp.ClientSession(skip_auto_headers=("User-Agent",)) as s, \
                AsyncBinance(KEY, SECRET, base_url=base, rate_limits=False) as abn:
            async def bare() -> bytes:
                async with s.get(f"{base}{PATH}?{signed_query()}", headers=HEADERS) as r:
                    return await r.read()

            async def bare_decoded() -> object:
                async with s.get(f"{base}{PATH}?{signed_query()}", headers=HEADERS) as r:
                    return typed.decode(blank_to_null(await r.read()))

            sides: list[tuple[str, Callable[[], Awaitable[object]]]] = [
                ("baseline", bare), ("tradewire", abn.account), ("+decode", bare_decoded)]
            for _side, fn in sides:  # warm: connections open, clock synced
                await async_rate(fn, 500, 100)
            for i in range(pairs):
                order = sides if i % 2 == 0 else sides[::-1]
                for side, fn in order:
                    put("async 1 call", side, await async_per_call(fn, n // 4))
                for tasks in CONCURRENCY:
                    for side, fn in order:
                        put(f"async {tasks} tasks", side, await async_rate(fn, n, tasks))

    asyncio.run(run_async())

    import urllib3

    from tradewire import Binance

    pool = urllib3.PoolManager(maxsize=10, retries=False)
    with Binance(KEY, SECRET, base_url=base, rate_limits=False) as bn:
        def bare_sync() -> bytes:
            return bytes(pool.request("GET", f"{base}{PATH}?{signed_query()}", headers=HEADERS).data)

        sync_sides: list[tuple[str, Callable[[], object]]] = [("baseline", bare_sync), ("tradewire", bn.account)]
        for _side, fn in sync_sides:  # warm
            sync_rate(fn, 200, 10)
        for i in range(pairs):
            sync_order = sync_sides if i % 2 == 0 else sync_sides[::-1]
            for side, fn in sync_order:
                put("sync 1 call", side, sync_per_call(fn, n // 4))
            for threads in CONCURRENCY:
                for side, fn in sync_order:
                    put(f"sync {threads} threads", side, sync_rate(fn, n // 2, threads))
    pool.clear()
    return out


# --- tradewire vs python-binance vs ccxt (--libs) -----------------------------------------------------------

def median_us(fn: Callable[[], object], n: int) -> float:  # float ok: microseconds
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1000)
    return statistics.median(times)


def libs(n: int) -> None:
    import ccxt
    from binance.client import Client

    from tradewire.binance.client import Binance
    from tradewire.sim.binance.server import BinanceSim
    from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

    with BinanceSim() as sim:
        sim.rest.weight_limit = 10**9
        tw = Binance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, rate_limits=False)
        pb = Client(DEMO_API_KEY, DEMO_SECRET_KEY, ping=False)
        pb.API_URL = sim.url + "/api"
        cx = ccxt.binance({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY, "enableRateLimit": False,
                           "options": {"fetchMarkets": ["spot"], "fetchCurrencies": False}})
        for key in ("public", "private"):
            cx.urls["api"][key] = sim.url + "/api/v3"
        cx.urls["api"]["sapi"] = sim.url + "/sapi/v1"
        cx.load_markets()
        tw.symbol_filters("BTCUSDT")

        def tw_order() -> None:
            o = tw.new_order("BTCUSDT", "BUY", "LIMIT", quantity=Decimal("0.001"), price=Decimal("64000"),
                             time_in_force="GTC")
            tw.cancel_order("BTCUSDT", order_id=int(o.order_id))

        def pb_order() -> None:
            o = pb.create_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.001",
                                price="64000")
            pb.cancel_order(symbol="BTCUSDT", orderId=o["orderId"])

        def cx_order() -> None:
            o = cx.create_order("BTC/USDT", "limit", "buy", 0.001, 64000)
            cx.cancel_order(o["id"], "BTC/USDT")

        calls: list[tuple[str, Callable[[], object], Callable[[], object], Callable[[], object]]] = [
            ("depth(20)", lambda: tw.depth("BTCUSDT", limit=20), lambda: pb.get_order_book(symbol="BTCUSDT", limit=20),
             lambda: cx.fetch_order_book("BTC/USDT", 20)),
            ("ticker price", lambda: tw.price("BTCUSDT"), lambda: pb.get_symbol_ticker(symbol="BTCUSDT"),
             lambda: cx.public_get_ticker_price({"symbol": "BTCUSDT"})),
            ("account (signed)", tw.account, pb.get_account, cx.private_get_account),
            ("place+cancel", tw_order, pb_order, cx_order),
        ]
        print(f"{'call':<18}{'tradewire µs':>14}{'python-binance µs':>19}{'ccxt µs':>10}{'pb/tw':>8}{'ccxt/tw':>9}")
        for name, a, b, c in calls:
            ta, tb, tc = median_us(a, n), median_us(b, n), median_us(c, n)
            print(f"{name:<18}{ta:>14.0f}{tb:>19.0f}{tc:>10.0f}{tb / ta:>8.2f}{tc / ta:>9.2f}")
        tw.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--pairs", type=int, default=9)
    ap.add_argument("--libs", type=int, nargs="?", const=200, default=None,
                    help="instead: tradewire vs python-binance vs ccxt on the simulator, median of N calls")
    args = ap.parse_args()
    if args.calls < 400 or args.pairs < 1:
        ap.error("--calls must be at least 400 (the 1-call blocks take a quarter) and --pairs at least 1")
    if args.libs is not None:
        libs(args.libs)
        return
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    with server(_serve) as base:
        blocks = measure(base, args.calls, args.pairs)
    report(blocks, args.calls, args.pairs, PATH)


if __name__ == "__main__":
    main()
