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
    """The simulated Binance spot pairs as contracts (tick and step decimals are what replay needs)."""
    from tradewire.sim.binance.exchange import SPECS

    def places(d: Decimal) -> int:
        exponent = d.normalize().as_tuple().exponent
        assert isinstance(exponent, int)
        return max(0, -exponent)

    return {s.pair.symbol: Contract(s.pair.symbol, "", s.pair.base, places(s.tick), places(s.pair.step),
                                    s.pair.step, Decimal(0), 1, s.start, 1, Decimal(0), s.pair.quote) for s in SPECS}


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


def _levels(rows: list[dict[str, Decimal]] | None, c: Contract, symbol: str) -> Levels:
    return tuple((_units(r["price"], c.price_precision, symbol, "price"),
                  _units(r["qty"], c.quantity_precision, symbol, "quantity")) for r in rows or ())


def _rows(root: Path, venue: str, market: str, channel: str, symbol: str, hi_ns: int) -> list[dict[str, Any]]:
    """The rows of one channel and symbol partition up to ``hi_ns``, of the replayed market, in file order."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    last_day = dt.datetime.fromtimestamp(hi_ns // 10**9, dt.UTC).strftime("%Y-%m-%d")
    out: list[dict[str, Any]] = []
    base = root / f"venue={venue}" / f"channel={channel}" / f"symbol={symbol}"
    for path in sorted(base.glob("date=*/*.parquet")):  # never the .parquet.tmp files still being written
        if path.parent.name.removeprefix("date=") > last_day:
            continue
        table = pq.read_table(path)
        keep = pc.and_(pc.less_equal(table["ts_local"], hi_ns), pc.equal(table["market"], market))
        out.extend(table.filter(keep).to_pylist())
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
    for r in _rows(root, venue, market, "trades", symbol, hi_ns):
        rec.trade_ns.append(r["ts_local"])
        rec.trade_price.append(_units(r["price"], c.price_precision, symbol, "price"))
        rec.trade_qty.append(_units(r["qty"], c.quantity_precision, symbol, "quantity"))
        rec.trade_sell.append(r["side"] == "sell")
        rec.trade_id.append(r["trade_id"] if r["trade_id"] is not None else str(r["seq"] or len(rec.trade_id) + 1))
    steps = [(r["ts_local"], 1, DepthStep(r["ts_local"], r["kind"], r["seq"], _levels(r["bids"], c, symbol),
                                          _levels(r["asks"], c, symbol), r["first_id"], r["prev_id"]))
             for r in _rows(root, venue, market, "depth", symbol, hi_ns)]
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
