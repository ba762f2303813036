"""`tradewire sim`: one persistent simulator in the foreground, found by every `--env sim` command.

Its state (balances, orders, positions, accounts, listen keys, where the clock stood) is saved in the state
directory every few seconds and on exit, atomically, and restored at the next start; `--reset` starts fresh.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from tradewire.cli import simdir
from tradewire.cli.errors import USAGE, CliError

if TYPE_CHECKING:
    from tradewire.sim.faultspec import FaultRule
    from tradewire.sim.simulator import Simulator

DEFAULT_PORT = 8765
MAX_SPEED = 10_000


def _iso(ms: float) -> str:  # float ok: a time in ms
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@contextlib.contextmanager
def _exclusive(directory: Path) -> Iterator[None]:
    """Hold the state directory's lock: one server per directory (the kernel drops it when the process dies)."""
    with open(directory / simdir.LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            running = simdir.read(directory)
            where = f" (pid {running.pid}, {running.bingx_url})" if running else ""
            raise CliError(f"another `tradewire sim` is serving from {directory}{where}; stop it or use "
                           "--state-dir", USAGE) from None
        yield


def _check(port: int, speed: float, save_every: float) -> None:  # float ok: not money
    if not 0 <= port <= 65534:
        raise CliError(f"--port must be between 0 and 65534 (got {port}); Binance takes the next one", USAGE)
    if not 0 <= speed <= MAX_SPEED:
        raise CliError(f"--speed must be between 0 and {MAX_SPEED} (got {speed:g})", USAGE)
    if not 0.05 <= save_every <= 3600:
        raise CliError(f"--save-every must be between 0.05 and 3600 seconds (got {save_every:g})", USAGE)


def _open(directory: Path, port: int, seed: int | None, reset: bool, out: TextIO) -> Simulator:
    """The simulator to serve: restored from the directory's snapshot, or fresh (saying which)."""
    from tradewire.sim import Simulator
    from tradewire.sim.persist import IncompatibleSnapshot

    path = directory / simdir.SNAPSHOT
    for torn in directory.glob(f".{simdir.SNAPSHOT}.*.tmp"):  # left by a server killed while saving
        torn.unlink(missing_ok=True)
    binance_port = port + 1 if port else 0
    if reset:
        path.unlink(missing_ok=True)
        print(f"--reset: starting fresh (any state saved in {directory} is discarded)", file=out)
    elif path.exists():
        try:
            sim = Simulator.restore(path, port, binance_port=binance_port)
        except IncompatibleSnapshot as e:
            raise CliError(f"cannot restore {path}: {e}; start with --reset to discard it", USAGE) from None
        if seed is not None and seed != sim.seed:
            raise CliError(f"the state in {directory} was made with --seed {sim.seed}, not {seed}; start with "
                           "--reset to discard it", USAGE)
        saved = _iso(path.stat().st_mtime * 1000)
        print(f"Restored the state saved in {path} at {saved} (simulated clock at "
              f"{_iso(sim.clock.base_ms())})", file=out)
        return sim
    if not reset:
        print(f"No saved state in {directory}: starting fresh", file=out)
    return Simulator(port, 1 if seed is None else seed, binance_port=binance_port)


def sim(
    port: Annotated[int, typer.Option(help="BingX port on 127.0.0.1; Binance serves on the next one (0: any free "
                                           "ports)")] = DEFAULT_PORT,
    state_dir: Annotated[str | None, typer.Option(
        help=f"where the state is kept (default ${simdir.DIR_VAR}, else ~/.local/state/tradewire/sim)")] = None,
    reset: Annotated[bool, typer.Option(help="discard the saved state and start fresh")] = False,
    speed: Annotated[float, typer.Option(help="run the simulated clock N times as fast")] = 1.0,  # float ok: not money
    faults: Annotated[list[str] | None, typer.Option(
        "--faults", metavar="SPEC", help="inject a fault, e.g. http500:path=/openApi/swap/v2/trade/order:count=2 "
                                         "(repeatable; see tradewire.sim.faultspec)")] = None,
    seed: Annotated[int | None, typer.Option(help="seed of a fresh world (default 1)")] = None,
    save_every: Annotated[float, typer.Option(help="seconds between snapshots")] = 2.0,  # float ok: not money
) -> None:
    """Serve a persistent simulator (BingX and Binance, REST and websockets) until Ctrl-C; `--env sim` commands
    use it while it runs."""
    _check(port, speed, save_every)
    from tradewire.sim import faultspec

    rules = []
    for text in faults or ():
        try:
            rules.append(faultspec.parse(text))
        except ValueError as e:
            raise CliError(f"--faults {text!r}: {e}", USAGE) from None
    directory = simdir.state_dir(os.environ, state_dir)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as e:
        raise CliError(f"--state-dir {directory}: cannot be created ({e.strerror or e})", USAGE) from None
    with _exclusive(directory):
        _serve(directory, port, seed, reset, speed, rules, save_every)


def _serve(directory: Path, port: int, seed: int | None, reset: bool, speed: float,  # float ok: not money
           rules: list[FaultRule], save_every: float) -> None:  # float ok: seconds
    from tradewire.cli.session import quiet_simulator_logs
    from tradewire.sim import faultspec

    out = sys.stdout
    simulator = _open(directory, port, seed, reset, out)
    simulator.clock.speed = speed
    for rule in rules:
        try:
            faultspec.apply(simulator, rule)
        except ValueError as e:
            raise CliError(f"--faults {rule.text!r}: {e}", USAGE) from None
    quiet_simulator_logs()
    try:
        simulator.start()
        binance = simulator.binance
    except OSError as e:
        simulator.stop()
        raise CliError(f"--port {port}: cannot listen ({e.strerror or e}); try another port or --port 0",
                       USAGE) from None
    path = directory / simdir.SNAPSHOT
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    running = simdir.Running(os.getpid(), simulator.bingx_url, binance.url, simulator.bingx_ws_url, binance.ws_url,
                             _iso(datetime.now(UTC).timestamp() * 1000))
    try:
        simulator.snapshot(path)
        simdir.write(directory, running)
        print(f"BingX   {running.bingx_url}  (websocket {running.bingx_ws_url})", file=out)
        print(f"Binance {running.binance_url}  (websockets {running.binance_ws_url}/ws/...)", file=out)
        print(f"  API key:    {simulator.DEMO_API_KEY}", file=out)
        print(f"  secret key: {simulator.DEMO_SECRET_KEY}", file=out)
        extra = f", speed {speed:g}x" if speed != 1 else ""
        extra += f", {len(rules)} fault rule(s)" if rules else ""
        print(f"State in {directory} (saved every {save_every:g} s{extra}). Every `tradewire --env sim` command "
              "uses this venue while it runs. Ctrl-C to stop.", file=out, flush=True)
        while not stop.wait(save_every):
            try:
                simulator.snapshot(path)
            except OSError as e:  # a full disk: keep serving, keep the last good snapshot, say so
                print(f"warning: snapshot not saved ({e.strerror or e}); the previous one is kept", file=sys.stderr,
                      flush=True)
    finally:
        simdir.remove(directory, running.pid)
        simulator.stop()
        try:
            simulator.snapshot(path)
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)
    print(f"Stopped; state saved to {path}", file=out, flush=True)


def register(app: typer.Typer) -> None:
    """Add `sim`."""
    app.command()(sim)
