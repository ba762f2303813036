"""BingX spot market-data endpoints (bingx-skills/spot-market/api-reference.md): the book from `spot_book`,
trades, candles and 24 h statistics from the spot tapes of `spot_market`.

An unknown pair is 100204 ("Requested data not found — symbol does not exist", spot-market api-reference);
a malformed parameter 100400.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from tradewire.sim.bingx.calls import Call, Endpoint, Handler, fmt
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.spot_view import Levels, spot_book, spot_market
from tradewire.sim.bingx.trading import SPOT_CONTRACTS
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import INTERVALS, Market, candle_close
from tradewire.sim.tape import Tape

DATA_NOT_FOUND = 100204
DEPTH_TYPES = tuple(f"step{i}" for i in range(6))


def _pair(call: Call, symbol: str | None) -> Contract:
    assert symbol is not None
    found = SPOT_CONTRACTS.get(symbol)
    if found is None:
        raise ApiError(DATA_NOT_FOUND, f"symbol {symbol} does not exist")
    return found


def _required(call: Call) -> Contract:
    return _pair(call, call.params.symbol(required=True))


def _selected(call: Call) -> list[Contract]:
    symbol = call.params.symbol()
    return list(SPOT_CONTRACTS.values()) if symbol is None else [_pair(call, symbol)]


def _rows(levels: Levels) -> list[Json]:
    return [[fmt(p), fmt(q)] for p, q in levels]


def depth(call: Call) -> Reply:
    """GET /openApi/spot/v1/market/depth: `limit` 1..1000 (default 20), best first."""
    c = _required(call)
    limit = call.params.integer("limit", default=20, low=1, high=1000)
    assert limit is not None
    _, bids, asks = spot_book(call.state, c.symbol, call.now, limit)
    return ok({"bids": _rows(bids), "asks": _rows(asks), "ts": call.now})


def _aggregate(levels: Levels, unit: Decimal, rounding: str, depth: int) -> Levels:
    merged: dict[Decimal, Decimal] = {}
    for price, qty in levels:
        key = (price / unit).to_integral_value(rounding) * unit
        merged[key] = merged.get(key, Decimal(0)) + qty
    return list(merged.items())[:depth]


def depth_aggregated(call: Call) -> Reply:
    """GET /openApi/spot/v2/market/depth: `symbol` as BTC_USDT, `depth` levels, `type` stepN merges prices
    into buckets of 10^N ticks (bids round down, asks up)."""
    raw = call.params.require("symbol")
    base, _, quote = raw.partition("_")
    if not base or not quote or "-" in raw:
        raise call.params.fail("symbol must be like BTC_USDT")
    c = _pair(call, f"{base}-{quote}")
    size = call.params.integer("depth", low=1, high=1000)
    kind = call.params.enum("type", DEPTH_TYPES, required=True)
    if size is None:
        raise call.params.fail("depth is required")
    assert kind is not None
    unit = c.tick.scaleb(int(kind[-1]))
    _, bids, asks = spot_book(call.state, c.symbol, call.now, 1000)
    return ok({"bids": _rows(_aggregate(bids, unit, ROUND_FLOOR, size)),
               "asks": _rows(_aggregate(asks, unit, ROUND_CEILING, size)), "ts": call.now})


def _trade(c: Contract, tape: Tape, i: int) -> dict[str, Json]:
    return {"id": tape.trade_id(i), "price": fmt(c.price(tape.price(i))), "qty": fmt(c.qty(tape.qty(i))),
            "time": tape.time(i), "buyerMaker": tape.buyer_maker(i)}


def trades(call: Call) -> Reply:
    """GET /openApi/spot/v1/market/trades: the latest `limit` (default 100, at most 500), oldest first."""
    c = _required(call)
    limit = call.params.integer("limit", default=100, low=1, high=500)
    assert limit is not None
    tape = spot_market(call.state).tape(c.symbol)
    end = tape.count(call.now)
    return ok([_trade(c, tape, i) for i in range(max(0, end - limit), end)])


def historical_trades(call: Call) -> Reply:
    """GET /openApi/market/his/v1/trade: from `fromId` on (else the latest), `t` in seconds plus `ms`."""
    c = _required(call)
    limit = call.params.integer("limit", default=100, low=1, high=500)
    from_id = call.params.integer("fromId", low=0)
    assert limit is not None
    tape = spot_market(call.state).tape(c.symbol)
    end = tape.count(call.now)
    start = max(0, end - limit) if from_id is None else max(0, tape.index_of(from_id))
    return ok([{"tid": str(tape.trade_id(i)), "t": tape.time(i) // 1000, "ms": tape.time(i) % 1000, "s": c.symbol,
                "p": c.price(tape.price(i)), "v": c.qty(tape.qty(i))}
               for i in range(start, min(end, start + limit))])


def _klines(call: Call, most: int) -> Reply:
    c = _required(call)
    interval = call.params.enum("interval", INTERVALS, required=True)
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=500, low=1, high=most)
    assert interval is not None and limit is not None
    market = spot_market(call.state)
    tape = market.tape(c.symbol)
    count = tape.count(call.now)
    rows: list[Json] = []
    for k in market.candles(c.symbol, interval, start, end, limit, call.now):
        close = candle_close(interval, k.time)
        a, b = tape.first_at_or_after(k.time), min(tape.first_at_or_after(close), count)
        quote = Decimal(tape.stats(a, b)[5]) * c.tick * c.step if a < b else Decimal(0)
        rows.append([k.time, c.price(k.open), c.price(k.high), c.price(k.low), c.price(k.close),
                     c.qty(k.volume), close - 1, quote])
    return ok(rows)


def klines(call: Call) -> Reply:
    """GET /openApi/spot/v2/market/kline: arrays [open time, o, h, l, c, volume, close time, quote volume]."""
    return _klines(call, 1440)


def historical_klines(call: Call) -> Reply:
    """GET /openApi/market/his/v1/kline: as the klines, at most 500."""
    return _klines(call, 500)


def _touch(call: Call, c: Contract) -> tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]]:
    _, bids, asks = spot_book(call.state, c.symbol, call.now, 1)
    return bids[0], asks[0]


def ticker(call: Call) -> Reply:
    """GET /openApi/spot/v1/ticker/24hr: always a list; statistics from the tape, the touch from the book."""
    market: Market = spot_market(call.state)
    rows: list[Json] = []
    for c in _selected(call):
        s = market.day_stats(c.symbol, call.now)
        (bid, bid_qty), (ask, ask_qty) = _touch(call, c)
        change = c.price(s.last - s.open)
        rows.append({
            "symbol": c.symbol, "openPrice": fmt(c.price(s.open)), "highPrice": fmt(c.price(s.high)),
            "lowPrice": fmt(c.price(s.low)), "lastPrice": fmt(c.price(s.last)), "volume": fmt(c.qty(s.volume)),
            "quoteVolume": fmt(Decimal(s.quote_volume) * c.tick * c.step), "openTime": s.open_time,
            "closeTime": s.close_time, "bidPrice": bid, "bidQty": bid_qty, "askPrice": ask, "askQty": ask_qty,
            "priceChange": fmt(change),
            "priceChangePercent": fmt((change * 100 / c.price(s.open)).quantize(Decimal("0.01"))),
        })
    return ok(rows)


def ticker_price(call: Call) -> Reply:
    """GET /openApi/spot/v2/ticker/price: the latest trade (`type` 1 when the buyer took, 2 the seller)."""
    c = _required(call)
    tape = spot_market(call.state).tape(c.symbol)
    i = tape.count(call.now) - 1
    price, qty = c.price(tape.price(i)), c.qty(tape.qty(i))
    return ok([{"symbol": c.symbol, "trades": [{
        "timestamp": tape.time(i), "tradeId": str(tape.trade_id(i)), "price": fmt(price),
        "amount": fmt(price * qty), "type": 2 if tape.buyer_maker(i) else 1, "volume": fmt(qty)}]}])


def book_ticker(call: Call) -> Reply:
    """GET /openApi/spot/v1/ticker/bookTicker: a list of one row."""
    c = _required(call)
    (bid, bid_qty), (ask, ask_qty) = _touch(call, c)
    return ok([{"eventType": "bookTicker", "time": call.now, "symbol": c.symbol, "bidPrice": fmt(bid),
                "bidVolume": fmt(bid_qty), "askPrice": fmt(ask), "askVolume": fmt(ask_qty)}])


def _public(path: str, handler: Handler) -> Endpoint:
    return Endpoint("GET", path, "none", False, None, "market", handler)


ENDPOINTS: tuple[Endpoint, ...] = (
    _public("/openApi/spot/v1/market/depth", depth),
    _public("/openApi/spot/v2/market/depth", depth_aggregated),
    _public("/openApi/spot/v1/market/trades", trades),
    _public("/openApi/spot/v2/market/kline", klines),
    # not in the official reference; ccxt's fetch_ohlcv on a spot pair calls it, with the same answer
    _public("/openApi/spot/v1/market/kline", klines),
    _public("/openApi/market/his/v1/kline", historical_klines),
    _public("/openApi/market/his/v1/trade", historical_trades),
    _public("/openApi/spot/v1/ticker/24hr", ticker),
    _public("/openApi/spot/v2/ticker/price", ticker_price),
    _public("/openApi/spot/v1/ticker/bookTicker", book_ticker),
)
