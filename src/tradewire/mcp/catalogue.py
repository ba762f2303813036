"""What the server announces without the MCP SDK: its instructions and its tools as `tools/list` publishes them.

`tools.json` is the SDK server's own list (`server.build_server`), written by `python tools/mcp_catalogue.py`, so the
stdio server answers `tools/list` without importing the SDK (issue 18: ready in <= 0.5 s; the SDK import alone takes
~1 s). tests/mcp/test_catalogue.py fails when the file and the SDK's list differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("tools.json")
INSTRUCTIONS = """\
tradewire: BingX and Binance accounts, market data and trading, for one venue and environment chosen when the
server started. Amounts and prices are exact decimal strings (never floats); times accept 7d, 12h, 2024-05-01,
2024-05-01T08:00 (UTC) or Unix ms. Every result starts with where it ran; on VST, testnet or the simulator, tell the
user that line. Show the table the result carries.
Moving money is two steps: a prepare_* tool validates and returns a preview plus a one-time token (nothing is sent);
execute(token) carries it out once. On live, execute also needs confirm="CONFIRM", typed by the user after seeing
the preview: never type it for them. An OUTCOME UNKNOWN error means the action may have happened: check as the
message says; never repeat it blindly."""


def load() -> list[dict[str, Any]]:
    """The tools, in the SDK's order and wire form (camelCase keys, no null fields)."""
    tools: list[dict[str, Any]] = json.loads(PATH.read_text(encoding="utf-8"))
    return tools
