"""`record`, `query` and `book-at`: record live markets into a Parquet dataset and read it back (issue 19)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.cli.common import session

if TYPE_CHECKING:
    from tradewire.record.recorder import Recorder

CHANNELS = ("trades", "depth", "ticker", "mark")
EXTRA_HINT = "install the 'record' extra: pip install 'tradewire[record]'"
DataOpt = Annotated[Path, typer.Option("--data", help="the dataset root (tradewire record --out)")]


def need_extra(*modules: str) -> None:
    """Fail with the extra to install when an optional dependency is missing."""
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise CliError(f"{', '.join(missing)} not installed: {EXTRA_HINT}", USAGE)


def _duration(text: str, option: str) -> int:
    from tradewire.record.durations import parse_ms

    try:
        return parse_ms(text)
    except ValueError as exc:
        raise CliError(f"{option}: {exc}", USAGE) from None


def _market(s: Session, given: str | None) -> str:
    venue = s.opts.venue
    name = (given or ("swap" if venue == "bingx" else "spot")).strip().lower()
    if name in ("futures", "usdm", "perp", "swap"):
        return "swap" if venue == "bingx" else "futures"
    if name != "spot":
        raise CliError(f"--market: must be spot or swap (futures) (got {given!r})", USAGE)
    return name


async def _sources(s: Session, rec: Recorder, symbols: list[str], channels: list[str],
                   snapshot_s: float) -> None:  # float ok: seconds
    """Run the venue's recorder sources until cancelled."""
    market = rec.market
    s.exchange()
    ws = s.ws_url()
    if s.opts.venue == "bingx":
        from tradewire.record.bingx_source import record_bingx

        if market == "spot" and ws is not None:
            ws = ws.removesuffix("/swap-market") + "/market"
        await record_bingx(rec, market, symbols, channels, ws_url=ws, snapshot_every_s=snapshot_s)
        return
    from tradewire.binance.aclient import AsyncBinance
    from tradewire.record.binance_source import BinanceRecorder
    from tradewire.unified.binance import FUTURES_SOCKET

    options: dict[str, Any] = {}
    if s.rest_url:
        options.update(base_url=s.rest_url, futures_url=s.rest_url)
    if ws:
        options.update(ws_url=ws, futures_ws_url=ws.rstrip("/") + FUTURES_SOCKET)
    client = AsyncBinance(env=s.exchange().env, **options)  # type: ignore[arg-type]
    try:
        await BinanceRecorder(client, market, symbols, channels, rec, snapshot_s).run()
    finally:
        await client.close()


async def _record(s: Session, rec: Recorder, work: Any, seconds: float | None,  # float ok: seconds
                  count: int | None) -> None:
    """Run ``work`` with the writer and the status line until Ctrl-C/SIGTERM, ``seconds`` or ``count`` rows."""
    import asyncio
    import contextlib
    import signal
    import time

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    rec.mark("start", f"recording {rec.venue} {rec.market}")
    writer = asyncio.create_task(rec.run_writer())
    source = asyncio.create_task(work)
    deadline = None if seconds is None else time.monotonic() + seconds
    tty = sys.stderr.isatty()
    try:
        while not stop.is_set() and not source.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
            line = rec.stats.line()
            if tty:
                sys.stderr.write("\r\x1b[2K" + line[:200])
                sys.stderr.flush()
            if deadline is not None and time.monotonic() >= deadline:
                break
            if count is not None and sum(rec.stats.counts.values()) >= count:
                break
    finally:
        source.cancel()
        with contextlib.suppress(BaseException):
            await source
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await writer
        await rec.close()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        if tty:
            sys.stderr.write("\n")
    if source.done() and not source.cancelled() and source.exception() is not None:
        raise source.exception()  # type: ignore[misc]


def record(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="the dataset root")],
    symbols: Annotated[str | None, typer.Option("--symbols", help="comma-separated, as the venue spells them")]
    = None,
    channels: Annotated[str, typer.Option("--channels", help="comma-separated: trades,depth,ticker,mark")]
    = ",".join(CHANNELS),
    market: Annotated[str | None, typer.Option("--market", "-m", help="spot or swap (futures)")] = None,
    roll: Annotated[str, typer.Option("--roll", help="start new files every (e.g. 15m)")] = "15m",
    flush: Annotated[str, typer.Option("--flush", help="close the current files every (e.g. 5s)")] = "5s",
    snapshot_every: Annotated[str, typer.Option("--snapshot-every", help="periodic depth snapshot")] = "10m",
    sink: Annotated[str | None, typer.Option("--sink", help="also publish to NATS JetStream (nats://HOST:PORT)")]
    = None,
    from_nats: Annotated[str | None, typer.Option("--from-nats", help="consume a JetStream stream instead")]
    = None,
    seconds: Annotated[float | None, typer.Option("--seconds", help="stop after S seconds")] = None,  # float ok
    count: Annotated[int | None, typer.Option("--count", "-n", help="stop after N recorded rows")] = None,
) -> None:
    """Record trades, books, tickers and mark prices into a Parquet dataset (Ctrl-C closes files cleanly)."""
    need_extra("pyarrow")
    import asyncio

    s = session(ctx)
    roll_ms, flush_ms = _duration(roll, "--roll"), _duration(flush, "--flush")
    if 86_400_000 % roll_ms:
        raise CliError(f"--roll: must divide a day (got {roll})", USAGE)
    snapshot_s = _duration(snapshot_every, "--snapshot-every") / 1000
    if sink or from_nats:
        need_extra("nats")
    from tradewire.record.recorder import Recorder

    if from_nats:
        from tradewire.record.nats_sink import consume_to_dataset

        written = asyncio.run(consume_to_dataset(from_nats, out, flush_s=flush_ms / 1000, roll_s=roll_ms // 1000,
                                                 seconds=seconds, count=count))
        s.out.info(f"{written} rows written to {out}")
        return
    chans = [c.strip() for c in channels.split(",") if c.strip()]
    bad = [c for c in chans if c not in CHANNELS]
    if bad or not chans:
        raise CliError(f"--channels: each must be one of {', '.join(CHANNELS)} (got {channels!r})", USAGE)
    syms = [x.strip() for x in (symbols or "").split(",") if x.strip()]
    if not syms:
        raise CliError("--symbols: give at least one symbol (e.g. BTC-USDT)", USAGE)
    mkt = _market(s, market)

    async def main() -> Recorder:
        from tradewire.record.recorder import Sink

        sinks: list[Sink] = []
        publisher = None
        if sink:
            from tradewire.record.nats_sink import Publisher

            publisher = await Publisher.connect(sink)
            sinks.append(publisher.publish)
        rec = Recorder(out, s.opts.venue, mkt, flush_s=flush_ms / 1000, roll_s=roll_ms // 1000,  # type: ignore[arg-type]
                       sinks=sinks)
        try:
            await _record(s, rec, _sources(s, rec, syms, chans, snapshot_s), seconds, count)
        finally:
            if publisher is not None:
                await publisher.close()
        return rec

    rec = asyncio.run(main())
    s.out.info(f"{rec.writer.rows_written} rows in {rec.writer.files_written} files under {out}"
               f" ({rec.stats.gaps} gaps, {rec.stats.dropped} dropped)")


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, default=str)
    return value if value is None or isinstance(value, int | str | bool) else str(value)


def query(ctx: typer.Context, sql: Annotated[str, typer.Argument(help="DuckDB SQL over trades, depth, ticker, "
                                                                      "mark, events")],
          data: DataOpt = Path("data")) -> None:
    """Run SQL (DuckDB) over a recorded dataset; views trades/depth/ticker/mark/events."""
    need_extra("pyarrow", "duckdb")
    import duckdb

    from tradewire.record.query import connect

    s = session(ctx)
    if not data.is_dir():
        raise CliError(f"--data: no dataset at {data}", USAGE)
    con = connect(data)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description or []]
        rows = cur.fetchall()
    except duckdb.Error as exc:
        raise CliError(f"query failed: {exc}", USAGE) from None
    finally:
        con.close()
    s.out.show(Table("rows", "query", [Col(n, n) for n in names],
                     [{n: _cell(v) for n, v in zip(names, row, strict=True)} for row in rows]))


def book_at_cmd(ctx: typer.Context, symbol: Annotated[str, typer.Argument(help="as the venue spells it")],
                at: Annotated[str, typer.Argument(help="ISO time, e.g. 2026-12-01T12:00:00Z")],
                data: DataOpt = Path("data"),
                depth: Annotated[int, typer.Option("--depth", help="levels per side")] = 10) -> None:
    """Rebuild the recorded book at an instant (latest snapshot before it plus the updates up to it)."""
    need_extra("pyarrow", "duckdb")
    import datetime as dt

    from tradewire.record.book_at import BookGap, book_at

    s = session(ctx)
    try:
        when = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"not an ISO time: {at!r} (e.g. 2026-12-01T12:00:00Z)", USAGE) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    ns = int(when.timestamp()) * 1_000_000_000 + when.microsecond * 1000
    try:
        rebuilt = book_at(data, s.opts.venue, symbol, ns)
    except BookGap as exc:
        raise CliError(str(exc), USAGE) from None
    bids, asks = rebuilt.book.top(depth)
    rows = []
    for i in range(max(len(bids), len(asks))):
        b = bids[i] if i < len(bids) else None
        a = asks[i] if i < len(asks) else None
        rows.append({"bid_qty": b and _cell(b[1]), "bid": b and _cell(b[0]), "ask": a and _cell(a[0]),
                     "ask_qty": a and _cell(a[1])})
    cols = [Col("bid_qty", "Bid amount"), Col("bid", "Bid"), Col("ask", "Ask"), Col("ask_qty", "Ask amount")]
    s.out.show(Table("book", f"{symbol} at {at} (update id {rebuilt.book.last_update_id}, "
                             f"{rebuilt.updates} updates after the snapshot)", cols, rows))


def register(app: typer.Typer) -> None:
    """Add `record`, `query` and `book-at`."""
    app.command("record")(record)
    app.command("query")(query)
    app.command("book-at")(book_at_cmd)
