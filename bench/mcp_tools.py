"""What the MCP layer costs per tool call, next to the same data through the library directly.

Run `python bench/mcp_tools.py [N]`: median milliseconds of N calls each against a simulator on 127.0.0.1, with
client-side rate limiting off on both sides (it would otherwise pace every call at the exchange's documented rate
and hide the figures). "MCP" is the SDK's in-memory client calling the real server: argument validation, the
work, the table, the JSON and the output-schema check; stdio adds the pipe round trip.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp.client.client import Client

from tradewire.app.session import Options, Session
from tradewire.mcp.desk import Desk
from tradewire.mcp.server import build_server
from tradewire.sim import Simulator


async def median_ms(fn: Callable[[], Awaitable[Any]], n: int) -> float:  # float ok: milliseconds
    await fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        await fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(times)


async def run(sim: Simulator, n: int) -> list[tuple[str, float, float]]:  # float ok: milliseconds
    user = sim.users[0]
    environ = {"TRADEWIRE_CONFIG": str(Path("/nonexistent/tradewire.toml")), "BINGX_API_KEY": user.api_key,
               "BINGX_SECRET_KEY": user.secret_key}
    desk = Desk(Session(Options(env="vst", fmt="json", base_url=sim.bingx_url), environ))
    ex = desk.exchange()
    ex.client.context.limiter.enabled = False
    move = {"direction": "FUND_PFUTURES", "asset": "USDT", "amount": "0.01"}

    async def lib(fn: Callable[[], object]) -> None:
        await asyncio.to_thread(fn)  # the server runs sync tools on a worker thread too

    async with Client(build_server(desk)) as client:
        async def transfer() -> None:
            token = (await client.call_tool("prepare_transfer", move)).structured_content or {}
            await client.call_tool("execute", {"token": token["token"]})

        rows = [
            ("price BTC-USDT", await median_ms(lambda: lib(lambda: ex.ticker("BTC/USDT")), n),
             await median_ms(lambda: client.call_tool("price", {"symbol": "BTC-USDT"}), n)),
            ("balances (all accounts)", await median_ms(lambda: lib(lambda: (
                [ex.balances(a) for a in ex.accounts], ex.client.swap_balance(), ex.client.account_balances())), n),
             await median_ms(lambda: client.call_tool("balances", {}), n)),
            ("order_book 20", await median_ms(lambda: lib(lambda: ex.order_book("BTC/USDT", 20)), n),
             await median_ms(lambda: client.call_tool("order_book", {"symbol": "BTC-USDT"}), n)),
            ("transfer (prepare+execute)",
             await median_ms(lambda: lib(lambda: ex.client.transfer("USDT", "0.01", type="FUND_PFUTURES")), n),
             await median_ms(transfer, n)),
        ]
    desk.session.close()
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with Simulator(rate_limits=False) as sim:
        rows = asyncio.run(run(sim, n))
    print(f"median ms of {n} calls           library        MCP   overhead")
    for name, lib, mcp in rows:
        print(f"{name:<30}{lib:>10.2f}{mcp:>11.2f}{mcp - lib:>11.2f}")


if __name__ == "__main__":
    main()
