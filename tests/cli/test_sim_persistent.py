"""`tradewire sim` as a real process: `--env sim` commands share it, it survives kill -9, `--reset`, `--speed`,
`--faults`; bad options are one-line errors. Every wait polls a condition with a generous bound."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tradewire.cli.app import app

CLI = [sys.executable, "-c", "from tradewire.cli.app import main; main()"]
WAIT_S = 90.0
TIME_PATH = "/openApi/swap/v2/server/time"


def _env(state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    return env | {"TRADEWIRE_CONFIG": str(state.parent / "absent.toml"), "TRADEWIRE_SIM_DIR": str(state),
                  "TZ": "UTC", "COLUMNS": "120"}


def _until(what: str, check: Callable[[], Any]) -> Any:
    """Poll `check` until it returns something truthy (bounded)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    """One `tradewire sim --port 0` process on a state directory."""

    def __init__(self, state: Path, *args: str) -> None:
        self.state = state
        self.proc = subprocess.Popen([*CLI, "sim", "--port", "0", "--save-every", "0.2", *args], env=_env(state),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.info = _until("the runtime file", self._runtime)
        self.url: str = self.info["bingx_url"]

    def _runtime(self) -> dict[str, Any] | None:
        assert self.proc.poll() is None, self.proc.communicate()
        try:
            info: dict[str, Any] = json.loads((self.state / "runtime.json").read_text())
        except (OSError, ValueError):
            return None
        return info if info["pid"] == self.proc.pid else None

    def saves(self, n: int) -> None:
        """Wait until the snapshot file has been replaced `n` times from now (each save is a new file)."""
        path = self.state / "state.pickle"
        seen = [path.stat().st_ino, path.stat().st_mtime_ns]
        for _ in range(n):
            def replaced() -> bool:
                st = path.stat()
                if [st.st_ino, st.st_mtime_ns] == seen:
                    return False
                seen[:] = [st.st_ino, st.st_mtime_ns]
                return True
            _until("a snapshot", replaced)

    def stop(self, sig: int = signal.SIGTERM) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=WAIT_S)
        return out + err


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "sim-state"


@pytest.fixture
def server(state: Path) -> Iterator[Server]:
    running = Server(state)
    yield running
    running.stop(signal.SIGKILL)


def tw(state: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "--env", "sim", *args], env=_env(state), capture_output=True, text=True,
                          timeout=WAIT_S, check=False)


def ok(state: Path, *args: str) -> Any:
    done = tw(state, "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fund_usdt(state: Path) -> str:
    return next(r["free"] for r in ok(state, "balance", "fund") if r["asset"] == "USDT")


def place(state: Path) -> str:
    placed = ok(state, "order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "0.001", "-p", "50000",
                "-m", "spot")
    return str(placed["id"])


def open_ids(state: Path) -> list[str]:
    return [str(o["id"]) for o in ok(state, "order", "list", "-m", "spot")]


def server_ms(url: str) -> int:
    with urllib.request.urlopen(url + TIME_PATH, timeout=WAIT_S) as r:
        return int(json.load(r)["data"]["serverTime"])


def test_commands_share_one_venue(server: Server, state: Path) -> None:
    assert fund_usdt(state) == "10000"
    done = tw(state, "--json", "transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "25")
    assert done.returncode == 0, done.stderr
    assert f"Simulator at {server.url} (persistent, started {server.info['started']})" in done.stderr
    assert fund_usdt(state) == "9975"  # the next command sees the transfer
    order_id = place(state)
    assert open_ids(state) == [order_id]  # and the order, still open
    binance = tw(state, "--venue", "binance", "--json", "balance")
    assert binance.returncode == 0 and server.info["binance_url"] in binance.stderr, binance.stderr


def test_kill_9_then_restart_restores_the_last_snapshot(server: Server, state: Path) -> None:
    order_id = place(state)
    tw(state, "transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "25")
    server.saves(2)  # one whole snapshot was taken after both
    server.stop(signal.SIGKILL)
    assert (state / "runtime.json").exists()  # left behind by the killed server ...
    stale = tw(state, "--json", "balance", "fund")  # ... and ignored: this command embeds its own
    assert stale.returncode == 0 and "(embedded" in stale.stderr, stale.stderr
    assert not (state / "runtime.json").exists()  # the stale file was removed
    again = Server(state)
    try:
        assert open_ids(state) == [order_id]
        assert fund_usdt(state) == "9975"
    finally:
        again.stop(signal.SIGKILL)


def test_kill_9_at_any_moment_never_corrupts_the_snapshot(state: Path) -> None:
    # each kill lands at its own point of the 0.2 s saving cycle: at a save, a third and two thirds of the way on
    # (waiting for more saves first moved nothing: the kill still landed just after one, and cost a restart)
    for round_, after_s in enumerate((0.0, 0.07, 0.14)):  # float ok: seconds
        running = Server(state)
        if round_ == 0:
            place(state)
        running.saves(1)  # a snapshot of the restored state was taken
        time.sleep(after_s)  # not a wait for a condition: any moment is a valid one to kill at
        running.stop(signal.SIGKILL)
    last = Server(state)
    try:
        assert len(open_ids(state)) == 1
    finally:
        output = last.stop()
    assert "Restored the state" in output and "Stopped; state saved" in output
    assert sorted(p.name for p in state.iterdir()) == ["lock", "state.pickle"]  # no half-written file left


def test_sigterm_saves_and_reset_starts_fresh(server: Server, state: Path) -> None:
    place(state)
    output = server.stop()
    assert server.proc.returncode == 0 and "Stopped; state saved" in output, output
    assert not (state / "runtime.json").exists()
    fresh = Server(state, "--reset")
    try:
        assert open_ids(state) == []
        assert fund_usdt(state) == "10000"
    finally:
        output = fresh.stop()
    assert "--reset: starting fresh" in output


def test_speed_runs_the_server_clock_faster(state: Path) -> None:
    running = Server(state, "--speed", "10")
    try:
        t0 = time.monotonic()
        first = server_ms(running.url)
        t1 = time.monotonic()
        _until("one real second", lambda: time.monotonic() - t1 >= 1.0)
        t2 = time.monotonic()
        second = server_ms(running.url)
        t3 = time.monotonic()
    finally:
        running.stop(signal.SIGKILL)
    # the server's clock moved 10 x the real time between the two answers, whatever the scheduling delays
    assert 10_000 * (t2 - t1) - 50 <= second - first <= 10_000 * (t3 - t0) + 50


def test_faults_from_the_command_line(state: Path) -> None:
    running = Server(state, "--faults", f"http503:path={TIME_PATH}:count=2",
                     "--faults", "code:code=100001:msg=Signature: mismatch:path=/openApi/spot/v1/account/balance")
    try:
        for _ in range(2):
            with pytest.raises(urllib.error.HTTPError) as failed:
                server_ms(running.url)
            assert failed.value.code == 503
        assert server_ms(running.url) > 0  # the rule is used up
        done = tw(state, "balance", "spot")
        assert done.returncode == 3 and "100001" in done.stderr, done.stderr
    finally:
        running.stop(signal.SIGKILL)


@pytest.mark.parametrize(("args", "names"), [
    (("--speed", "-1"), "--speed"),
    (("--port", "70000"), "--port"),
    (("--faults", "bogus"), "unknown fault 'bogus'"),
    (("--faults", "http500:count=x"), "count must be an integer"),
    (("--faults", "delay"), "delay needs 0 < seconds"),
    (("--faults", "drop:path=/x"), "websocket faults take no path"),
    (("--faults", "status:status=200"), "status needs status in"),
    (("--faults", "reset:colour=red"), "unknown key 'colour'"),
])
def test_bad_options_are_one_line_errors(state: Path, args: tuple[str, ...], names: str) -> None:
    result = CliRunner().invoke(app, ["sim", "--port", "0", *args], env=_env(state))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and names in lines[0], result.stderr
    assert not (state / "runtime.json").exists()


def test_an_incompatible_snapshot_is_refused_naming_reset(state: Path) -> None:
    state.mkdir()
    (state / "state.pickle").write_bytes(b"tradewire-sim-state\n0000000000000000\n...")
    result = CliRunner().invoke(app, ["sim", "--port", "0"], env=_env(state))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "another version of the simulator" in lines[0] and "--reset" in lines[0], lines


def test_one_server_per_state_directory(server: Server, state: Path) -> None:
    result = CliRunner().invoke(app, ["sim", "--port", "0"], env=_env(state))
    assert result.exit_code == 2
    assert f"another `tradewire sim` is serving from {state} (pid {server.proc.pid}" in result.stderr


def test_a_command_on_the_running_venue_imports_no_simulator(server: Server, state: Path) -> None:
    probe = ("import sys\nfrom tradewire.cli.app import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('tradewire.sim')))")
    done = subprocess.run([sys.executable, "-c", probe, "--env", "sim", "--json", "balance", "fund"],
                          env=_env(state), capture_output=True, text=True, timeout=WAIT_S, check=False)
    assert "(persistent" in done.stderr, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "['tradewire.sim', 'tradewire.sim.demo_keys']"
