"""tradewire vs python-binance vs ccxt on the same Binance REST calls against the simulator.

Run `python bench/binance_rest.py [N]`: per-call microseconds (median of N), side by side, ratios.
Client-side throttling is off in all three. tradewire checks symbol filters before an order, which costs
an avgPrice call on symbols with percent-price filters (BTCUSDT here): 3 requests per place+cancel, not 2.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal

import ccxt
from binance.client import Client

from tradewire.binance.client import Binance
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY


def median_us(fn: Callable[[], object], n: int) -> float:  # float ok: microseconds
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1000)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
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


if __name__ == "__main__":
    main()
