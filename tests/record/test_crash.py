"""`tradewire record` as a process: kill -9 mid-write leaves only readable files; Ctrl-C closes them cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tradewire.record.query import connect
from tradewire.record.writer import DatasetWriter
from tradewire.sim import Simulator

CLI = [sys.executable, "-c", "from tradewire.cli.app import main; main()"]
WAIT_S = 90.0  # float ok: seconds; bounds a hang


@pytest.fixture
def fast_sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as simulator:
        simulator.clock.speed = 20  # twenty simulated seconds of market per second: many frames
        yield simulator


def _start(sim: Simulator, out: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env |= {"TRADEWIRE_BASE_URL": sim.bingx_url, "TRADEWIRE_CONFIG": str(out.parent / "absent.toml"),
            "TRADEWIRE_SIM_DIR": str(out.parent / "sim-state")}
    return subprocess.Popen([*CLI, "--env", "sim", "record", "--symbols", "BTC-USDT,ETH-USDT", "--out", str(out),
                             "--flush", "200ms", "--seconds", "600"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _files(out: Path, suffix: str) -> list[Path]:
    return sorted(out.rglob(f"*{suffix}")) if out.exists() else []


def _wait_files(proc: subprocess.Popen[str], out: Path, n: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while len(_files(out, ".parquet")) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no files written"
        time.sleep(0.05)


def test_kill_9_mid_write_leaves_only_readable_files(fast_sim: Simulator, tmp_path: Path) -> None:
    out = tmp_path / "data"
    proc = _start(fast_sim, out)
    try:
        _wait_files(proc, out, 12)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=WAIT_S)
    assert proc.returncode == -signal.SIGKILL
    finished = _files(out, ".parquet")
    rows = sum(pq.read_table(path).num_rows for path in finished)  # every closed file reads back
    assert rows > 0
    leftovers = _files(out, ".tmp")
    assert all(p.name.endswith(".parquet.tmp") for p in leftovers)
    con = connect(out)
    assert con.execute("SELECT count(*) FROM depth").fetchone()[0] > 0  # DuckDB skips the .tmp files
    con.close()
    DatasetWriter(out)  # the next writer on the root removes what the killed one left
    assert _files(out, ".tmp") == []


def test_sigint_stops_and_closes_every_file(fast_sim: Simulator, tmp_path: Path) -> None:
    out = tmp_path / "data"
    proc = _start(fast_sim, out)
    try:
        _wait_files(proc, out, 4)
    finally:
        proc.send_signal(signal.SIGINT)
        summary, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 0, err
    assert _files(out, ".tmp") == []
    con = connect(out)
    kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY ts_local").fetchall()]
    total = con.execute("SELECT count(*) FROM depth").fetchone()[0]
    con.close()
    assert kinds[0] == "start" and kinds[-1] == "stop"
    assert total > 0 and f"files under {out} (0 gaps, 0 dropped)" in summary.replace("\n", "")
