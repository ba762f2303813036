"""NATS JetStream: publish normalized events, and consume them into the Parquet dataset exactly once.

Subjects are ``<venue>.<channel>.<symbol>``; each message carries ``Nats-Msg-Id``, a stable hash of the event
(venue, channel, symbol and the venue's seq, else the event without its local receipt time), so JetStream
drops the duplicates of retried publishes and of recorders on several machines recording the same market.
The consumer is a durable pull consumer: messages are acked only after the rows are in closed files, and
the stream sequences written are kept (in memory and in ``<root>/_nats/<durable>.json``) so a redelivery is
never written twice: at-least-once delivery plus an idempotent write.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import msgspec

from tradewire.record.schema import Event, channel_of
from tradewire.record.writer import DatasetWriter

STREAM = "TRADEWIRE"
SUBJECTS = ["bingx.>", "binance.>"]
DURABLE = "parquet"
SEEN_MAX = 200_000  # ids of events without seq remembered for their occurrence count
_ENCODE = msgspec.json.Encoder()
_DECODE = msgspec.json.Decoder(Event)


def subject_of(event: Event) -> str:
    """``venue.channel.symbol``."""
    return f"{event.venue}.{channel_of(event)}.{event.symbol}"


def msg_id(event: Event, occurrence: int = 0) -> str:
    """A stable id: the venue's seq when there is one, else the whole event less its local receipt time and
    ``occurrence``, how many identical events came before it (two equal trades without ids stay two)."""
    channel = channel_of(event)
    if event.seq is not None and channel != "events":
        kind = getattr(event, "kind", "")
        key = f"{event.venue}|{channel}|{event.symbol}|{kind}|{event.seq}".encode()
    elif channel == "events":
        key = _ENCODE.encode(event)
    else:
        key = _ENCODE.encode(msgspec.structs.replace(event, ts_local=0)) + b"|%d" % occurrence
    return hashlib.sha256(key).hexdigest()[:32]


async def _connect(url: str) -> Any:
    import nats

    async def quiet(exc: Exception) -> None:  # reconnect attempts while the server is down are expected
        del exc

    return await nats.connect(servers=[url], allow_reconnect=True, max_reconnect_attempts=-1,
                              reconnect_time_wait=0.2, connect_timeout=5, error_cb=quiet)


async def ensure_stream(js: Any) -> None:
    """Create the stream (file storage, 2 min duplicate window) when missing."""
    from nats.js.api import StorageType, StreamConfig
    from nats.js.errors import NotFoundError

    try:
        await js.stream_info(STREAM)
    except NotFoundError:
        await js.add_stream(StreamConfig(name=STREAM, subjects=SUBJECTS, storage=StorageType.FILE,
                                         duplicate_window=120.0))


class Publisher:
    """Publishes in a background task, retrying each message (same msg id) until JetStream acks it."""

    def __init__(self, nc: Any, js: Any, max_pending: int = 1_000_000) -> None:
        self.nc, self.js = nc, js
        self.queue: asyncio.Queue[Event] = asyncio.Queue(max_pending)
        self.published = 0
        self.duplicates = 0
        self.dropped = 0
        self.retries = 0
        self._seen: dict[str, int] = {}  # id of an event without seq -> how many were published
        self._task = asyncio.create_task(self._run())

    @classmethod
    async def connect(cls, url: str) -> Publisher:
        """Connect and make sure the stream exists."""
        nc = await _connect(url)
        js = nc.jetstream()
        await ensure_stream(js)
        return cls(nc, js)

    async def publish(self, event: Event) -> None:
        """Queue one event (never blocks the recorder; a full queue is counted in `dropped`)."""
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped += 1

    async def _run(self) -> None:
        while True:
            event = await self.queue.get()
            subject, payload, headers = subject_of(event), _ENCODE.encode(event), {"Nats-Msg-Id": self._id(event)}
            while True:
                try:
                    ack = await self.js.publish(subject, payload, headers=headers, timeout=2.0)
                    break
                except Exception:
                    self.retries += 1
                    await asyncio.sleep(0.2)
            self.published += 1
            self.duplicates += bool(ack.duplicate)
            self.queue.task_done()

    def _id(self, event: Event) -> str:
        first = msg_id(event)
        if event.seq is not None or channel_of(event) == "events":
            return first
        if len(self._seen) >= SEEN_MAX:
            self._seen.clear()
        n = self._seen.get(first, 0)
        self._seen[first] = n + 1
        return first if n == 0 else msg_id(event, n)

    async def drain(self, timeout: float = 120.0) -> None:  # float ok: seconds
        """Wait until every queued event is acked by JetStream."""
        await asyncio.wait_for(self.queue.join(), timeout)

    async def close(self) -> None:
        """Publish what is queued (bounded wait), then disconnect."""
        with contextlib.suppress(TimeoutError):
            await self.drain(30.0)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        with contextlib.suppress(Exception):
            await self.nc.close()


class _Written:
    """The stream sequences already in the dataset, persisted next to it after each flush."""

    def __init__(self, root: Path, durable: str) -> None:
        self.path = root / "_nats" / f"{durable}.json"
        self.seqs: set[int] = set()
        if self.path.exists():
            for lo, hi in json.loads(self.path.read_text()):
                self.seqs.update(range(lo, hi + 1))

    def save(self) -> None:
        ranges: list[list[int]] = []
        for seq in sorted(self.seqs):
            if ranges and ranges[-1][1] == seq - 1:
                ranges[-1][1] = seq
            else:
                ranges.append([seq, seq])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(ranges))
        os.replace(tmp, self.path)


async def consume_to_dataset(url: str, root: Path, *, durable: str = DURABLE, flush_s: float = 5.0,  # float ok
                             roll_s: int = 900, seconds: float | None = None, count: int | None = None,  # float ok
                             stop: asyncio.Event | None = None) -> int:
    """Write the stream's events into ``root`` until ``seconds``, ``count`` rows or ``stop``; returns rows written."""
    from nats.js.api import AckPolicy, ConsumerConfig

    nc = await _connect(url)
    js = nc.jetstream()
    await ensure_stream(js)
    sub = await js.pull_subscribe("", durable=durable, stream=STREAM,
                                  config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, ack_wait=60.0,
                                                        max_ack_pending=100_000))
    writer = DatasetWriter(root, roll_s * 1_000_000_000)
    written = _Written(root, durable)
    start = time.monotonic()
    pending: list[Any] = []
    batch_seqs: set[int] = set()
    next_flush = time.monotonic() + flush_s
    rows = 0

    async def flush() -> None:
        nonlocal pending, batch_seqs
        batch = writer.take()
        if batch:
            await asyncio.to_thread(writer.write, batch)
        written.seqs |= batch_seqs
        written.save()
        for msg in pending:
            with contextlib.suppress(Exception):  # a lost ack means a redelivery, which is skipped
                await msg.ack()
        pending, batch_seqs = [], set()

    try:
        while True:
            if stop is not None and stop.is_set():
                break
            if seconds is not None and time.monotonic() - start >= seconds:
                break
            if count is not None and rows >= count:
                break
            try:
                msgs = await sub.fetch(1000, timeout=0.5)
            except Exception:
                msgs = []
            for msg in msgs:
                seq = msg.metadata.sequence.stream
                pending.append(msg)
                if seq in written.seqs or seq in batch_seqs:
                    continue
                batch_seqs.add(seq)
                writer.add(_DECODE.decode(msg.data))
                rows += 1
            if time.monotonic() >= next_flush or (count is not None and rows >= count):
                await flush()
                next_flush = time.monotonic() + flush_s
        await flush()
    finally:
        with contextlib.suppress(Exception):
            await nc.close()
    return rows
