"""The MCP tools in-process (the SDK's in-memory client) against simulators on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp.client.client import Client
from mcp.types import CallToolResult, TextContent

from tradewire.app.session import Options, Session
from tradewire.mcp.desk import Desk
from tradewire.mcp.server import build_server
from tradewire.sim import Simulator

Call = Callable[..., Awaitable[CallToolResult]]


def _start(frozen: bool) -> Simulator:
    sim = Simulator(rate_limits=False).start()
    if frozen:
        sim.clock.speed = 0  # market data holds still, so exact values can be compared
    return sim


@pytest.fixture(scope="session")
def shared_sim() -> Iterator[Simulator]:
    sim = _start(frozen=True)
    yield sim
    sim.stop()


@pytest.fixture
def fresh_sim() -> Iterator[Simulator]:
    sim = _start(frozen=False)  # a live clock: a desk that lives through many signed calls stays in its window
    yield sim
    sim.stop()


def desk_for(sim: Simulator, tmp: Path, env: str = "sim", venue: str = "bingx") -> Desk:
    """A desk on `sim`: `sim` uses the demo keys; `live`/`vst` point there via --base-url with user 0's keys."""
    environ = {"TRADEWIRE_CONFIG": str(tmp / "absent.toml")}
    if env != "sim":
        environ |= {"BINGX_API_KEY": sim.users[0].api_key, "BINGX_SECRET_KEY": sim.users[0].secret_key}
    url = sim.binance_url if venue == "binance" else sim.bingx_url
    session = Session(Options(venue=venue, env=env, fmt="json", base_url=url), environ)
    return Desk(session)


def text(result: CallToolResult) -> list[str]:
    """The text blocks of a result."""
    return [c.text for c in result.content if isinstance(c, TextContent)]


def doc(result: CallToolResult) -> Any:
    """The JSON of a successful result (its last block), checked against the structured copy."""
    assert not result.is_error, text(result)
    parsed = json.loads(text(result)[-1])
    assert parsed == result.structured_content
    return parsed


def caller(desk: Desk) -> Call:
    """Call a tool through the SDK's in-memory client."""
    server = build_server(desk)

    async def call(name: str, **args: Any) -> CallToolResult:
        async with Client(server) as client:
            return await client.call_tool(name, args)
    return call


@pytest.fixture
def sim_call(shared_sim: Simulator, tmp_path: Path) -> Iterator[Call]:
    """Tools on env `sim` over the shared simulator."""
    desk = desk_for(shared_sim, tmp_path)
    yield caller(desk)
    desk.session.close()


@pytest.fixture
def live(fresh_sim: Simulator, tmp_path: Path) -> Iterator[tuple[Desk, Call]]:
    """A desk on env `live` pointed at a simulator of its own."""
    desk = desk_for(fresh_sim, tmp_path, env="live")
    yield desk, caller(desk)
    desk.session.close()
