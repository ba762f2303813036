"""``Simulator``: the simulated exchange served from a background thread with its own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from aiohttp import web

from tradewire.sim.binance.freplay import FuturesReplay
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.bingx.server import build_app
from tradewire.sim.bingx.state import RecordedRequest, SimState
from tradewire.sim.bingx.ws import PATH as BINGX_WS_PATH
from tradewire.sim.bingx.ws import BingXWs
from tradewire.sim.bingx.ws_faults import WsFaults
from tradewire.sim.clock import SimClock
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY
from tradewire.sim.faults import Faults
from tradewire.sim.ledger import Ledger
from tradewire.sim.persist import World, dumps, loads, write_atomic
from tradewire.sim.replay import Replay, ReplayMarket
from tradewire.sim.users import SimUser

PARK_TIMEOUT_S = 30.0  # float ok: seconds; how long a snapshot waits for a busy server loop to pause


def _park(here: threading.Event, resume: threading.Event) -> None:
    """Runs on a server loop: say so, then hold the loop until ``resume`` (or the timeout)."""
    here.set()
    resume.wait(PARK_TIMEOUT_S)


class Simulator:
    """An offline BingX on ``host:port`` and Binance on ``host:binance_port`` (0 picks a free one). Use as a
    context manager or ``start()``/``stop()``; ``start()`` returns once the port is listening. ``snapshot``
    saves both venues to a file, ``restore`` makes a simulator from one."""

    DEMO_API_KEY = DEMO_API_KEY
    DEMO_SECRET_KEY = DEMO_SECRET_KEY

    def __init__(self, port: int = 0, seed: int = 1, host: str = "127.0.0.1", rate_limits: bool = True,
                 binance_port: int = 0, world: World | None = None, replay: Replay | str | Path | None = None) -> None:
        """``world``: a restored state to serve (see `restore`); ``seed`` and ``rate_limits`` are then its own.
        ``replay``: a recording (its root directory, or a `Replay` with speed and range) served as the BingX
        perpetual market, the clock starting at its first instant (see `tradewire.sim.replay`); raises
        `tradewire.sim.replay_data.ReplayError` for a dataset that cannot be replayed."""
        if replay is not None and not isinstance(replay, Replay):
            replay = Replay(replay)
        self.state: SimState = world.bingx if world is not None else SimState(seed, rate_limits, replay)
        self.bingx_ws = BingXWs(self.state)  # the BingX websocket: stepping, book, settings
        self.seed = self.state.seed
        self.binance_port = binance_port
        self._restored_binance = world.binance if world is not None else None
        self._binance: BinanceSim | None = None
        self._binance_lock = threading.Lock()  # first use may come from two threads at once
        self.host = host
        self.port = port
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def bingx_url(self) -> str:
        """Base URL of the BingX REST API."""
        return f"http://{self.host}:{self.port}"

    @property
    def bingx_ws_url(self) -> str:
        """URL of the BingX swap websocket (market channels; ``?listenKey=`` for the account stream)."""
        return f"ws://{self.host}:{self.port}{BINGX_WS_PATH}"

    @property
    def ws_faults(self) -> WsFaults:
        """Websocket fault injection (see `tradewire.sim.bingx.ws_faults`)."""
        return self.bingx_ws.faults

    @property
    def binance(self) -> BinanceSim:
        """The simulated Binance: its own ledger and port, the same clock, faults (`faults`) and request record
        (`requests`); started on first use."""
        with self._binance_lock:  # unlocked, two threads could each start one and see different exchanges
            if self._binance is None:
                binance = BinanceSim(self.seed, clock=self.state.clock, port=self.binance_port,
                                     exchange=self._restored_binance)
                # one fault list and one request record for both venues (their paths never collide)
                binance.rest.shared_faults = self.state.faults
                binance.rest.record = self.state.record
                market = self.state.market
                if isinstance(market, ReplayMarket) and market.recording.binance:
                    binance.exchange.attach_replay(market.recording)
                if isinstance(market, ReplayMarket) and market.recording.binance_futures:
                    binance.exchange.futures_replay = FuturesReplay(market.recording.binance_futures,
                                                                    market.recording.start)
                self._binance = binance.start()
            return self._binance

    @property
    def binance_url(self) -> str:
        """Base URL of the Binance REST API (starts the Binance side)."""
        return self.binance.url

    @property
    def binance_ws_url(self) -> str:
        """Base URL of the Binance websocket streams (`/ws/...`, `/stream?streams=...`)."""
        return self.binance.ws_url

    @property
    def users(self) -> list[SimUser]:
        """Seeded users; ``users[0]`` is the demo user."""
        return self.state.users

    @property
    def faults(self) -> Faults:
        """Fault injection."""
        return self.state.faults

    @property
    def clock(self) -> SimClock:
        """The simulated clock (speed, skew)."""
        return self.state.clock

    @property
    def ledger(self) -> Ledger:
        """Balances, for conservation checks."""
        return self.state.ledger

    @property
    def requests(self) -> list[RecordedRequest]:
        """The last requests exactly as received, oldest first."""
        return self.state.requests

    @classmethod
    def restore(cls, path: str | Path, port: int = 0, host: str = "127.0.0.1", binance_port: int = 0) -> Simulator:
        """A simulator (not started) holding the state saved by `snapshot`: balances, orders, positions, listen
        keys, the clock where it was. Pending faults are not state: it starts without any. Raises
        `tradewire.sim.persist.IncompatibleSnapshot` for a file this build cannot restore."""
        sim = cls(port, host=host, binance_port=binance_port, world=loads(Path(path).read_bytes()))
        sim.faults.clear()
        return sim

    def snapshot(self, path: str | Path) -> int:
        """Save both venues to ``path`` atomically (the old file survives a crash at any moment); returns the
        size in bytes. Taken with the server loops paused and under the state locks, so it is consistent."""
        binance = self._binance.exchange if self._binance is not None else self._restored_binance
        with self._paused(), self.state.lock, binance.lock if binance is not None else contextlib.nullcontext():
            data = dumps(World(self.state, binance))
        write_atomic(Path(path), data)
        return len(data)

    @contextlib.contextmanager
    def _paused(self) -> Iterator[None]:
        """Hold every running server loop in a callback until the block ends (no handler runs meanwhile)."""
        loops = [loop for loop in (self._loop, self._binance.loop if self._binance is not None else None)
                 if loop is not None and loop.is_running()]
        resume = threading.Event()
        parked = []
        try:
            for loop in loops:
                with contextlib.suppress(RuntimeError):
                    if asyncio.get_running_loop() is loop:
                        raise ValueError("snapshot() cannot run on the simulator's own loop")
                here = threading.Event()
                loop.call_soon_threadsafe(_park, here, resume)
                parked.append(here)
            for here in parked:
                if not here.wait(PARK_TIMEOUT_S):
                    raise TimeoutError("a simulator loop did not pause for the snapshot")
            yield
        finally:
            resume.set()

    def start(self) -> Simulator:
        """Serve in a background thread; return once listening."""
        if self._thread is not None:
            raise RuntimeError("simulator already started")
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(target=self._serve, args=(ready, failure), name="tradewire-sim",
                                        daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def _serve(self, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(build_app(self.state, self.bingx_ws), access_log=None, shutdown_timeout=1.0)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.host, self.port)
            loop.run_until_complete(site.start())
            self.port = runner.addresses[0][1]
        except BaseException as exc:
            failure.append(exc)
            loop.run_until_complete(runner.cleanup())
            loop.close()
            ready.set()
            return
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        if self._binance is not None:
            self._binance.stop()
            self._binance = None
        if self._thread is None:
            return
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._thread = None
        self._loop = None

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


def serve_forever(port: int = 8765) -> None:
    """Run the simulator in the foreground, printing where and how to connect, until Ctrl-C."""
    try:
        with Simulator(port=port) as sim:
            print(f"BingX simulator on {sim.bingx_url}")
            print(f"  API key:    {sim.DEMO_API_KEY}")
            print(f"  secret key: {sim.DEMO_SECRET_KEY}")
            print(f"Binance simulator on {sim.binance_url} (same demo keys)")
            print("Ctrl-C to stop.", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("stopped")
