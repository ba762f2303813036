"""End to end: `python -m tradewire.mcp` over stdio, defaulting to the embedded simulator without credentials."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.types import TextContent
from typer.testing import CliRunner

from tradewire.cli.app import app
from tradewire.mcp.desk import SIM_NOTICE


async def test_stdio_server_lists_and_calls(tmp_path: Path) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "tradewire.mcp"],
                                   env={"TRADEWIRE_CONFIG": str(tmp_path / "absent.toml")})
    with anyio.fail_after(30):
        async with Client(params) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            result = await client.call_tool("balances", {"account": "fund"})
    assert {"balances", "transfer", "place_order", "cancel_order", "income"} <= names
    blocks = [c.text for c in result.content if isinstance(c, TextContent)]
    assert not result.is_error and blocks[0] == SIM_NOTICE
    doc = json.loads(blocks[-1])
    assert doc["env"] == "sim" and {b["asset"]: b["total"] for b in doc["accounts"]["fund"]} == \
        {"BTC": "0.5", "USDT": "10000"}


def test_cli_command_is_registered() -> None:
    result = CliRunner().invoke(app, ["mcp", "--help"])
    assert result.exit_code == 0
    assert all(option in result.stdout for option in ("--venue", "--env", "--profile"))
