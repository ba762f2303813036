"""USD-M futures market and analytics data beyond the book: index views (assetIndex, indexInfo, constituents),
ADL risk, insurance fund, RPI depth, the trading schedule, the convert pairs, and the `/futures/data/*` series
(basis, open interest history, long/short ratios, taker volume) with premium-index candles.

Every series is computed from the simulator's own tape, so it is deterministic: taker volumes and basis from the
public trades of the futures book, open interest and long/short figures from the users' fills replayed up to
the end of each period. The simulator has one book per contract whose last price is both the mark and the index,
so the basis and the premium are 0. Shapes: developers.binance.com/docs/derivatives/usds-margined-futures
(market-data/rest-api/*) and binance-usdm-endpoints.json.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.fapi_market import _contract, _contracts, _one_or_all, book, depth, px
from tradewire.sim.binance.futures import CONTRACTS, WALLET
from tradewire.sim.binance.wire import ApiError, Call

D = Decimal
PERIODS = {"5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000, "2h": 7_200_000,
           "4h": 14_400_000, "6h": 21_600_000, "12h": 43_200_000, "1d": 86_400_000}
CONTRACT_TYPES = ("PERPETUAL", "CURRENT_QUARTER", "NEXT_QUARTER")
MONTH_MS = 30 * 86_400_000  # "Only the data of the latest 30 days is available."
INSURANCE_UID = "binance-insurance"
#: the collateral the convert service quotes against USDT, and the contract whose price it uses
CONVERT_ASSETS = {"BTC": "BTCUSDT", "ETH": "ETHUSDT"}
BUFFER, AUTO_BUFFER = D("0.05"), D("0.025")
Q4, Q8 = D("0.0001"), D("0.00000001")


def _period(c: Call) -> int:
    p = c.need("period")
    if p not in PERIODS:
        raise ApiError(-1130, "Data sent for parameter 'period' is not valid.")
    return PERIODS[p]


def _buckets(c: Call, ms: int, first: int | None) -> list[int]:
    """The open times of the periods asked for (newest `limit`, default 30, at most 500), from the first
    event on the tape to now, within the last 30 days and startTime/endTime."""
    n, now = v._limit(c, 30, 500), c.ex.clock.now_ms()
    if first is None:
        return []
    start, end = c.int("startTime"), c.int("endTime")
    lo = max(first, now - MONTH_MS, start if start is not None else 0)
    hi = min(now, end if end is not None else now)
    if lo > hi:
        return []
    opens = list(range(lo - lo % ms, hi - hi % ms + 1, ms))
    return opens[:n] if start is not None and end is None else opens[-n:]


def _r(value: Decimal, q: Decimal = Q4) -> str:
    return f"{value.quantize(q):f}"


# --- series of the tape --------------------------------------------------------------------------

def _last_price(c: Call, symbol: str, before: int) -> Decimal | None:
    """The tape's last price before `before` and not after now (None before its first print): the period
    still open ends at the latest print, not at one the tape has yet to play."""
    tape = c.ex.tapes.tape(symbol)
    n = tape.count(min(before - 1, c.ex.clock.now_ms()))
    return tape.contract.price(tape.price(n - 1)) if n else None


def taker_ratio(c: Call) -> Any:
    """Taker buy and sell volume per period (`takerlongshortRatio`), from the tape's prints."""
    k, ms = _contract(c), _period(c)
    tape, now = c.ex.tapes.tape(k.symbol), c.ex.clock.now_ms()
    rows = []
    for t0 in _buckets(c, ms, tape.origin_ms):
        a, b = tape.first_at_or_after(t0), tape.count(min(t0 + ms - 1, now))
        if a >= b:
            continue
        total, buy = tape.stats(a, b)[4], tape.taker_buys(a, b)[0]
        buy_qty, sell_qty = tape.contract.qty(buy), tape.contract.qty(total - buy)
        rows.append({"buySellRatio": _r(buy_qty / sell_qty) if sell_qty else "0.0000", "buyVol": _r(buy_qty),
                     "sellVol": _r(sell_qty), "timestamp": t0})
    return rows


def basis(c: Call) -> Any:
    """Futures price against the index per period; the sim's index is its own book, so the basis is 0."""
    k, kind, ms = _contract(c, "pair"), c.need("contractType"), _period(c)
    if kind not in CONTRACT_TYPES:
        raise ApiError(-1130, "Data sent for parameter 'contractType' is not valid.")
    if kind != "PERPETUAL":  # only perpetuals are listed
        return []
    rows = []
    for t0 in _buckets(c, ms, c.ex.tapes.tape(k.symbol).origin_ms):
        last = _last_price(c, k.symbol, t0 + ms)
        if last is None:
            continue
        price = px(k, last)
        rows.append({"indexPrice": price, "contractType": kind, "basisRate": "0.0000", "futuresPrice": price,
                     "annualizedBasisRate": "", "basis": "0", "pair": k.symbol, "timestamp": t0 + ms - 1})
    return rows


def _positions_at(c: Call, symbol: str, when: int) -> dict[tuple[str, str], Decimal]:
    """Every user's net position per positionSide in `symbol` after the fills before `when`."""
    held: dict[tuple[str, str], Decimal] = {}
    for t in c.ex.fstate.trades:
        if t.order.symbol == symbol and t.time < when:
            signed = t.fill.qty if t.order.side == "BUY" else -t.fill.qty
            key = (t.order.uid, t.order.position_side)
            held[key] = held.get(key, D(0)) + signed
    return {u: a for u, a in held.items() if a}


def _fills_start(c: Call, symbol: str) -> int | None:
    return min((t.time for t in c.ex.fstate.trades if t.order.symbol == symbol), default=None)


def open_interest_hist(c: Call) -> Any:
    k, ms = _contract(c), _period(c)
    rows = []
    for t0 in _buckets(c, ms, _fills_start(c, k.symbol)):
        held = _positions_at(c, k.symbol, t0 + ms)
        oi = max(sum((a for a in held.values() if a > 0), D(0)), -sum((a for a in held.values() if a < 0), D(0)))
        last = _last_price(c, k.symbol, t0 + ms)
        value = oi * last if last is not None else D(0)
        rows.append({"symbol": k.symbol, "sumOpenInterest": f"{oi:.8f}", "sumOpenInterestValue": f"{value:.8f}",
                     "CMCCirculatingSupply": "0", "timestamp": t0 + ms})
    return rows


def _ratio_rows(c: Call, by_position: bool) -> list[dict[str, Any]]:
    """Long/short per period: accounts long against accounts short, or (by_position) contracts long against
    contracts short. Every account counts as a "top trader": the simulator has few."""
    k, ms = _contract(c), _period(c)
    rows = []
    for t0 in _buckets(c, ms, _fills_start(c, k.symbol)):
        held = _positions_at(c, k.symbol, t0 + ms)
        if by_position:
            long_ = sum((a for a in held.values() if a > 0), D(0))
            short = -sum((a for a in held.values() if a < 0), D(0))
        else:
            long_, short = D(sum(1 for a in held.values() if a > 0)), D(sum(1 for a in held.values() if a < 0))
        total = long_ + short
        if not total:
            continue
        rows.append({"symbol": k.symbol, "longShortRatio": _r(long_ / short) if short else "0.0000",
                     "longAccount": _r(long_ / total), "shortAccount": _r(short / total), "timestamp": t0 + ms})
    return rows


def global_account_ratio(c: Call) -> Any:
    return _ratio_rows(c, False)


def top_account_ratio(c: Call) -> Any:
    return _ratio_rows(c, False)


def top_position_ratio(c: Call) -> Any:
    return _ratio_rows(c, True)


def premium_index_klines(c: Call) -> Any:
    """Candles of the premium (mark against index): 0 in every period that traded, the count its trades."""
    k = _contract(c)
    interval = c.need("interval")
    if interval not in v.INTERVALS or interval == "1s":
        raise ApiError(-1120, "Invalid interval.")
    zero = "0.00000000"
    return [[kl.open_time, zero, zero, zero, zero, "0", kl.close_time, "0", kl.stats.count, "0", "0", "0"]
            for kl in c.ex.tapes.klines(k.symbol, interval, c.int("startTime"), c.int("endTime"),
                                        v._limit(c, 500, 1500), c.ex.clock.now_ms()) if kl.stats.count]


# --- index and risk views ------------------------------------------------------------------------

def symbol_adl_risk(c: Call) -> Any:
    """The rating: "low", unless the users' positions in the symbol are under water on the whole ("medium"), or
    by more than the insurance fund holds ("high"); computed from the ledger and the mark, not guessed."""
    now, fund = c.ex.clock.now_ms(), c.ex.ledger.balance(INSURANCE_UID, WALLET, "USDT")
    rows = []
    for k in _contracts(c):
        mark = c.ex.futures.mark(k.symbol)
        loss = -sum(((mark - p.entry) * p.amt for (_, s, _), p in c.ex.futures.positions.items() if s == k.symbol),
                    D(0))
        risk = "high" if loss > fund and loss > 0 else "medium" if loss > 0 else "low"
        rows.append({"symbol": k.symbol, "adlRisk": risk, "updateTime": now - now % 1_800_000})
    return _one_or_all(c, rows)


def insurance_balance(c: Call) -> Any:
    now = c.ex.clock.now_ms()
    fund = c.ex.ledger.balance(INSURANCE_UID, WALLET, "USDT")
    row = {"symbols": sorted(CONTRACTS), "assets": [{"asset": "USDT", "marginBalance": f"{fund:.8f}",
                                                      "updateTime": now}]}
    if c.get("symbol") is not None:
        _contract(c)
        return row
    return [row]


def asset_index(c: Call) -> Any:
    """The Multi-Assets collateral rates: index (the mark) with the buffers the docs show."""
    now, rows = c.ex.clock.now_ms(), []
    wanted = c.get("symbol")
    for k in CONTRACTS.values():
        name = f"{k.base}USD"
        if wanted not in (None, name):
            continue
        index = c.ex.futures.mark(k.symbol)
        rows.append({"symbol": name, "time": now, "index": f"{index:.8f}", "bidBuffer": f"{BUFFER:.8f}",
                     "askBuffer": f"{BUFFER:.8f}", "bidRate": f"{index * (1 - BUFFER):.8f}",
                     "askRate": f"{index * (1 + BUFFER):.8f}", "autoExchangeBidBuffer": f"{AUTO_BUFFER:.8f}",
                     "autoExchangeAskBuffer": f"{AUTO_BUFFER:.8f}",
                     "autoExchangeBidRate": f"{index * (1 - AUTO_BUFFER):.8f}",
                     "autoExchangeAskRate": f"{index * (1 + AUTO_BUFFER):.8f}"})
    if wanted is not None:
        if not rows:
            raise ApiError(-1121, "Invalid symbol.")
        return rows[0]
    return rows


def index_info(c: Call) -> Any:
    """Composite indices only; the simulator lists none."""
    if c.get("symbol") is not None:
        raise ApiError(-1121, "Invalid symbol.")
    return []


def constituents(c: Call) -> Any:
    """The index is the simulator's own book: one constituent, weight 1."""
    k = _contract(c)
    price = book(c, k.symbol).last_price or D(0)
    return {"symbol": k.symbol, "time": c.ex.clock.now_ms(),
            "constituents": [{"exchange": "binance", "symbol": k.symbol, "price": px(k, price),
                              "weight": "1.00000000"}]}


def delivery_price(c: Call) -> Any:
    """Delivery prices of quarterly contracts; only perpetuals are listed, so none."""
    _contract(c, "pair")
    return []


def rpi_depth(c: Call) -> Any:
    """The book with Retail Price Improvement orders; the simulator has none, so the plain book at 1000."""
    if c.get("limit") not in (None, "1000"):
        raise ApiError(-4021, "Invalid depth limit.")
    return depth(Call({**c.params, "limit": "1000"}, c.user, c.ex))


def trading_schedule(c: Call) -> Any:
    """Sessions of the TradFi perps' markets; the simulator lists no TradFi perp, so no market."""
    return {"updateTime": c.ex.clock.now_ms(), "marketSchedules": {}}


def convert_pairs(c: Call) -> Any:
    """The convert pairs (each collateral against USDT, both ways), filtered by fromAsset/toAsset."""
    rows = []
    for a, sym in CONVERT_ASSETS.items():
        k = CONTRACTS[sym]
        for f, t in ((a, "USDT"), ("USDT", a)):
            if c.get("fromAsset") in (None, f) and c.get("toAsset") in (None, t):
                lo_base, hi_base = f"{k.step * 10:f}", "50"
                rows.append({"fromAsset": f, "toAsset": t,
                             "fromAssetMinAmount": lo_base if f == a else "10",
                             "fromAssetMaxAmount": hi_base if f == a else "2500000",
                             "toAssetMinAmount": "10" if f == a else lo_base,
                             "toAssetMaxAmount": "2500000" if f == a else hi_base})
    return rows


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/futures/data/takerlongshortRatio"): ("NONE", 0, taker_ratio),
    ("GET", "/futures/data/basis"): ("NONE", 0, basis),
    ("GET", "/futures/data/openInterestHist"): ("NONE", 0, open_interest_hist),
    ("GET", "/futures/data/globalLongShortAccountRatio"): ("NONE", 0, global_account_ratio),
    ("GET", "/futures/data/topLongShortAccountRatio"): ("NONE", 0, top_account_ratio),
    ("GET", "/futures/data/topLongShortPositionRatio"): ("NONE", 0, top_position_ratio),
    ("GET", "/futures/data/delivery-price"): ("NONE", 0, delivery_price),
    ("GET", "/fapi/v1/premiumIndexKlines"): ("NONE", 1, premium_index_klines),
    ("GET", "/fapi/v1/symbolAdlRisk"): ("NONE", 1, symbol_adl_risk),
    ("GET", "/fapi/v1/insuranceBalance"): ("NONE", 1, insurance_balance),
    ("GET", "/fapi/v1/assetIndex"): ("NONE", v.weight_by_symbol(1, 10), asset_index),
    ("GET", "/fapi/v1/indexInfo"): ("NONE", 1, index_info),
    ("GET", "/fapi/v1/constituents"): ("NONE", 2, constituents),
    ("GET", "/fapi/v1/rpiDepth"): ("NONE", 20, rpi_depth),
    ("GET", "/fapi/v1/tradingSchedule"): ("NONE", 5, trading_schedule),
    ("GET", "/fapi/v1/convert/exchangeInfo"): ("NONE", 20, convert_pairs),
}
