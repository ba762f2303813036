"""BingX coin-M market-data endpoints (bingx-skills/cswap-market/api-reference.md): the book from the coin-M
engine (the house quoting the coin-M tapes, plus resting user orders), candles, statistics, mark and funding
from the coin-M tapes.

Each needs a `timestamp` (the reference: "a timestamp query parameter is required for all endpoints"; 100421
without one); an unknown contract is 109425, a malformed parameter 109400. Volumes and open interest are in
contracts; the ticker and the premium index answer one object for a symbol, a list without.
"""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call, Endpoint, Handler, fmt
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.cswap_contracts import CSWAP_CONTRACTS, ONLINE_MS, cswap_market
from tradewire.sim.bingx.cswap_engine import cswap_engine
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import INTERVALS, candle_close

DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)


def contract_of(call: Call, symbol: str | None) -> Contract:
    """The listed contract `symbol` (109425 when it is not listed)."""
    assert symbol is not None
    found = CSWAP_CONTRACTS.get(symbol)
    if found is None:
        raise ApiError(errors.SYMBOL_NOT_EXIST, f"{symbol} does not exist")
    return found


def _stamped(call: Call) -> None:
    if call.params.text("timestamp") is None:
        raise ApiError(errors.TIMESTAMP_ERROR)


def _required(call: Call) -> Contract:
    _stamped(call)
    return contract_of(call, call.params.symbol(required=True))


def _selected(call: Call) -> tuple[list[Contract], bool]:
    _stamped(call)
    symbol = call.params.symbol()
    return (list(CSWAP_CONTRACTS.values()), False) if symbol is None else ([contract_of(call, symbol)], True)


def contracts(call: Call) -> Reply:
    """GET /openApi/cswap/v1/market/contracts: `minTickSize` is the contract's face value in USD."""
    rows, _ = _selected(call)
    return ok([{"symbol": c.symbol, "pricePrecision": c.price_precision, "minTickSize": fmt(c.min_usdt),
                "minTradeValue": fmt(c.min_usdt), "minQty": fmt(c.min_qty.quantize(Decimal("1E-8"))), "status": 1,
                "timeOnline": ONLINE_MS} for c in rows])


def depth(call: Call) -> Reply:
    """GET /openApi/cswap/v1/market/depth: `limit` one of 5..1000 (default 20), best first, in contracts."""
    c = _required(call)
    limit = call.params.integer("limit", default=20)
    if limit not in DEPTH_LIMITS:
        raise call.params.fail(f"limit must be one of {', '.join(map(str, DEPTH_LIMITS))}")
    engine = cswap_engine(call.state)
    engine.catch_up(c.symbol, call.now)
    _, bids, asks = engine.matching.depth(c.symbol, limit)
    return ok({"bids": [[fmt(p), fmt(q)] for p, q in bids], "asks": [[fmt(p), fmt(q)] for p, q in asks],
               "ts": call.now})


def klines(call: Call) -> Reply:
    """GET /openApi/cswap/v1/market/klines: arrays [open time, o, h, l, c, volume, close time], oldest first."""
    c = _required(call)
    interval = call.params.enum("interval", INTERVALS, required=True)
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=500, low=1, high=1440)
    assert interval is not None and limit is not None
    rows: list[Json] = []
    for k in cswap_market(call.state).candles(c.symbol, interval, start, end, limit, call.now):
        rows.append([k.time, fmt(c.price(k.open)), fmt(c.price(k.high)), fmt(c.price(k.low)), fmt(c.price(k.close)),
                     fmt(c.qty(k.volume)), candle_close(interval, k.time) - 1])
    return ok(rows)


def _one_or_all(rows: list[dict[str, Json]], single: bool) -> Reply:
    return ok(rows[0] if single else list(rows))


def premium_index(call: Call) -> Reply:
    """GET /openApi/cswap/v1/market/premiumIndex: mark (the last trade), index, funding rate and time."""
    chosen, single = _selected(call)
    market = cswap_market(call.state)
    rows: list[dict[str, Json]] = []
    for c in chosen:
        nxt = market.next_funding_time(call.now)
        rows.append({"symbol": c.symbol, "markPrice": fmt(market.mark_price(c.symbol, call.now)),
                     "indexPrice": fmt(market.index_price(c.symbol, call.now)),
                     "lastFundingRate": fmt(market.funding_rate(c.symbol, nxt)), "nextFundingTime": nxt,
                     "time": call.now})
    return _one_or_all(rows, single)


def open_interest(call: Call) -> Reply:
    """GET /openApi/cswap/v1/market/openInterest: contracts open."""
    c = _required(call)
    oi = cswap_market(call.state).open_interest(c.symbol, call.now)
    return ok({"symbol": c.symbol, "openInterest": fmt(oi), "time": call.now})


def ticker(call: Call) -> Reply:
    """GET /openApi/cswap/v1/market/ticker: 24 h statistics from the tape."""
    chosen, single = _selected(call)
    market = cswap_market(call.state)
    rows: list[dict[str, Json]] = []
    for c in chosen:
        s = market.day_stats(c.symbol, call.now)
        change = c.price(s.last - s.open)
        rows.append({
            "symbol": c.symbol, "lastPrice": fmt(c.price(s.last)), "openPrice": fmt(c.price(s.open)),
            "highPrice": fmt(c.price(s.high)), "lowPrice": fmt(c.price(s.low)), "volume": fmt(c.qty(s.volume)),
            "priceChange": fmt(change),
            "priceChangePercent": fmt((change * 100 / c.price(s.open)).quantize(Decimal("0.001"))),
            "time": call.now})
    return _one_or_all(rows, single)


def _public(path: str, handler: Handler) -> Endpoint:
    return Endpoint("GET", path, "none", True, None, "market", handler)


ENDPOINTS: tuple[Endpoint, ...] = (
    _public("/openApi/cswap/v1/market/contracts", contracts),
    _public("/openApi/cswap/v1/market/depth", depth),
    _public("/openApi/cswap/v1/market/klines", klines),
    _public("/openApi/cswap/v1/market/premiumIndex", premium_index),
    _public("/openApi/cswap/v1/market/openInterest", open_interest),
    _public("/openApi/cswap/v1/market/ticker", ticker),
)
