"""Start-up structure (behaviour, not timing): what `tradewire --help`, a command's help and the MCP server must not
import, and the static command table that keeps `tradewire --help` cheap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

import tradewire.cli
from tradewire.cli.app import app
from tradewire.cli.commands import COMMANDS, load

HEAVY = ("asyncio", "tradewire.bingx", "tradewire.binance", "tradewire.sim", "aiohttp", "urllib3")
RENDERERS = ("rich", "typer.rich_utils", "markdown_it", "pygments")  # typer's rich help: ~240 ms of imports
LOADERS = {loader for loader, _ in COMMANDS.values()}


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)}


def run_cli(*args: str) -> set[str]:
    return loaded_after(f"import sys\nsys.argv = ['tradewire', *{args!r}]\nfrom tradewire.cli.app import main\n"
                        "try:\n    main()\nexcept SystemExit:\n    pass")


def test_help_imports_no_command_no_renderer_no_venue() -> None:
    modules = run_cli("--help")
    assert {m for m in modules if m.startswith("tradewire.cli")} == {
        "tradewire.cli", "tradewire.cli.app", "tradewire.cli.commands", "tradewire.cli.coercion"}
    assert {m for m in modules if m.split(".")[0] in RENDERERS or m.startswith(RENDERERS)} == set()
    assert heavy(modules) == set()
    assert "pydantic" not in modules and "msgspec" not in modules
    assert "http.client" not in modules  # only `tradewire sim`'s probe needs it


def test_a_commands_help_imports_its_module_only() -> None:
    modules = run_cli("book", "--help")
    assert "tradewire.cli.market" in modules
    assert {m for m in modules if m.removeprefix("tradewire.cli.") in LOADERS} == {"tradewire.cli.market"}
    assert {m for m in modules if m.split(".")[0] in RENDERERS[1:] or m.startswith(RENDERERS[1:])} == set()
    assert "asyncio" not in modules and "aiohttp" not in modules
    assert "pydantic" not in modules  # typer's coercion of the root's options and --help is deferred


def test_a_command_run_builds_no_pydantic_adapter_for_plain_values() -> None:
    modules = run_cli("config", "path")
    assert "tradewire.cli.configure" in modules
    assert "pydantic" not in modules and "typer._adapters" not in modules


def test_the_static_table_is_the_real_commands() -> None:
    real = {name: command for loader in sorted(LOADERS) for name, command in load(loader).items()}
    assert set(real) == set(COMMANDS)
    for name, (loader, text) in COMMANDS.items():
        assert name in load(loader)
        assert " ".join((real[name].help or "").split("\n\n")[0].split()) == text, name
        assert not real[name].hidden


def test_every_module_that_registers_commands_is_in_the_table() -> None:
    cli = Path(tradewire.cli.__file__).parent
    registering = {f.stem for f in cli.glob("*.py") if "\ndef register(" in f.read_text()}
    assert registering - LOADERS == {"history", "killswitch"}  # added to order's group by the `order` loader


def test_the_root_lists_the_table_and_resolves_each_name() -> None:
    root = get_command(app)
    assert list(root.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    assert root.commands["order"].commands["history"].name == "history"  # type: ignore[attr-defined]


def test_mcp_server_module_opens_nothing_at_import() -> None:
    assert heavy(loaded_after("import tradewire.mcp.server")) <= {"asyncio"} | {
        m for m in loaded_after("import mcp.server.mcpserver") if m.startswith(("asyncio", "urllib3"))}


def test_the_demo_keys_load_without_the_simulator() -> None:
    modules = loaded_after("from tradewire.sim.demo_keys import DEMO_API_KEY")
    assert {m for m in modules if m.startswith("tradewire.sim")} == {"tradewire.sim", "tradewire.sim.demo_keys"}
    assert "aiohttp" not in modules and "asyncio" not in modules


def test_values_that_need_typers_coercion_still_get_it() -> None:
    bad = CliRunner().invoke(app, ["book", "BTC-USDT", "--depth", "abc"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: Invalid value for '--depth': Input should be a valid integer")
    wrong_venue = CliRunner().invoke(app, ["--venue", "kraken", "price"])
    assert wrong_venue.exit_code == 2 and "must be bingx or binance" in wrong_venue.stderr
