"""Command-line habits: global options after the command, notices only once the input was accepted."""

from __future__ import annotations

import subprocess
import sys

import typer
from typer.core import TyperGroup

from tests.cli.cli_helpers import Run, ok_json
from tradewire.cli.app import app, hoist_globals


def test_global_options_after_the_command_move_before_it() -> None:
    group = app_group()
    assert hoist_globals(group, ["balance", "--json"]) == ["--json", "balance"]
    assert hoist_globals(group, ["book", "BTC-USDT", "--venue", "binance", "--depth", "3"]) == [
        "--venue", "binance", "book", "BTC-USDT", "--depth", "3"]
    assert hoist_globals(group, ["--utc", "income", "export", "--env=sim", "-o", "x.xlsx"]) == [
        "--utc", "--env=sim", "income", "export", "-o", "x.xlsx"]
    # a command's own option of the same name stays its own; nothing moves past `--`
    assert hoist_globals(group, ["mcp", "--venue", "binance"]) == ["mcp", "--venue", "binance"]
    assert hoist_globals(group, ["price", "--", "--json"]) == ["price", "--", "--json"]


def app_group() -> TyperGroup:
    group = typer.main.get_group(app)
    assert isinstance(group, TyperGroup)
    return group


def test_balance_json_after_the_command(run: Run) -> None:
    doc = ok_json(run("balance", "--json"))
    assert set(doc) == {"spot", "fund", "swap", "overview"}


def test_a_refused_input_prints_no_notice_before_the_refusal(run: Run) -> None:
    refused = run("book", "BTC-USDT", "--depth", "0")
    assert refused.exit_code == 2
    assert refused.stdout == "" and "Simulator" not in refused.stderr
    assert refused.stderr.startswith("error: invalid --depth: must be at least 1")
    shown = run("price", "BTC-USDT")
    assert shown.exit_code == 0 and shown.stdout.startswith("Simulator")


def test_python_dash_m_tradewire() -> None:
    done = subprocess.run([sys.executable, "-m", "tradewire", "--help"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0 and "balance" in done.stdout
