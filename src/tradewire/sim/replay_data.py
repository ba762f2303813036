"""A recording (`tradewire.record.schema` layout) loaded for replay: per venue and symbol, trades, book steps
and marks (BingX: ``market`` swap and spot; Binance: ``market`` spot and futures, USD-M; other rows are not read).

Rows are read with pyarrow, file by file in file order (symbol, date, then the writer's ``HHMMSS-seq`` name), and
kept in integer ticks and steps of the simulator's contract (a price finer than the contract's tick is refused,
never rounded). Times are ``ts_local``: the replay runs on the clock of the machine that recorded. Depth and trades
before ``--from`` are loaded too: they are the book and the history (klines, 24 h) at the start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradewire.sim.bingx.contracts import CONTRACTS, Contract

NS_PER_MS = 1_000_000
#: what the simulator replays: BingX perpetual and spot, Binance spot and USD-M futures
MARKETS = {"bingx": ("swap", "spot"), "binance": ("spot", "futures")}
GAP_KINDS = ("gap", "resync", "reconnect")  # events that say the book is not continuous there
ALL_SYMBOLS = "_all"

Levels = tuple[tuple[int, int], ...]  # (price ticks, size steps)


class ReplayError(ValueError):
    """The dataset cannot be replayed (nothing in range, a symbol or venue the simulator does not list...)."""


@dataclass(frozen=True, slots=True)
class DepthStep:
    """One recorded book change: ``snapshot`` replaces, ``update`` applies (size 0 removes), ``gap`` marks where
    the recording lost updates (nothing is applied until the next snapshot)."""

    ns: int
    kind: str
    update_id: int | None
    bids: Levels = ()
    asks: Levels = ()
    first_id: int | None = None  # Binance's ``U``
    prev_id: int | None = None  # Binance futures' ``pu``

    @property
    def time(self) -> int:
        """ms since the epoch."""
        return self.ns // NS_PER_MS


@dataclass
class SymbolRecording:
    """Everything recorded for one symbol, each list in replay order."""

    contract: Contract
    trade_ns: list[int] = field(default_factory=list)
    trade_price: list[int] = field(default_factory=list)  # ticks
    trade_qty: list[int] = field(default_factory=list)  # steps
    trade_sell: list[bool] = field(default_factory=list)  # the taker sold: the buyer was the maker
    trade_id: list[str] = field(default_factory=list)
    depth: list[DepthStep] = field(default_factory=list)
    #: (ms, mark, index, funding rate, next funding time) rows; None where the venue sent nothing
    marks: list[tuple[int, Decimal | None, Decimal | None, Decimal | None, int | None]] = field(default_factory=list)


@dataclass
class Recording:
    """A dataset loaded for replay: [start, end] in ms and the recorded symbols (BingX perpetual, Binance spot)."""

    root: Path
    start: int
    end: int
    symbols: dict[str, SymbolRecording]
    binance: dict[str, SymbolRecording] = field(default_factory=dict)
    binance_futures: dict[str, SymbolRecording] = field(default_factory=dict)
    bingx_spot: dict[str, SymbolRecording] = field(default_factory=dict)


def binance_contracts() -> dict[str, Contract]:
    """The simulated Binance spot pairs as contracts (their tapes' contracts: tick and step are what replay needs)."""
    from tradewire.sim.binance.tape_market import TAPE_CONTRACTS

    return dict(TAPE_CONTRACTS)


def binance_futures_contracts() -> dict[str, Contract]:
    """The simulated USD-M perpetuals as contracts (tick and step decimals are what replay needs)."""
    from tradewire.sim.binance.futures import CONTRACTS as FUTURES

    return {k.symbol: Contract(k.symbol, "", k.base, k.price_precision, k.quantity_precision, k.step, Decimal(0), 1,
                               Decimal(0), 1, Decimal(0), "USDT") for k in FUTURES.values()}


def _listed(venue: str, market: str) -> dict[str, Contract]:
    if venue == "bingx" and market == "spot":
        from tradewire.sim.bingx.trading import SPOT_CONTRACTS

        return SPOT_CONTRACTS
    if venue == "bingx":
        return CONTRACTS
    return binance_contracts() if market == "spot" else binance_futures_contracts()


def iso(ms: int) -> str:
    """``2026-12-01T12:00:00.000Z``."""
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str) -> int:
    """ms since the epoch of an ISO 8601 time (UTC unless it says otherwise) or of a number of ms."""
    if text.isdigit():
        return int(text)
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ReplayError(f"not a time: {text!r} (ISO 8601, e.g. 2026-12-01T12:00:00Z, or ms since the epoch)"
                          ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp() * 1000)


def _units(value: Decimal, places: int, symbol: str, what: str) -> int:
    units = value.scaleb(places)
    if units != units.to_integral_value():
        raise ReplayError(f"{symbol}: recorded {what} {value.normalize():f} is finer than the simulator's "
                          f"{places} decimals for it")
    return int(units)


def _table(root: Path, venue: str, market: str, channel: str, symbol: str, hi_ns: int) -> Any:
    """The rows of one channel and symbol partition up to ``hi_ns``, of the replayed market, in file order (a
    pyarrow table)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from tradewire.record.schema import SCHEMAS

    last_day = dt.datetime.fromtimestamp(hi_ns // 10**9, dt.UTC).strftime("%Y-%m-%d")
    tables = []
    base = root / f"venue={venue}" / f"channel={channel}" / f"symbol={symbol}"
    for path in sorted(base.glob("date=*/*.parquet")):  # never the .parquet.tmp files still being written
        if path.parent.name.removeprefix("date=") > last_day:
            continue
        table = pq.read_table(path)
        keep = pc.and_(pc.less_equal(table["ts_local"], hi_ns), pc.equal(table["market"], market))
        tables.append(table.filter(keep).select(SCHEMAS[channel].names))
    return pa.concat_tables(tables) if tables else SCHEMAS[channel].empty_table()


def _rows(root: Path, venue: str, market: str, channel: str, symbol: str, hi_ns: int) -> list[dict[str, Any]]:
    """`_table` as Python rows."""
    rows: list[dict[str, Any]] = _table(root, venue, market, channel, symbol, hi_ns).to_pylist()
    return rows


def _unit_column(column: Any, places: int, symbol: str, what: str) -> list[int]:
    """A decimal column in units of ``10**-places`` (exact: a finer value is refused, never rounded)."""
    import pyarrow as pa

    try:
        exact = column.cast(pa.decimal128(38, places))  # safe cast: fails on a value it would round
    except pa.ArrowInvalid:
        for value in column.to_pylist():
            if value is not None:
                _units(value, places, symbol, what)  # names the value
        raise
    unscaled = pa.Array.from_buffers(pa.decimal128(38, 0), len(exact), exact.buffers(), exact.null_count,
                                     exact.offset)  # the same 128-bit integers, read as whole units
    units: list[int] = unscaled.cast(pa.int64()).to_pylist()
    return units


def _sides(column: Any, c: Contract, symbol: str) -> list[Levels]:
    """A ``list<struct<price, qty>>`` column as levels in ticks and steps, row by row (null: no levels)."""
    import pyarrow.compute as pc

    column = column.combine_chunks()
    prices, sizes = column.flatten().flatten()
    ticks = _unit_column(prices, c.price_precision, symbol, "price")
    steps = _unit_column(sizes, c.quantity_precision, symbol, "quantity")
    out: list[Levels] = []
    i = 0
    for n in pc.fill_null(pc.list_value_length(column), 0).to_pylist():
        out.append(tuple(zip(ticks[i:i + n], steps[i:i + n], strict=True)))
        i += n
    return out


def _symbols(root: Path, venue: str) -> set[str]:
    return {p.name.removeprefix("symbol=") for p in root.glob(f"venue={venue}/channel=*/symbol=*")}


def load(root: str | Path, start: int | None = None, end: int | None = None) -> Recording:
    """The recording under ``root`` between ``start`` and ``end`` (ms, inclusive; default: all of it); it starts
    at its first recorded instant at or after ``start``."""
    root = Path(root)
    venues = {p.name.removeprefix("venue=") for p in root.glob("venue=*")}
    if not venues:
        raise ReplayError(f"{root} holds no recording (no venue=... directory)")
    if not venues & set(MARKETS):
        raise ReplayError(f"{root} records {', '.join(sorted(venues))}: the simulator replays bingx and binance")
    hi_ns = (end + 1) * NS_PER_MS - 1 if end is not None else 2**63 - 1
    lo_ns = start * NS_PER_MS if start is not None else 0
    loaded: dict[tuple[str, str], dict[str, SymbolRecording]] = {}
    first = last = None
    for venue in sorted(venues & set(MARKETS)):
        listed = {m: _listed(venue, m) for m in MARKETS[venue]}
        names = _symbols(root, venue)
        unknown = sorted(names - {s for contracts in listed.values() for s in contracts} - {ALL_SYMBOLS})
        if unknown:
            raise ReplayError(f"the simulator does not list {venue} {' or '.join(MARKETS[venue])} "
                              f"{', '.join(unknown)} (it lists {', '.join(sorted(set().union(*listed.values())))})")
        for market, contracts in listed.items():
            common_gaps = [r for r in _rows(root, venue, market, "events", ALL_SYMBOLS, hi_ns)
                           if r["kind"] in GAP_KINDS]
            loaded[(venue, market)] = {}
            for symbol in sorted(names & set(contracts)):
                rec = _load_symbol(root, venue, market, contracts[symbol], symbol, hi_ns, common_gaps)
                times = [t for t in (*rec.trade_ns, *(s.ns for s in rec.depth),
                                     *(m[0] * NS_PER_MS for m in rec.marks)) if t >= lo_ns]
                if not times:
                    continue
                loaded[(venue, market)][symbol] = rec
                first = min(times) if first is None else min(first, *times)
                last = max(times) if last is None else max(last, *times)
    if first is None or last is None:
        span = (f"between {iso(start) if start is not None else 'the start'} and "
                f"{iso(end) if end is not None else 'the end'}")
        raise ReplayError(f"{root} has no rows {span} (of BingX perpetual or spot, Binance spot or USD-M futures)")
    return Recording(root, first // NS_PER_MS, end if end is not None else last // NS_PER_MS,
                     loaded.get(("bingx", "swap"), {}), loaded.get(("binance", "spot"), {}),
                     loaded.get(("binance", "futures"), {}), loaded.get(("bingx", "spot"), {}))


def _load_symbol(root: Path, venue: str, market: str, c: Contract, symbol: str, hi_ns: int,
                 common_gaps: list[dict[str, Any]]) -> SymbolRecording:
    rec = SymbolRecording(c)
    trades = _table(root, venue, market, "trades", symbol, hi_ns)
    rec.trade_ns = trades["ts_local"].to_pylist()
    rec.trade_price = _unit_column(trades["price"].combine_chunks(), c.price_precision, symbol, "price")
    rec.trade_qty = _unit_column(trades["qty"].combine_chunks(), c.quantity_precision, symbol, "quantity")
    rec.trade_sell = [side == "sell" for side in trades["side"].to_pylist()]
    rec.trade_id = [tid if tid is not None else str(seq or i + 1)
                    for i, (tid, seq) in enumerate(zip(trades["trade_id"].to_pylist(), trades["seq"].to_pylist(),
                                                       strict=True))]
    depth = _table(root, venue, market, "depth", symbol, hi_ns)
    columns = [depth[name].to_pylist() for name in ("ts_local", "kind", "seq", "first_id", "prev_id")]
    steps = [(ns, 1, DepthStep(ns, kind, seq, bids, asks, first, prev)) for ns, kind, seq, first, prev, bids, asks
             in zip(*columns, _sides(depth["bids"], c, symbol), _sides(depth["asks"], c, symbol), strict=True)]
    gaps = [r for r in _rows(root, venue, market, "events", symbol, hi_ns) if r["kind"] in GAP_KINDS] + common_gaps
    steps += [(r["ts_local"], 0, DepthStep(r["ts_local"], "gap", None)) for r in gaps
              if r["stream"] in (None, "depth")]
    steps.sort(key=lambda s: (s[0], s[1]))  # stable: file order among equal times; a gap before what follows it
    rec.depth = [s for _, _, s in steps]
    order = sorted(range(len(rec.trade_ns)), key=rec.trade_ns.__getitem__)  # stable: file order
    if order != list(range(len(order))):
        for name in ("trade_ns", "trade_price", "trade_qty", "trade_sell", "trade_id"):
            column = getattr(rec, name)
            setattr(rec, name, [column[i] for i in order])
    marks = _rows(root, venue, market, "mark", symbol, hi_ns)
    rec.marks = sorted(((r["ts_local"] // NS_PER_MS, r["mark_price"], r["index_price"], r["funding_rate"],
                         r["next_funding_time"]) for r in marks), key=lambda m: m[0])
    return rec
