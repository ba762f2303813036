"""Replay throughput: recorded ``@incrDepth`` events served over the websocket by `tradewire sim --replay`,
beside a bare aiohttp server sending the same frames, in one run.

    python bench/replay.py [--events 100000] [--speed 10000]

A dataset of one snapshot and ``--events`` updates (2 bid + 2 ask levels each, 1 ms apart) is written with pyarrow
per the recording contract. Each server runs in a child process (the second core); the client (this process) reads
raw frames until the last recorded id arrives and counts them. Rows:

- load: the dataset read into a replay (rows/s);
- frames: the dataset loaded again and every recorded message built into its websocket frame, once (what the
  first subscriber to a replayed topic waits for; later ones reuse the frames);
- replay: `Simulator(replay=...)`, clock frozen while the client subscribes, then run at ``--speed``;
- bare: aiohttp sending the very frames the replay builds, as fast as the socket takes them.

Bounded: each row stops at its last event or after 60 s.

Figures (2 cores shared with other jobs; ``--events 100000 --speed 10000``): at load average 2.0, load 51,840
rows/s, frames 26,457/s, replay 168,692 events/s beside bare 136,849; at load average 4.7, load 48,636
rows/s, frames 16,521/s, replay 75,739 events/s beside bare 60,359 (the replay writes each loop turn's frames in
one ``transport.write``; the bare server awaits every ``send_bytes``); at load 10.1, replay 21,938 beside bare
32,472. Before the frames were prebuilt: 8,247 beside 30,286 at load 10.4.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import random
import tempfile
import time
import zlib
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path

SYMBOL = "BTC-USDT"
TOPIC = f"{SYMBOL}@incrDepth"
T0 = 1_796_000_000_000  # ms
FIRST_ID = 1_000_000
DEADLINE = 60.0  # float ok: seconds


def build(root: Path, n: int, seed: int = 7) -> Path:
    """One snapshot and ``n`` updates of BTC-USDT, 1 ms apart, in one Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tradewire.record.schema import SCHEMAS

    rng = random.Random(seed)

    def levels(base: int, sign: int, k: int, zero: bool) -> list[dict[str, Decimal]]:
        return [{"price": Decimal(base - sign * rng.randint(1, 200)).scaleb(-1),
                 "qty": Decimal(0 if zero and rng.random() < 0.2 else rng.randint(1, 99_999)).scaleb(-4)}
                for _ in range(k)]

    rows = [{"ts_local": (T0 + i) * 1_000_000, "ts_event": T0 + i, "seq": FIRST_ID + i, "market": "swap",
             "kind": "snapshot" if i == 0 else "update", "first_id": None, "prev_id": None,
             "bids": levels(650_000, 1, 100 if i == 0 else 2, i > 0),
             "asks": levels(650_001, -1, 100 if i == 0 else 2, i > 0)} for i in range(n + 1)]
    folder = root / "venue=bingx" / "channel=depth" / f"symbol={SYMBOL}" / "date=2026-11-30"
    folder.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS["depth"]), folder / "005320-000001.parquet")
    return root


# --------------------------------------------------------------------------- servers (child processes)


def serve_replay(pipe: Connection, root: str, speed: float) -> None:  # float ok: not money
    """The simulator replaying ``root``, frozen until the parent says go."""
    from tradewire.sim import Simulator
    from tradewire.sim.replay import Replay

    with Simulator(rate_limits=False, replay=Replay(root, speed=0)) as sim:
        pipe.send(sim.bingx_ws_url)
        with contextlib.suppress(EOFError):
            pipe.recv_bytes()  # go
            sim.clock.speed = speed
            pipe.recv_bytes()  # stop (EOFError when the parent closes)


def serve_bare(pipe: Connection, frames: list[bytes]) -> None:
    """aiohttp sending ``frames`` on a subscription to TOPIC, as fast as the socket takes them."""
    from aiohttp import WSMsgType, web

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type == WSMsgType.TEXT and json.loads(msg.data).get("dataType") == TOPIC:
                for frame in frames:
                    await ws.send_bytes(frame)
        return ws

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/swap-market", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        pipe.send(f"ws://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/swap-market")  # type: ignore[union-attr]
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv_bytes)
        await runner.cleanup()

    with contextlib.suppress(EOFError):
        asyncio.run(main())


def replay_frames(root: Path) -> list[bytes]:
    """The update frames' payloads the replay pushes for the whole recording (the bare server sends these)."""
    from tradewire.sim.bingx import replay_ws
    from tradewire.sim.bingx.contracts import CONTRACTS
    from tradewire.sim.replay_data import load

    rec = load(root)
    wires = replay_ws.frames_of(CONTRACTS[SYMBOL], TOPIC, rec.symbols[SYMBOL].depth)[1:]  # after the snapshot
    return [w[2:] if w[1] < 126 else w[4:] for w in wires if w is not None]  # unframed: aiohttp frames them


# --------------------------------------------------------------------------- client


async def receive(url: str, n: int, go: Connection | None) -> tuple[int, float]:  # float ok: seconds
    """Subscribe, then count frames until the one with the last id; (frames, seconds from the moment the server
    may start: the subscription for the bare server, the clock let go for the replay)."""
    import aiohttp

    last = f'"lastUpdateId":{FIRST_ID + n},'.encode()
    count = 0
    async with aiohttp.ClientSession() as session, session.ws_connect(url, max_msg_size=0) as ws:
        start = time.perf_counter()
        await ws.send_str(json.dumps({"id": "1", "reqType": "sub", "dataType": TOPIC}))
        async with asyncio.timeout(DEADLINE):
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.BINARY:
                    continue
                body = zlib.decompress(msg.data, 31)
                if b'"action":"all"' in body and go is not None:
                    start = time.perf_counter()
                    go.send_bytes(b"go")  # subscribed at the first instant: now let the clock run
                if b'"action":"update"' not in body:
                    continue  # the ack, the snapshot, heartbeats
                count += 1
                if last in body:
                    break
    return count, time.perf_counter() - start


def row(name: str, count: int, seconds: float) -> None:  # float ok
    if not count:
        raise SystemExit(f"{name}: no event arrived")
    print(f"{name:<8} {count:>9,} events  {seconds:7.2f} s  {count / seconds:>10,.0f} events/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--speed", type=float, default=10_000.0)
    args = parser.parse_args()
    n = min(max(args.events, 1), 1_000_000)
    ctx = mp.get_context("spawn")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {n:,} recorded updates, "
          f"speed {args.speed:g}")
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp) / "rec", n)
        from tradewire.sim.replay_data import load

        start = time.perf_counter()
        load(root)
        row("load", n + 1, time.perf_counter() - start)
        start = time.perf_counter()
        frames = replay_frames(root)
        row("frames", len(frames), time.perf_counter() - start)  # load + build: what a first subscriber waits
        for name, target, extra in (("replay", serve_replay, (str(root), args.speed)), ("bare", serve_bare, (frames,))):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=target, args=(child, *extra), daemon=True)
            proc.start()
            try:
                url = parent.recv()
                count, seconds = asyncio.run(receive(url, n, parent if name == "replay" else None))
                row(name, count, seconds)
            finally:
                parent.close()
                proc.join(30)
                if proc.is_alive():
                    proc.terminate()


if __name__ == "__main__":
    main()
