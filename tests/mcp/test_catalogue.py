"""The stdio loop: tools.json is the SDK server's list; JSON-RPC errors (revision 2025-06-18); no SDK until a call."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.mcp.remote import SOURCE
from tradewire.app.session import Options, Session
from tradewire.mcp import catalogue
from tradewire.mcp.desk import Desk
from tradewire.mcp.server import build_server

PROBE = """
import io, json, sys
from tradewire.app.session import Options, Session
from tradewire.mcp.desk import Desk
from tradewire.mcp.stdio import StdioServer
out = io.BytesIO()
lines = [json.dumps(m).encode() for m in json.loads(sys.argv[1])] + [b"{bad"]
StdioServer(Desk(Session(Options(venue="bingx", env="sim", fmt="json"))), out).run(lines)
answers = [json.loads(x) for x in out.getvalue().splitlines()]
print(json.dumps({"sdk_imported": "mcp" in sys.modules, "answers": answers}))
"""


async def test_tools_json_is_the_sdk_servers_list(tmp_path: Path) -> None:
    session = Session(Options(venue="bingx", env="sim", fmt="json"), {"TRADEWIRE_CONFIG": str(tmp_path / "a.toml")})
    tools = await build_server(Desk(session)).list_tools()
    assert catalogue.load() == [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools], \
        "stale: run python tools/mcp_catalogue.py"


def probe(messages: list[dict[str, Any]], tmp: Path) -> dict[str, Any]:
    env = {"PYTHONPATH": SOURCE, "TRADEWIRE_CONFIG": str(tmp / "absent.toml"), "TRADEWIRE_SIM_DIR": str(tmp / "s")}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(messages)], env=env, capture_output=True,
                          text=True, check=True, timeout=120)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_protocol_answers_without_the_sdk(tmp_path: Path) -> None:
    init = {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}
    got = probe([{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init},
                 {"jsonrpc": "2.0", "method": "notifications/initialized"},
                 {"jsonrpc": "2.0", "id": "p", "method": "ping"},
                 {"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {}},
                 {"jsonrpc": "2.0", "id": 3, "method": "tools/list", "params": {}},
                 {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "nosuch", "arguments": {}}},
                 {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"arguments": {}}},
                 {"jsonrpc": "2.0", "id": 6, "method": "tools/list", "params": "x"},
                 {"id": 7, "method": "ping"}], tmp_path)
    answers = got["answers"]
    assert got["sdk_imported"] is False
    assert answers[0] == {"jsonrpc": "2.0", "id": 1, "result": {
        "protocolVersion": "2025-06-18", "capabilities": {"tools": {"listChanged": False}},
        "serverInfo": {"name": "tradewire", "version": answers[0]["result"]["serverInfo"]["version"]},
        "instructions": catalogue.INSTRUCTIONS}}
    assert answers[1] == {"jsonrpc": "2.0", "id": "p", "result": {}}
    assert answers[2] == {"jsonrpc": "2.0", "id": 2,
                          "error": {"code": -32601, "message": "Method not found", "data": "server/discover"}}
    assert answers[3] == {"jsonrpc": "2.0", "id": 3, "result": {"tools": catalogue.load()}}
    rest = sorted((a["id"], a["error"]["code"]) for a in answers[4:] if a["id"] is not None)
    assert rest == [(4, -32602), (5, -32602), (6, -32602)]
    assert [a["error"]["code"] for a in answers if a["id"] is None] == [-32600, -32700]
    assert next(a for a in answers if a["id"] == 4)["error"]["message"] == "Unknown tool: nosuch"


def test_a_call_loads_the_sdk_and_is_answered_after_end_of_input(tmp_path: Path) -> None:
    got = probe([{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                  "params": {"name": "server_time", "arguments": {"extra": 1}}}], tmp_path)
    assert got["sdk_imported"] is True
    call = next(a for a in got["answers"] if a["id"] == 1)["result"]
    assert call["isError"] is True and call["content"][-1]["text"] == \
        "invalid extra: is not an argument of server_time (see the tool's input schema); nothing was sent"
