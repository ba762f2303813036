"""USD-M futures market data (`/fapi/v1/*` public paths), shaped as the USD-M reference answers them
(binance-usdm-endpoints.json): prices at the contract's precision, futures-only fields (`E`/`T` on depth,
`time` on tickers), and the mark, index and funding views of a perpetual.

Prices come from the book and trades the futures orders fill against (`Futures.engine`); the simulator
settles no funding yet, so the rate is 0 and the funding history is empty.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.fapi import ALGO_TYPES
from tradewire.sim.binance.futures import CONTRACTS, Contract
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import Book, Trade

D = Decimal
FAPI_LIMITS = [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 2400},
               {"rateLimitType": "ORDERS", "interval": "MINUTE", "intervalNum": 1, "limit": 1200},
               {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 300}]
DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)
FUNDING_HOURS = 8
DELIVERY_PERPETUAL = 4133404800000  # 2100-12-25: what Binance shows as a perpetual's deliveryDate
ONBOARD = 1569398400000


def _contract(c: Call, name: str = "symbol") -> Contract:
    s = c.need(name)
    if s not in CONTRACTS:
        raise ApiError(-1121, "Invalid symbol.")
    return CONTRACTS[s]


def _contracts(c: Call) -> list[Contract]:
    return [_contract(c)] if c.get("symbol") is not None else list(CONTRACTS.values())


def _one_or_all(c: Call, rows: list[dict[str, Any]]) -> Any:
    return rows[0] if c.get("symbol") is not None else rows


def book(c: Call, symbol: str) -> Book:
    """The book futures orders fill against."""
    return c.ex.futures.engine.books[symbol]


def trades_of(c: Call, symbol: str) -> list[Trade]:
    """The public trades: the recorded ones of a replayed perpetual (`freplay`)."""
    replay = c.ex.futures_replay
    if replay is not None and symbol in replay:
        return replay.trades(symbol, c.ex.clock.now_ms())
    return c.ex.futures.engine.trades[symbol]


def px(k: Contract, value: Decimal) -> str:
    return f"{value:.{k.price_precision}f}"


def qty(k: Contract, value: Decimal) -> str:
    return f"{value:.{k.quantity_precision}f}"


def ping(c: Call) -> Any:
    return {}


def server_time(c: Call) -> Any:
    return {"serverTime": c.ex.clock.now_ms()}


def exchange_info(c: Call) -> Any:
    symbols = []
    for k in CONTRACTS.values():
        symbols.append({
            "symbol": k.symbol, "pair": k.symbol, "contractType": "PERPETUAL", "deliveryDate": DELIVERY_PERPETUAL,
            "onboardDate": ONBOARD, "status": "TRADING", "maintMarginPercent": "2.5000",
            "requiredMarginPercent": "5.0000", "baseAsset": k.base, "quoteAsset": "USDT", "marginAsset": "USDT",
            "pricePrecision": k.price_precision, "quantityPrecision": k.quantity_precision,
            "baseAssetPrecision": 8, "quotePrecision": 8, "underlyingType": "COIN", "underlyingSubType": ["PoW"],
            "settlePlan": 0, "triggerProtect": "0.0500", "liquidationFee": "0.012500", "marketTakeBound": "0.05",
            "maxMoveOrderLimit": 10000,
            "filters": [
                {"filterType": "PRICE_FILTER", "minPrice": f"{k.tick}", "maxPrice": "1000000", "tickSize": f"{k.tick}"},
                {"filterType": "LOT_SIZE", "minQty": f"{k.step}", "maxQty": "1000", "stepSize": f"{k.step}"},
                {"filterType": "MARKET_LOT_SIZE", "minQty": f"{k.step}", "maxQty": "120", "stepSize": f"{k.step}"},
                {"filterType": "MAX_NUM_ORDERS", "limit": 200},
                {"filterType": "MAX_NUM_ALGO_ORDERS", "limit": 10},
                {"filterType": "MIN_NOTIONAL", "notional": f"{k.min_notional}"},
                {"filterType": "PERCENT_PRICE", "multiplierUp": "1.0500", "multiplierDown": "0.9500",
                 "multiplierDecimal": "4"}],
            "orderTypes": ["LIMIT", "MARKET", *ALGO_TYPES],
            "timeInForce": ["GTC", "IOC", "FOK", "GTX", "GTD"]})
    return {"timezone": "UTC", "serverTime": c.ex.clock.now_ms(), "futuresType": "U_MARGINED",
            "rateLimits": FAPI_LIMITS, "exchangeFilters": [],
            "assets": [{"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"}],
            "symbols": symbols}


def depth(c: Call) -> Any:
    k = _contract(c)
    n = c.int("limit") or 500
    if n not in DEPTH_LIMITS:
        raise ApiError(-4021, "Invalid depth limit.")
    b, now = book(c, k.symbol), c.ex.clock.now_ms()
    replay = c.ex.futures_replay
    if replay is not None and k.symbol in replay:
        uid, bids, asks = replay.depth(k.symbol, now, n)
        return {"lastUpdateId": uid, "E": now, "T": now, "bids": [[px(k, p), qty(k, q)] for p, q in bids],
                "asks": [[px(k, p), qty(k, q)] for p, q in asks]}
    return {"lastUpdateId": b.update_id, "E": now, "T": now,
            "bids": [[px(k, p), qty(k, q)] for p, q in b.bids.depth(n)],
            "asks": [[px(k, p), qty(k, q)] for p, q in b.asks.depth(n)]}


def depth_weight(p: dict[str, str]) -> int:
    n = int(p["limit"]) if p.get("limit", "").isdigit() else 500
    return 2 if n <= 50 else 5 if n <= 100 else 10 if n <= 500 else 20


def _trade(k: Contract, t: Trade) -> dict[str, Any]:
    return {"id": t.id, "price": px(k, t.price), "qty": qty(k, t.qty), "quoteQty": px(k, t.price * t.qty),
            "time": t.time, "isBuyerMaker": t.buyer_maker}


def trades(c: Call) -> Any:
    k = _contract(c)
    return [_trade(k, t) for t in trades_of(c, k.symbol)[-v._limit(c, 500, 1000):]]


def historical_trades(c: Call) -> Any:
    k = _contract(c)
    rows, start, n = trades_of(c, k.symbol), c.int("fromId"), v._limit(c, 500, 1000)
    picked = [t for t in rows if t.id >= start][:n] if start is not None else rows[-n:]
    return [_trade(k, t) for t in picked]


def agg_trades(c: Call) -> Any:
    k = _contract(c)
    lo, start, end = c.int("fromId"), c.int("startTime"), c.int("endTime")
    if start is not None and end is not None and end - start > 3_600_000:
        raise ApiError(-1127, "More than 1 hours between startTime and endTime.")
    picked = [t for t in trades_of(c, k.symbol) if (lo is None or t.id >= lo) and (start is None or t.time >= start)
              and (end is None or t.time <= end)]
    n = v._limit(c, 500, 1000)
    picked = picked[:n] if lo is not None or start is not None else picked[-n:]
    return [{"a": t.id, "p": px(k, t.price), "q": qty(k, t.qty), "f": t.id, "l": t.id, "T": t.time,
             "m": t.buyer_maker} for t in picked]


def _klines(c: Call, k: Contract, volumes: bool) -> list[list[Any]]:
    """Candles of the trades; `volumes` False gives the mark/index shape (volumes "0", column 8 the count)."""
    interval = c.need("interval")
    if interval not in v.INTERVAL_MS or interval == "1s":
        raise ApiError(-1120, "Invalid interval.")
    ms = v.INTERVAL_MS[interval]
    start, end = c.int("startTime"), c.int("endTime")
    buckets: dict[int, list[Trade]] = {}
    for t in trades_of(c, k.symbol):
        if (start is None or t.time >= start) and (end is None or t.time <= end):
            buckets.setdefault(t.time - t.time % ms, []).append(t)
    out: list[list[Any]] = []
    for open_time in sorted(buckets):
        ts = buckets[open_time]
        row: list[Any] = [open_time, px(k, ts[0].price), px(k, max(t.price for t in ts)),
                          px(k, min(t.price for t in ts)), px(k, ts[-1].price)]
        if volumes:
            buy = [t for t in ts if not t.buyer_maker]
            row += [qty(k, sum((t.qty for t in ts), D(0))), open_time + ms - 1,
                    f"{sum((t.qty * t.price for t in ts), D(0)):f}", len(ts),
                    qty(k, sum((t.qty for t in buy), D(0))), f"{sum((t.qty * t.price for t in buy), D(0)):f}", "0"]
        else:
            row += ["0", open_time + ms - 1, "0", len(ts), "0", "0", "0"]
        out.append(row)
    return out[-v._limit(c, 500, 1500):]


def klines(c: Call) -> Any:
    return _klines(c, _contract(c), True)


def continuous_klines(c: Call) -> Any:
    k = _contract(c, "pair")
    if c.need("contractType") != "PERPETUAL":  # only perpetuals are listed here
        raise ApiError(-1130, "Data sent for parameter 'contractType' is not valid.")
    return _klines(c, k, True)


def mark_price_klines(c: Call) -> Any:
    return _klines(c, _contract(c), False)


def index_price_klines(c: Call) -> Any:
    return _klines(c, _contract(c, "pair"), False)


def kline_weight(p: dict[str, str]) -> int:
    n = int(p["limit"]) if p.get("limit", "").isdigit() else 500
    return 1 if n < 100 else 2 if n < 500 else 5 if n <= 1000 else 10


def next_funding(now: int) -> int:
    period = FUNDING_HOURS * 3_600_000
    return now - now % period + period


def premium_index(c: Call) -> Any:
    now, rows = c.ex.clock.now_ms(), []
    for k in _contracts(c):
        mark = index = c.ex.futures.mark(k.symbol)
        rate, due = D(0), next_funding(now)
        replay = c.ex.futures_replay
        recorded = replay.mark(k.symbol, now) if replay is not None and k.symbol in replay else None
        if recorded is not None:
            mark, index = recorded[0] or mark, recorded[1] or recorded[0] or index
            rate, due = recorded[2] or rate, recorded[3] or due
        rows.append({"symbol": k.symbol, "markPrice": f"{mark:.8f}", "indexPrice": f"{index:.8f}",
                     "estimatedSettlePrice": f"{mark:.8f}", "lastFundingRate": f"{rate:.8f}",
                     "interestRate": "0.00010000", "nextFundingTime": due, "time": now})
    return _one_or_all(c, rows)


def funding_rate(c: Call) -> Any:
    if c.get("symbol") is not None:
        _contract(c)
    v._limit(c, 100, 1000)
    return []  # no funding is settled by the simulator yet


def funding_info(c: Call) -> Any:
    return [{"symbol": k.symbol, "adjustedFundingRateCap": "0.02000000", "adjustedFundingRateFloor": "-0.02000000",
             "fundingIntervalHours": FUNDING_HOURS, "disclaimer": False} for k in CONTRACTS.values()]


def ticker_24h(c: Call) -> Any:
    now, rows = c.ex.clock.now_ms(), []
    for k in _contracts(c):
        ts = [t for t in trades_of(c, k.symbol) if t.time >= now - 86_400_000]
        last = ts[-1].price if ts else (book(c, k.symbol).last_price or D(0))
        o = ts[0].price if ts else last
        vol, quote = sum((t.qty for t in ts), D(0)), sum((t.qty * t.price for t in ts), D(0))
        rows.append({"symbol": k.symbol, "priceChange": px(k, last - o),
                     "priceChangePercent": f"{(last - o) / o * 100 if o else D(0):.3f}",
                     "weightedAvgPrice": px(k, quote / vol if vol else last), "lastPrice": px(k, last),
                     "lastQty": qty(k, ts[-1].qty if ts else D(0)), "openPrice": px(k, o),
                     "highPrice": px(k, max((t.price for t in ts), default=last)),
                     "lowPrice": px(k, min((t.price for t in ts), default=last)), "volume": qty(k, vol),
                     "quoteVolume": f"{quote:.2f}", "openTime": now - 86_400_000, "closeTime": now,
                     "firstId": ts[0].id if ts else -1, "lastId": ts[-1].id if ts else -1, "count": len(ts)})
    return _one_or_all(c, rows)


def ticker_price(c: Call) -> Any:
    now = c.ex.clock.now_ms()
    return _one_or_all(c, [{"symbol": k.symbol, "price": px(k, book(c, k.symbol).last_price or D(0)), "time": now}
                           for k in _contracts(c)])


def book_ticker(c: Call) -> Any:
    now, rows = c.ex.clock.now_ms(), []
    for k in _contracts(c):
        b = book(c, k.symbol)
        bid, ask = b.bids.depth(1), b.asks.depth(1)
        rows.append({"symbol": k.symbol, "bidPrice": px(k, bid[0][0] if bid else D(0)),
                     "bidQty": qty(k, bid[0][1] if bid else D(0)), "askPrice": px(k, ask[0][0] if ask else D(0)),
                     "askQty": qty(k, ask[0][1] if ask else D(0)), "time": now, "lastUpdateId": b.update_id})
    return _one_or_all(c, rows)


def open_interest(c: Call) -> Any:
    """Contracts open: the long side of every user's position (the house holds the other side)."""
    k = _contract(c)
    longs = sum((p.amt for (_, s), p in c.ex.futures.positions.items() if s == k.symbol and p.amt > 0), D(0))
    shorts = -sum((p.amt for (_, s), p in c.ex.futures.positions.items() if s == k.symbol and p.amt < 0), D(0))
    return {"openInterest": qty(k, max(longs, shorts)), "symbol": k.symbol, "time": c.ex.clock.now_ms()}


by_symbol = v.weight_by_symbol
ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/fapi/v1/ping"): ("NONE", 1, ping),
    ("GET", "/fapi/v1/time"): ("NONE", 1, server_time),
    ("GET", "/fapi/v1/exchangeInfo"): ("NONE", 1, exchange_info),
    ("GET", "/fapi/v1/depth"): ("NONE", depth_weight, depth),
    ("GET", "/fapi/v1/trades"): ("NONE", 5, trades),
    ("GET", "/fapi/v1/historicalTrades"): ("APIKEY", 20, historical_trades),
    ("GET", "/fapi/v1/aggTrades"): ("NONE", 20, agg_trades),
    ("GET", "/fapi/v1/klines"): ("NONE", kline_weight, klines),
    ("GET", "/fapi/v1/continuousKlines"): ("NONE", kline_weight, continuous_klines),
    ("GET", "/fapi/v1/markPriceKlines"): ("NONE", kline_weight, mark_price_klines),
    ("GET", "/fapi/v1/indexPriceKlines"): ("NONE", kline_weight, index_price_klines),
    ("GET", "/fapi/v1/premiumIndex"): ("NONE", by_symbol(1, 10), premium_index),
    ("GET", "/fapi/v1/fundingRate"): ("NONE", 1, funding_rate),
    ("GET", "/fapi/v1/fundingInfo"): ("NONE", 1, funding_info),
    ("GET", "/fapi/v1/ticker/24hr"): ("NONE", by_symbol(1, 40), ticker_24h),
    ("GET", "/fapi/v1/ticker/price"): ("NONE", by_symbol(1, 2), ticker_price),
    ("GET", "/fapi/v2/ticker/price"): ("NONE", by_symbol(1, 2), ticker_price),
    ("GET", "/fapi/v1/ticker/bookTicker"): ("NONE", by_symbol(2, 5), book_ticker),
    ("GET", "/fapi/v1/openInterest"): ("NONE", 1, open_interest),
}
