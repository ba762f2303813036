"""Write src/tradewire/mcp/tools.json: the MCP SDK server's `tools/list`, which the stdio server publishes as it is.

Run `python tools/mcp_catalogue.py` after changing a tool (its signature, description, annotations or output
schema); `python tools/mcp_catalogue.py --check` exits 1 when the file is stale (tests/mcp/test_catalogue.py does too).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from tradewire.app.session import Options, Session
from tradewire.mcp import catalogue
from tradewire.mcp.desk import Desk
from tradewire.mcp.server import build_server


def sdk_tools() -> list[dict[str, Any]]:
    """The tools as the SDK server lists them on the wire (no simulator or client is opened)."""
    with tempfile.TemporaryDirectory() as tmp:
        session = Session(Options(venue="bingx", env="sim", fmt="json"),
                          {"TRADEWIRE_CONFIG": str(Path(tmp) / "absent.toml")})
        try:
            tools = asyncio.run(build_server(Desk(session)).list_tools())
        finally:
            session.close()
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools]


def render(tools: list[dict[str, Any]]) -> str:
    """The file's text: one tool per line, so a change shows as the tools it touched."""
    return "[\n" + ",\n".join(json.dumps(t, ensure_ascii=False) for t in tools) + "\n]\n"


def main() -> int:
    text = render(sdk_tools())
    if "--check" in sys.argv[1:]:
        stale = not catalogue.PATH.exists() or catalogue.PATH.read_text(encoding="utf-8") != text
        print(f"{catalogue.PATH}: {'stale, run python tools/mcp_catalogue.py' if stale else 'up to date'}")
        return int(stale)
    catalogue.PATH.write_text(text, encoding="utf-8")
    print(f"wrote {catalogue.PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
