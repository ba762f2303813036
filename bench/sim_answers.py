"""The simulator's answers to a scripted sequence of BingX requests, one line each: diff two builds' output to
show a speed change changed no answer (issue 16).

The simulator starts at a fixed instant with its clock frozen (the wall clock is pinned while it is built), so
two runs of one build print the same bytes. The script: balances, positions, depth (three limits, two
contracts) and the book ticker of two users, looked at again after a fill, a transfer, a resting order and clock
moves across trades and a funding time.
Run: `PYTHONPATH=<build>/src python bench/sim_answers.py > answers.txt`, once per build, then `cmp` the files.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.request

START_S = 1_750_000_000  # the simulator's clock starts here (Unix seconds)
MOVES_MS = (5_000, 10_000, 60_000, 8 * 3_600_000, 3_600_000)


def _frozen_simulator() -> object:
    """A `Simulator` built at `START_S` with its clock frozen there (time.time/monotonic pinned meanwhile)."""
    from tradewire.sim import Simulator

    wall, mono = time.time, time.monotonic
    time.time, time.monotonic = (lambda: float(START_S)), (lambda: 1000.0)  # float ok: seconds
    try:
        sim = Simulator(rate_limits=False)
        sim.clock.speed = 0
    finally:
        time.time, time.monotonic = wall, mono
    return sim.start()


def main() -> None:
    from tradewire.sim import Simulator

    sim = _frozen_simulator()
    assert isinstance(sim, Simulator)
    out: list[str] = []

    def call(user: int, method: str, path: str, signed: bool = True, **params: str) -> None:
        query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
        headers = {}
        if signed:
            u = sim.users[user]
            query = "&".join(p for p in (query, f"timestamp={sim.clock.now_ms()}") if p)
            query += "&signature=" + hmac.new(u.secret_key.encode(), query.encode(), hashlib.sha256).hexdigest()
            headers["X-BX-APIKEY"] = u.api_key
        body = query.encode() if method == "POST" else None
        url = f"{sim.bingx_url}{path}" + (f"?{query}" if method == "GET" and query else "")
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        with urllib.request.urlopen(urllib.request.Request(url, body, headers, method=method), timeout=30) as r:
            out.append(f"{method} {path} {r.status} {r.read().decode()}")

    def look() -> None:
        for user in (0, 1):
            call(user, "GET", "/openApi/swap/v3/user/balance")
            call(user, "GET", "/openApi/swap/v2/user/positions")
        for symbol, limits in (("BTC-USDT", ("5", "20", "100")), ("ETH-USDT", ("20",))):
            for limit in limits:
                call(0, "GET", "/openApi/swap/v2/quote/depth", signed=False, symbol=symbol, limit=limit)
        call(0, "GET", "/openApi/swap/v2/quote/bookTicker", signed=False, symbol="BTC-USDT")

    order = "/openApi/swap/v2/trade/order"
    try:
        look()
        call(0, "POST", order, symbol="BTC-USDT", side="BUY", type="MARKET", positionSide="LONG", quantity="0.01")
        look()
        call(1, "POST", "/openApi/api/asset/v1/transfer", asset="USDT", amount="400", fromAccount="fund",
             toAccount="USDTMPerp")
        look()
        call(1, "POST", order, symbol="BTC-USDT", side="BUY", type="LIMIT", positionSide="LONG", quantity="0.05",
             price="1000")
        look()
        for ms in MOVES_MS:
            sim.clock.advance(ms)
            look()
        call(1, "POST", order, symbol="ETH-USDT", side="SELL", type="MARKET", positionSide="SHORT", quantity="0.5")
        look()
    finally:
        sim.stop()
    print("\n".join(out))


if __name__ == "__main__":
    main()
