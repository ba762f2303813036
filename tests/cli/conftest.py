"""The CLI against a simulator: one shared read-mostly simulator, fresh ones for tests that move money."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.cli.cli_helpers import Run
from tradewire.cli.app import app
from tradewire.sim import Simulator


def _start() -> Simulator:
    sim = Simulator(rate_limits=False).start()
    sim.clock.speed = 0  # market data holds still, so exact values can be compared
    return sim


@pytest.fixture(scope="session")
def shared_sim() -> Iterator[Simulator]:
    sim = _start()
    yield sim
    sim.stop()


@pytest.fixture
def fresh_sim() -> Iterator[Simulator]:
    sim = _start()
    yield sim
    sim.stop()


def clean_env(tmp: Path, **extra: str | None) -> dict[str, str | None]:
    """No keys from the developer's shell or config file leak into a test."""
    env: dict[str, str | None] = {"BINGX_API_KEY": None, "BINGX_SECRET_KEY": None, "BINANCE_API_KEY": None,
                                  "BINANCE_SECRET_KEY": None, "TRADEWIRE_BASE_URL": None,
                                  "TRADEWIRE_CONFIG": str(tmp / "absent.toml"), "TZ": "UTC",
                                  "TRADEWIRE_SIM_DIR": str(tmp / "sim-state")}  # no `tradewire sim` of the shell
    env.update(extra)
    return env


def runner_for(sim: Simulator, tmp: Path) -> Run:
    def run(*args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
        full = clean_env(tmp, TRADEWIRE_BASE_URL=sim.bingx_url, **(env or {}))
        return CliRunner().invoke(app, ["--env", "sim", *args], input=input, env=full)
    return run


@pytest.fixture
def run(shared_sim: Simulator, tmp_path: Path) -> Run:
    """Invoke the CLI on the shared simulator."""
    return runner_for(shared_sim, tmp_path)


@pytest.fixture
def run_fresh(fresh_sim: Simulator, tmp_path: Path) -> Run:
    """Invoke the CLI on a simulator of its own."""
    return runner_for(fresh_sim, tmp_path)


def binance_runner_for(sim: Simulator, tmp: Path) -> Run:
    def run(*args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
        full = clean_env(tmp, TRADEWIRE_BASE_URL=sim.binance_url, **(env or {}))
        return CliRunner().invoke(app, ["--venue", "binance", "--env", "sim", *args], input=input, env=full)
    return run


@pytest.fixture
def run_binance(fresh_sim: Simulator, tmp_path: Path) -> Run:
    """Invoke the CLI with `--venue binance` on a simulator of its own."""
    return binance_runner_for(fresh_sim, tmp_path)
