"""USD-M futures market data (`/fapi/v1/*` public paths), shaped as the USD-M reference answers them
(binance-usdm-endpoints.json): prices at the contract's precision, futures-only fields (`E`/`T` on depth,
`time` on tickers), and the mark, index and funding views of a perpetual.

Prices come from the book the futures orders fill against (`Futures.engine`) and from the spot tape
(`tape_market.py`: the house's prints and users' trades), which the contract and mark prices follow. Funding
rates are the tape market's per funding time (`fapi_settle.py` settles them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.fapi import ALGO_TYPES
from tradewire.sim.binance.futures import CONTRACTS, Contract
from tradewire.sim.binance.tape_market import PublicTrade
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import Book

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


def trades_of(c: Call, symbol: str, limit: int, from_id: int | None = None, start: int | None = None,
              end: int | None = None) -> list[PublicTrade]:
    """The public trades of the tape (`TapeMarket.trades`)."""
    return c.ex.tapes.trades(symbol, c.ex.clock.now_ms(), limit, from_id=from_id, start=start, end=end)


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
            "settlePlan": 0, "triggerProtect": "0.0500", "liquidationFee": f"{k.liquidation_fee:f}",
            "marketTakeBound": f"{k.market_take_bound:f}",
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
    if replay is not None and k.symbol in replay:  # the recorded book (`freplay`)
        uid, bids, asks = replay.depth(k.symbol, now, n)
        return {"lastUpdateId": uid, "E": now, "T": now, "bids": [[px(k, p), qty(k, q)] for p, q in bids],
                "asks": [[px(k, p), qty(k, q)] for p, q in asks]}
    return {"lastUpdateId": b.update_id, "E": now, "T": now,
            "bids": [[px(k, p), qty(k, q)] for p, q in b.bids.depth(n)],
            "asks": [[px(k, p), qty(k, q)] for p, q in b.asks.depth(n)]}


def depth_weight(p: dict[str, str]) -> int:
    n = int(p["limit"]) if p.get("limit", "").isdigit() else 500
    return 2 if n <= 50 else 5 if n <= 100 else 10 if n <= 500 else 20


def _trade(k: Contract, t: PublicTrade) -> dict[str, Any]:
    return {"id": t.id, "price": px(k, t.price), "qty": qty(k, t.qty), "quoteQty": px(k, t.price * t.qty),
            "time": t.time, "isBuyerMaker": t.buyer_maker}


def trades(c: Call) -> Any:
    k = _contract(c)
    return [_trade(k, t) for t in trades_of(c, k.symbol, v._limit(c, 500, 1000))]


def historical_trades(c: Call) -> Any:
    k = _contract(c)
    return [_trade(k, t) for t in trades_of(c, k.symbol, v._limit(c, 500, 1000), from_id=c.int("fromId"))]


def agg_trades(c: Call) -> Any:
    k = _contract(c)
    lo, start, end = c.int("fromId"), c.int("startTime"), c.int("endTime")
    if start is not None and end is not None and end - start > 3_600_000:
        raise ApiError(-1127, "More than 1 hours between startTime and endTime.")
    picked = trades_of(c, k.symbol, v._limit(c, 500, 1000), from_id=lo, start=start, end=end)
    return [{"a": t.id, "p": px(k, t.price), "q": qty(k, t.qty), "f": t.id, "l": t.id, "T": t.time,
             "m": t.buyer_maker} for t in picked]


def _klines(c: Call, k: Contract, volumes: bool) -> list[list[Any]]:
    """Candles of the tape; `volumes` False gives the mark/index shape (volumes "0", column 8 the count)."""
    interval = c.need("interval")
    if interval not in v.INTERVALS or interval == "1s":
        raise ApiError(-1120, "Invalid interval.")
    out: list[list[Any]] = []
    for kl in c.ex.tapes.klines(k.symbol, interval, c.int("startTime"), c.int("endTime"), v._limit(c, 500, 1500),
                                c.ex.clock.now_ms()):
        w = kl.stats
        row: list[Any] = [kl.open_time, px(k, w.open), px(k, w.high), px(k, w.low), px(k, w.close)]
        if volumes:
            row += [qty(k, w.volume), kl.close_time, f"{w.quote:f}", w.count, qty(k, kl.taker_volume),
                    f"{kl.taker_quote:f}", "0"]
        else:
            row += ["0", kl.close_time, "0", w.count, "0", "0", "0"]
        out.append(row)
    return out


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
        rate, due = c.ex.tapes.market.funding_rate(k.symbol, next_funding(now)), next_funding(now)
        replay = c.ex.futures_replay
        recorded = replay.mark(k.symbol, now) if replay is not None and k.symbol in replay else None
        if recorded is not None:  # the recorded mark channel (`freplay`)
            mark, index = recorded[0] or mark, recorded[1] or recorded[0] or index
            rate, due = recorded[2] if recorded[2] is not None else rate, recorded[3] or due
        rows.append({"symbol": k.symbol, "markPrice": f"{mark:.8f}", "indexPrice": f"{index:.8f}",
                     "estimatedSettlePrice": f"{mark:.8f}", "lastFundingRate": f"{rate:.8f}",
                     "interestRate": "0.00010000", "nextFundingTime": due, "time": now})
    return _one_or_all(c, rows)


def funding_rate(c: Call) -> Any:
    """The rates settled at the funding times the market has seen (since its history began), ascending: the
    first `limit` from startTime, else the last `limit` up to endTime (now)."""
    contracts = [_contract(c)] if c.get("symbol") is not None else list(CONTRACTS.values())
    n, now = v._limit(c, 100, 1000), c.ex.clock.now_ms()
    market = c.ex.tapes.market
    start, end = c.int("startTime"), min(c.int("endTime") or now, now)
    rows = [{"symbol": k.symbol, "fundingRate": f"{market.funding_rate(k.symbol, at):.8f}", "fundingTime": at,
             "markPrice": f"{market.last_price(k.symbol, at):.8f}"}
            for at in market.funding_times(start or 0, end) for k in contracts]
    return rows[:n] if start is not None else rows[-n:]


def funding_info(c: Call) -> Any:
    return [{"symbol": k.symbol, "adjustedFundingRateCap": "0.02000000", "adjustedFundingRateFloor": "-0.02000000",
             "fundingIntervalHours": FUNDING_HOURS, "disclaimer": False} for k in CONTRACTS.values()]


def ticker_24h(c: Call) -> Any:
    now, rows = c.ex.clock.now_ms(), []
    for k in _contracts(c):
        w = c.ex.tapes.window(k.symbol, now - 86_400_000 + 1, now)
        rows.append({"symbol": k.symbol, "priceChange": px(k, w.close - w.open),
                     "priceChangePercent": f"{(w.close - w.open) / w.open * 100 if w.open else D(0):.3f}",
                     "weightedAvgPrice": px(k, w.quote / w.volume if w.volume else w.close),
                     "lastPrice": px(k, w.close), "lastQty": qty(k, w.last_qty), "openPrice": px(k, w.open),
                     "highPrice": px(k, w.high), "lowPrice": px(k, w.low), "volume": qty(k, w.volume),
                     "quoteVolume": f"{w.quote:.2f}", "openTime": now - 86_400_000, "closeTime": now,
                     "firstId": w.first_id, "lastId": w.last_id, "count": w.count})
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
    longs = sum((p.amt for (_, s, _), p in c.ex.futures.positions.items() if s == k.symbol and p.amt > 0), D(0))
    shorts = -sum((p.amt for (_, s, _), p in c.ex.futures.positions.items() if s == k.symbol and p.amt < 0), D(0))
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
