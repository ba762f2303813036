"""Swap market-data endpoints (public, plus the signed tradingRules)."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.books import swap_book, swap_rows
from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.jsonenc import Json, dumps
from tradewire.sim.market import INTERVALS, Candle
from tradewire.sim.memo import Memo
from tradewire.sim.tape import Tape

DEPTH_LIMITS = ("5", "10", "20", "50", "100", "500", "1000")
#: (symbol, limit) -> the depth body after ``"T"``, by the rows it encodes (a pure function of them: any simulator)
_DEPTH_TAILS: Memo[bytes] = Memo()


def _contract(call: Call, *, required: bool) -> Contract | None:
    symbol = call.params.symbol(required=required)
    if symbol is None:
        return None
    contract = call.state.market.contracts.get(symbol)
    if contract is None:
        raise ApiError(errors.SYMBOL_NOT_EXIST, f"symbol {symbol} does not exist")
    return contract


def _required_contract(call: Call) -> Contract:
    contract = _contract(call, required=True)
    assert contract is not None
    return contract


def _selected(call: Call) -> list[Contract]:
    contract = _contract(call, required=False)
    return [contract] if contract is not None else list(call.state.market.contracts.values())


def _one_or_all(call: Call, rows: list[Json]) -> Json:
    """An object when ``symbol`` was given, a list otherwise (premiumIndex, ticker, ticker/price)."""
    return rows[0] if call.params.text("symbol") is not None else rows


def server_time(call: Call) -> Reply:
    """GET /openApi/swap/v2/server/time."""
    return ok({"serverTime": call.now})


def contracts(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/contracts; fee and minimum fields are JSON numbers, as live, but the deprecated
    `feeRate` is a string (swap-market api-reference; ccxt's live capture sends "0.0005" too)."""
    taker, maker = Decimal("0.0005"), Decimal("0.0002")
    return ok([{
        "contractId": c.contract_id, "symbol": c.symbol, "size": "0",
        "quantityPrecision": c.quantity_precision, "pricePrecision": c.price_precision,
        "feeRate": fmt(taker), "makerFeeRate": maker, "takerFeeRate": taker, "tradeMinLimit": 0,
        "tradeMinQuantity": c.min_qty, "tradeMinUSDT": c.min_usdt,
        "maxLongLeverage": c.max_leverage, "maxShortLeverage": c.max_leverage,
        "currency": c.currency, "asset": c.asset, "status": 1,
        "apiStateOpen": "true", "apiStateClose": "true", "brokerState": "true",
        "launchTime": call.state.market.origin_ms, "maintainTime": 0, "offTime": 0,
    } for c in _selected(call)])


def depth(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/depth; quantities are in coin, so bidsCoin/asksCoin repeat them."""
    c = _required_contract(call)
    limit = int(call.params.enum("limit", DEPTH_LIMITS) or 20)
    rows = swap_rows(call.state, c.symbol, call.now, limit)
    tail = _DEPTH_TAILS.get((c.symbol, limit), rows)
    if tail is None:
        bid_rows, ask_rows = rows
        tail = _DEPTH_TAILS.put((c.symbol, limit), rows, dumps(
            {"bids": bid_rows, "asks": ask_rows, "bidsCoin": bid_rows, "asksCoin": ask_rows})[1:] + b"}")
    # what ok({"T": now, "bids": ..., "asksCoin": ...}) writes, with the rows encoded once per book change
    return Reply(body=b'{"code":0,"msg":"","data":{"T":%d,%b' % (call.now, tail))


def _trade(c: Contract, tape: Tape, i: int) -> dict[str, Json]:
    price, qty = c.price(tape.price(i)), c.qty(tape.qty(i))
    return {"price": fmt(price), "qty": fmt(qty), "quoteQty": fmt(price * qty), "time": tape.time(i)}


def trades(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/trades: the latest ``limit`` trades, oldest first."""
    c = _required_contract(call)
    limit = call.params.integer("limit", default=500, low=1, high=1000)
    assert limit is not None
    tape = call.state.market.tape(c.symbol)
    end = tape.count(call.now)
    return ok([{"id": tape.trade_id(i), **_trade(c, tape, i), "buyerMaker": tape.buyer_maker(i)}
               for i in range(max(0, end - limit), end)])


def historical_trades(call: Call) -> Reply:
    """GET /openApi/swap/v1/market/historicalTrades: from ``fromId`` on, or the latest; ids as strings."""
    c = _required_contract(call)
    limit = call.params.integer("limit", default=50, low=1, high=100)
    from_id = call.params.integer("fromId", low=0)
    assert limit is not None
    tape = call.state.market.tape(c.symbol)
    end = tape.count(call.now)
    start = max(0, end - limit) if from_id is None else max(0, tape.index_of(from_id))
    return ok([{"id": str(tape.trade_id(i)), **_trade(c, tape, i), "isBuyerMaker": tape.buyer_maker(i)}
               for i in range(start, min(end, start + limit))])


def premium_index(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/premiumIndex."""
    market, now = call.state.market, call.now
    rows: list[Json] = [{
        "symbol": c.symbol, "markPrice": fmt(market.mark_price(c.symbol, now)),
        "indexPrice": fmt(market.index_price(c.symbol, now)),
        "lastFundingRate": fmt(market.funding_rate(c.symbol, market.next_funding_time(now)).quantize(
            Decimal("1E-8"))),
        "nextFundingTime": market.next_funding_time(now), "time": now,  # `time`: swap-market api-reference
    } for c in _selected(call)]
    return ok(_one_or_all(call, rows))


def funding_rate(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/fundingRate: ascending; without a range the latest ``limit`` rows,
    with more rows in range than ``limit`` the first ``limit`` from startTime."""
    selected = _selected(call)
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=100, low=1, high=1000)
    assert limit is not None
    market = call.state.market
    times = market.funding_times(0 if start is None else start, call.now if end is None else min(end, call.now))
    rows = [(t, c.symbol) for t in times for c in selected]
    rows = rows[:limit] if start is not None else rows[-limit:]
    # `nextFundingTime`, the settlement after the row's: swap-market api-reference (live rows lack it)
    return ok([{"symbol": s, "fundingRate": fmt(market.funding_rate(s, t).quantize(Decimal("1E-8"))),
                "fundingTime": t, "nextFundingTime": market.next_funding_time(t)} for t, s in rows])


def _candles(call: Call) -> tuple[Contract, list[Candle]]:
    c = _required_contract(call)
    interval = call.params.enum("interval", INTERVALS, required=True)
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=500, low=1, high=1440)
    assert interval is not None and limit is not None
    return c, call.state.market.candles(c.symbol, interval, start, end, limit, call.now)


def klines(call: Call) -> Reply:
    """GET /openApi/swap/v3/quote/klines: objects with string prices. The swap-market api-reference describes
    11-column arrays, but the live answers and the docs-v3 sample are objects: objects are kept."""
    c, candles = _candles(call)
    return ok([{"open": fmt(c.price(k.open)), "close": fmt(c.price(k.close)), "high": fmt(c.price(k.high)),
                "low": fmt(c.price(k.low)), "volume": fmt(c.qty(k.volume)), "time": k.time} for k in candles])


def mark_price_klines(call: Call) -> Reply:
    """GET /openApi/swap/v1/market/markPriceKlines: prices as JSON numbers (float64 in the skills)."""
    c, candles = _candles(call)
    return ok([{"open": c.price(k.open), "close": c.price(k.close), "high": c.price(k.high),
                "low": c.price(k.low), "volume": c.qty(k.volume), "time": k.time} for k in candles])


def open_interest(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/openInterest."""
    c = _required_contract(call)
    return ok({"openInterest": fmt(call.state.market.open_interest(c.symbol, call.now)), "symbol": c.symbol,
               "time": call.now})


def ticker(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/ticker: rolling 24 h statistics from the tape, touch from the book."""
    market, now = call.state.market, call.now
    rows: list[Json] = []
    for c in _selected(call):
        s = market.day_stats(c.symbol, now)
        bids, asks = swap_book(call.state, c.symbol, now, 1)
        change = c.price(s.last - s.open)
        percent = (change * 100 / c.price(s.open)).quantize(Decimal("0.01"))
        rows.append({
            "symbol": c.symbol, "priceChange": fmt(change), "priceChangePercent": fmt(percent),
            "lastPrice": fmt(c.price(s.last)), "lastQty": fmt(c.qty(s.last_qty)),
            "highPrice": fmt(c.price(s.high)), "lowPrice": fmt(c.price(s.low)),
            "volume": fmt(c.qty(s.volume)), "quoteVolume": fmt(Decimal(s.quote_volume) * c.tick * c.step),
            "openPrice": fmt(c.price(s.open)), "openTime": s.open_time, "closeTime": s.close_time,
            "askPrice": fmt(c.price(asks[0][0])), "askQty": fmt(c.qty(asks[0][1])),
            "bidPrice": fmt(c.price(bids[0][0])), "bidQty": fmt(c.qty(bids[0][1])),
        })
    return ok(_one_or_all(call, rows))


def ticker_price(call: Call) -> Reply:
    """GET /openApi/swap/v1/ticker/price."""
    market = call.state.market
    rows: list[Json] = []
    for c in _selected(call):
        tape = market.tape(c.symbol)
        i = tape.count(call.now) - 1
        rows.append({"symbol": c.symbol, "price": fmt(c.price(tape.price(i))), "time": tape.time(i)})
    return ok(_one_or_all(call, rows))


def book_ticker(call: Call) -> Reply:
    """GET /openApi/swap/v2/quote/bookTicker: the top of the depth book.

    CONFLICT: the reference (skills) gives a flat ``data`` object, ccxt reads ``data.book_ticker``;
    there is no official sample. The simulator follows the reference.
    """
    c = _required_contract(call)
    bids, asks = swap_book(call.state, c.symbol, call.now, 1)
    return ok({"symbol": c.symbol, "bidPrice": fmt(c.price(bids[0][0])), "bidQty": fmt(c.qty(bids[0][1])),
               "askPrice": fmt(c.price(asks[0][0])), "askQty": fmt(c.qty(asks[0][1])), "time": call.now})


def trading_rules(call: Call) -> Reply:
    """GET /openApi/swap/v1/tradingRules (signed)."""
    c = _required_contract(call)
    return ok({"minSizeCoin": fmt(c.min_qty), "minSizeUsd": fmt(c.min_usdt), "maxNumOrder": "200",
               "protectionThreshold": "0.05", "buyMaxPrice": "1.05", "buyMinPrice": "0.5",
               "sellMaxPrice": "2", "sellMinPrice": "0.95", "marketRatio": "0.05"})


