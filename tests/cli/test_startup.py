"""Start-up structure (behaviour, not timing): what `tradewire --help` and the MCP server must not import."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("asyncio", "tradewire.bingx", "tradewire.binance", "tradewire.sim", "aiohttp", "urllib3")


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)}


def test_help_imports_no_venue_and_no_asyncio() -> None:
    modules = loaded_after("import sys\nsys.argv = ['tradewire', '--help']\nfrom tradewire.cli.app import main\n"
                           "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "typer.rich_utils" in modules  # the help was rendered by typer's rich formatter
    assert heavy(modules) == set()
    assert "pydantic" not in modules
    assert "http.client" not in modules  # only `tradewire sim`'s probe needs it


def test_mcp_server_module_opens_nothing_at_import() -> None:
    assert heavy(loaded_after("import tradewire.mcp.server")) <= {"asyncio"} | {
        m for m in loaded_after("import mcp.server.mcpserver") if m.startswith(("asyncio", "urllib3"))}


def test_the_demo_keys_load_without_the_simulator() -> None:
    modules = loaded_after("from tradewire.sim.demo_keys import DEMO_API_KEY")
    assert {m for m in modules if m.startswith("tradewire.sim")} == {"tradewire.sim", "tradewire.sim.demo_keys"}
    assert "aiohttp" not in modules and "asyncio" not in modules
