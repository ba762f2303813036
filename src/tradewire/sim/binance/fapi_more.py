"""USD-M futures account extras: trading-rule indicators, BNB fee burn, the asynchronous history downloads,
the order rate limits, the convert service, ADL quantiles, the portfolio-margin and TradFi calls, order
modification (PUT order and batchOrders, with its amendment history) and the test order.

State the engine does not keep lives in `Extras`, one per exchange. Shapes follow
developers.binance.com/docs/derivatives/usds-margined-futures (account/rest-api, convert, trade/rest-api)
and binance-usdm-endpoints.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradewire.sim.binance.exchange import BinanceExchange
from tradewire.sim.binance.fapi import ALGO_TYPES, order_json
from tradewire.sim.binance.fapi_data import CONVERT_ASSETS
from tradewire.sim.binance.fapi_market import FAPI_LIMITS, _contract, px, qty
from tradewire.sim.binance.futures import CONTRACTS, WALLET, FOrder, Position
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.ledger import InsufficientBalance

D = Decimal
DOWNLOAD_MS = 10_000  # how long the simulated clock takes to prepare a download
LINK_TTL_MS = 7 * 86_400_000  # "Download link expiration: 7 days"
YEAR_MS = 365 * 86_400_000
QUOTE_MS = 10_000  # validTime "10s, default 10s"
CONVERT_DESK = "binance-convert"  # the counterparty of every convert, with an inventory of every asset
DESK_STOCK = D(10) ** 12
MAX_MODIFY = 10_000  # "One order can only be modified for less than 10000 times"
Q8 = D("0.00000001")


@dataclass
class Quote:
    id: str
    uid: str
    from_asset: str
    to_asset: str
    from_amount: Decimal
    to_amount: Decimal
    ratio: Decimal
    valid_until: int
    order_id: str | None = None
    create_time: int = 0


@dataclass
class Extras:
    """What these calls remember: fee burn flags, downloads, quotes, amendments."""

    fee_burn: dict[str, bool] = field(default_factory=dict)
    downloads: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (uid, ready at)
    quotes: dict[str, Quote] = field(default_factory=dict)
    amendments: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0

    def next_id(self) -> str:
        self.seq += 1
        return str(7_000_000_000 + self.seq)


def extras(ex: BinanceExchange) -> Extras:
    """The exchange's `Extras`, made on first use; kept in the exchange's own attributes so that a snapshot
    of the simulator (sim/persist.py pickles the exchange) carries quotes, downloads and amendments along."""
    found = vars(ex).get("fapi_extras")
    if not isinstance(found, Extras):
        found = vars(ex)["fapi_extras"] = Extras()
    return found


def _flag(c: Call, name: str) -> bool:
    value = c.need(name)
    if value not in ("true", "false"):
        raise ApiError(-1130, f"Data sent for parameter '{name}' is not valid.")
    return value == "true"


def api_trading_status(c: Call) -> Any:
    """No trading-rule indicator is triggered in the simulator; a symbol asked for must exist."""
    if c.get("symbol") is not None:
        _contract(c)
    return {"indicators": {}, "updateTime": c.ex.clock.now_ms()}


def get_fee_burn(c: Call) -> Any:
    return {"feeBurn": extras(c.ex).fee_burn.get(c.uid, False)}


def set_fee_burn(c: Call) -> Any:
    extras(c.ex).fee_burn[c.uid] = _flag(c, "feeBurn")
    return {"code": 200, "msg": "success"}


# --- asynchronous downloads ----------------------------------------------------------------------

def new_download(c: Call) -> Any:
    """A download id; its link is ready DOWNLOAD_MS later on the simulated clock. The range is at most a year."""
    start, end = c.int("startTime"), c.int("endTime")
    c.need("startTime")
    c.need("endTime")
    assert start is not None and end is not None
    if end < start or end - start > YEAR_MS:
        raise ApiError(-1127, "More than 365 days between startTime and endTime.")
    x = extras(c.ex)
    did = x.next_id()
    x.downloads[did] = (c.uid, c.ex.clock.now_ms() + DOWNLOAD_MS)
    return {"avgCostTimestampOfLast30d": DOWNLOAD_MS, "downloadId": did}


def download_link(c: Call) -> Any:
    did = c.need("downloadId")
    found = extras(c.ex).downloads.get(did)
    if found is None or found[0] != c.uid:
        raise ApiError(-1130, "Data sent for parameter 'downloadId' is not valid.")
    ready, now = found[1], c.ex.clock.now_ms()
    if now < ready:
        return {"downloadId": did, "status": "processing", "url": "", "notified": False,
                "expirationTimestamp": -1, "isExpired": None}
    return {"downloadId": did, "status": "completed", "url": f"https://sim.invalid/fapi/download/{did}.csv",
            "notified": True, "expirationTimestamp": ready + LINK_TTL_MS, "isExpired": now >= ready + LINK_TTL_MS}


def order_rate_limit(c: Call) -> Any:
    return [row for row in FAPI_LIMITS if row["rateLimitType"] == "ORDERS"]


# --- convert -------------------------------------------------------------------------------------

def _rate(c: Call, asset: str) -> Decimal:
    """The USDT price of `asset`: the last price of its contract."""
    if asset == "USDT":
        return D(1)
    if asset not in CONVERT_ASSETS:
        raise ApiError(-1121, "Invalid symbol.")
    return c.ex.futures.contract_price(CONVERT_ASSETS[asset])


def get_quote(c: Call) -> Any:
    """A quote valid `validTime` (10s) on the simulated clock; a quoteId only when the wallet can pay it."""
    src, dst = c.need("fromAsset"), c.need("toAsset")
    if src == dst or "USDT" not in (src, dst):
        raise ApiError(-1121, "Invalid symbol.")
    if (c.get("validTime") or "10s") != "10s":
        raise ApiError(-1130, "Data sent for parameter 'validTime' is not valid.")
    fa, ta = c.dec("fromAmount"), c.dec("toAmount")
    if (fa is None) == (ta is None):
        raise ApiError(-1102, "Param 'fromAmount' or 'toAmount' must be sent, but not both.")
    ratio = (_rate(c, src) / _rate(c, dst)).quantize(Q8)
    if not ratio:
        raise ApiError(-2010, "No orders on book for symbol.")
    if fa is not None:
        ta = (fa * ratio).quantize(Q8, "ROUND_DOWN")
    else:
        assert ta is not None
        fa = (ta / ratio).quantize(Q8, "ROUND_UP")
    if not fa or not ta:
        raise ApiError(-1013, "Amount is too small.")
    now = c.ex.clock.now_ms()
    out = {"ratio": f"{ratio:f}", "inverseRatio": f"{(1 / ratio).quantize(Q8):f}", "validTimestamp": now + QUOTE_MS,
           "toAmount": f"{ta:f}", "fromAmount": f"{fa:f}"}
    if c.ex.ledger.balance(c.uid, WALLET, src) >= fa:
        x = extras(c.ex)
        q = Quote(x.next_id(), c.uid, src, dst, fa, ta, ratio, now + QUOTE_MS)
        x.quotes[q.id] = q
        out = {"quoteId": q.id, **out}
    return out


def accept_quote(c: Call) -> Any:
    """Moves the futures wallet once: fromAsset to the convert desk, toAsset back. A quote accepted twice,
    or after its validTimestamp, is refused (the convert service's TIME_OUT code, 345231)."""
    q = extras(c.ex).quotes.get(c.need("quoteId"))
    if q is None or q.uid != c.uid:
        raise ApiError(-1130, "Data sent for parameter 'quoteId' is not valid.")
    now = c.ex.clock.now_ms()
    if q.order_id is not None or now > q.valid_until:
        raise ApiError(345231, "System failed to execute the quote, which has expired. Please request for quote "
                               "again.")
    ledger = c.ex.ledger
    if ledger.balance(CONVERT_DESK, WALLET, q.to_asset) < q.to_amount:
        ledger.seed(CONVERT_DESK, WALLET, q.to_asset, ledger.balance(CONVERT_DESK, WALLET, q.to_asset) + DESK_STOCK)
    try:
        ledger.move((c.uid, WALLET), (CONVERT_DESK, WALLET), q.from_asset, q.from_amount, available=None,
                    reason="convert", time=now)
    except InsufficientBalance:
        raise ApiError(-2019, "Margin is insufficient.") from None
    ledger.move((CONVERT_DESK, WALLET), (c.uid, WALLET), q.to_asset, q.to_amount, available=None,
                reason="convert", time=now)
    q.order_id, q.create_time = extras(c.ex).next_id(), now
    return {"orderId": q.order_id, "createTime": now, "orderStatus": "PROCESS"}


def convert_status(c: Call) -> Any:
    oid, qid = c.get("orderId"), c.get("quoteId")
    if oid is None and qid is None:
        raise ApiError(-1102, "Param 'orderId' or 'quoteId' must be sent, but both were empty/null!")
    for q in extras(c.ex).quotes.values():
        if q.uid == c.uid and q.order_id is not None and (q.order_id == oid or q.id == qid):
            return {"orderId": int(q.order_id), "orderStatus": "SUCCESS", "fromAsset": q.from_asset,
                    "fromAmount": f"{q.from_amount:f}", "toAsset": q.to_asset, "toAmount": f"{q.to_amount:f}",
                    "ratio": f"{q.ratio:f}", "inverseRatio": f"{(1 / q.ratio).quantize(Q8):f}",
                    "createTime": q.create_time}
    raise ApiError(-2013, "Order does not exist.")


# --- risk and other accounts ---------------------------------------------------------------------

def _adl_score(mark: Decimal, legs: list[Position]) -> Decimal:
    """The ranking score of one or more positions: unrealized profit over their cost at entry."""
    cost = sum((abs(p.amt) * p.entry for p in legs), D(0))
    return sum(((mark - p.entry) * p.amt for p in legs), D(0)) / cost if cost else D(0)


def _adl_rank(mine: Decimal, scores: list[Decimal]) -> int:
    """The quantile (1-4) of `mine` among `scores` (which hold it): 4 = the most profitable, first reduced."""
    below = sum(1 for x in scores if x <= mine)
    return max(1, min(4, -(-below * 4 // len(scores))))  # ceil(4 * rank)


def adl_quantile(c: Call) -> Any:
    """Per held symbol, the user's place (0-4, 0 without a position) in the ADL queue of each side: the rank of the
    position's unrealized profit ratio among every position on the same side of the symbol. Per the docs
    (developers.binance.com .../trade/rest-api/Position-ADL-Quantile-Estimation): one-way mode, or hedge mode
    isolated, returns LONG, SHORT and BOTH, each side its own position's value (one-way: BOTH and the side the
    position is on); hedge mode crossed returns HEDGE (a sign, 0) instead of BOTH, and when both sides are held
    one value for LONG and SHORT, ranked on the two sides' unrealized profit together among every position."""
    f, st = c.ex.futures, c.ex.fstate
    symbols = [_contract(c).symbol] if c.get("symbol") is not None else sorted(CONTRACTS)
    dual = st.dual.get(c.uid, False)
    rows = []
    for s in symbols:
        held = dict(f.held(c.uid, s))
        if not held:
            continue
        mark = f.mark(s)
        others = [p for (u, sym, _), p in f.positions.items() if sym == s and p.amt and u != c.uid]

        def rank(legs: list[Position], mark: Decimal = mark, others: list[Position] = others) -> int:
            """The quantile of `legs`, scored as one, among the others' positions on its side (both legs: all)."""
            peers = [p for p in others if len(legs) > 1 or p.amt * legs[0].amt > 0]
            mine = _adl_score(mark, legs)
            return _adl_rank(mine, [*(_adl_score(mark, [p]) for p in peers), mine])

        if not dual:  # the docs' example annotates LONG/SHORT as hedge mode's; one-way fills its own side too
            q = rank([held["BOTH"]])
            rows.append({"symbol": s, "adlQuantile": {"LONG": q if held["BOTH"].amt > 0 else 0,
                                                      "SHORT": q if held["BOTH"].amt < 0 else 0, "BOTH": q}})
        elif st.isolated(c.uid, s) or len(held) == 1:
            out = {ps: rank([held[ps]]) if ps in held else 0 for ps in ("LONG", "SHORT")}
            rows.append({"symbol": s, "adlQuantile": {**out, "HEDGE" if not st.isolated(c.uid, s) else "BOTH": 0}})
        else:
            q = rank([held["LONG"], held["SHORT"]])
            rows.append({"symbol": s, "adlQuantile": {"LONG": q, "SHORT": q, "HEDGE": 0}})
    return rows


def pm_account_info(c: Call) -> Any:
    """Classic portfolio margin figures; the simulated account is not one, so the wallet's own balance."""
    asset = c.need("asset")
    amount = c.ex.futures.available(c.uid) if asset == "USDT" else c.ex.ledger.balance(c.uid, WALLET, asset)
    return {"maxWithdrawAmountUSD": f"{amount * _usd(c, asset):.8f}", "asset": asset,
            "maxWithdrawAmount": f"{amount:.8f}"}


def _usd(c: Call, asset: str) -> Decimal:
    try:
        return _rate(c, asset)
    except ApiError:
        return D(0)


def sign_tradfi(c: Call) -> Any:
    return {"code": 200, "msg": "success"}


# --- modify, test ------------------------------------------------------------------------------

def _amend(c: Call) -> dict[str, Any]:
    """Modify one LIMIT order in place (PUT /fapi/v1/order): new price and quantity, same id."""
    symbol = _contract(c).symbol
    oid, cid = c.int("orderId"), c.get("origClientOrderId")
    if oid is None and cid is None:
        raise ApiError(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!")
    side = c.need("side")
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    new_qty = c.dec("quantity")
    price, match = c.dec("price"), c.get("priceMatch")
    if new_qty is None:
        c.need("quantity")
    if price is None and match is None:
        c.need("price")
    o: FOrder = c.ex.futures.find(c.uid, symbol, oid, cid)
    if o.status not in ("NEW", "PARTIALLY_FILLED"):
        raise ApiError(-2013, "Order does not exist.")
    if o.type != "LIMIT":
        raise ApiError(-5025, "Only limit order is supported.")
    if side != o.side:
        raise ApiError(-1117, "Invalid side.")
    if match is not None:
        price = c.ex.futures.match_price(symbol, side, match)
    assert new_qty is not None and price is not None
    k = CONTRACTS[symbol]
    if new_qty % k.step or price % k.tick:
        raise ApiError(-1111, "Precision is over the maximum defined for this asset.")
    if new_qty == o.qty and price == o.price:
        raise ApiError(-5027, "No need to modify the order.")
    x = extras(c.ex)
    count = sum(1 for a in x.amendments if a["orderId"] == o.id) + 1
    if count >= MAX_MODIFY:
        raise ApiError(-5026, "Exceed maximum modify order limit.")
    now = c.ex.clock.now_ms()
    x.amendments.append({"amendmentId": len(x.amendments) + 1, "symbol": symbol, "pair": symbol, "orderId": o.id,
                         "clientOrderId": o.client_id, "time": now,
                         "amendment": {"price": {"before": px(k, o.price), "after": px(k, price)},
                                       "origQty": {"before": qty(k, o.qty), "after": qty(k, new_qty)},
                                       "count": count}})
    if new_qty <= o.executed:  # "the order will be cancelled by the amendment"
        return order_json(c.ex.futures.cancel(c.uid, symbol, o.id, None, now))
    c.ex.futures.amend(o, new_qty, price, now)  # the user stream's ORDER_TRADE_UPDATE, execution type AMENDMENT
    return order_json(o)


def modify_order(c: Call) -> Any:
    return _amend(c)


def modify_batch(c: Call) -> Any:
    """Up to 5 modifications; a refused one answers {code, msg} in its place."""
    try:
        items = json.loads(c.need("batchOrders"))
    except ValueError:
        raise ApiError(-1130, "Data sent for parameter 'batchOrders' is not valid.") from None
    if not isinstance(items, list) or not 1 <= len(items) <= 5:
        raise ApiError(-1130, "Data sent for parameter 'batchOrders' is not valid.")
    out: list[Any] = []
    for item in items:
        if not isinstance(item, dict):
            raise ApiError(-1130, "Data sent for parameter 'batchOrders' is not valid.")
        params = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in item.items()}
        try:
            out.append(_amend(Call(params, c.user, c.ex)))
        except ApiError as e:
            out.append({"code": e.code, "msg": e.msg})
    return out


def amendments(c: Call) -> Any:
    symbol = _contract(c).symbol
    oid, cid = c.int("orderId"), c.get("origClientOrderId")
    if oid is None and cid is None:
        raise ApiError(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!")
    o = c.ex.futures.find(c.uid, symbol, oid, cid)
    start, end, n = c.int("startTime"), c.int("endTime"), c.int("limit") or 50
    if not 1 <= n <= 100:
        raise ApiError(-1130, "Illegal characters found in parameter 'limit'; legal range is '1' to '100'.")
    rows = [a for a in extras(c.ex).amendments if a["orderId"] == o.id and (start is None or a["time"] >= start)
            and (end is None or a["time"] <= end)]
    return rows[:n]


def test_order(c: Call) -> Any:
    """The new-order rules without placing anything; answers `{}` (the docs' page shows no other answer)."""
    k = _contract(c)
    if c.need("side") not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    kind = c.need("type")
    if kind not in ("LIMIT", "MARKET", *ALGO_TYPES):
        raise ApiError(-1116, "Invalid orderType.")
    if kind == "LIMIT":
        c.need("timeInForce")
        if c.get("priceMatch") is None:
            c.need("price")
    if c.get("closePosition") != "true":
        c.need("quantity")
    for name in ("quantity", "price", "stopPrice"):
        value = c.dec(name)
        step = k.step if name == "quantity" else k.tick
        if value is not None and value % step:
            raise ApiError(-1111, "Precision is over the maximum defined for this asset.")
    return {}


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/fapi/v1/apiTradingStatus"): ("SIGNED", 10, api_trading_status),
    ("GET", "/fapi/v1/feeBurn"): ("SIGNED", 30, get_fee_burn),
    ("POST", "/fapi/v1/feeBurn"): ("SIGNED", 1, set_fee_burn),
    ("GET", "/fapi/v1/order/asyn"): ("SIGNED", 1000, new_download),
    ("GET", "/fapi/v1/trade/asyn"): ("SIGNED", 1000, new_download),
    ("GET", "/fapi/v1/income/asyn"): ("SIGNED", 1000, new_download),
    ("GET", "/fapi/v1/order/asyn/id"): ("SIGNED", 10, download_link),
    ("GET", "/fapi/v1/trade/asyn/id"): ("SIGNED", 10, download_link),
    ("GET", "/fapi/v1/income/asyn/id"): ("SIGNED", 10, download_link),
    ("GET", "/fapi/v1/rateLimit/order"): ("SIGNED", 1, order_rate_limit),
    ("POST", "/fapi/v1/convert/getQuote"): ("SIGNED", 50, get_quote),
    ("POST", "/fapi/v1/convert/acceptQuote"): ("SIGNED", 200, accept_quote),
    ("GET", "/fapi/v1/convert/orderStatus"): ("SIGNED", 50, convert_status),
    ("GET", "/fapi/v1/adlQuantile"): ("SIGNED", 5, adl_quantile),
    ("GET", "/fapi/v1/pmAccountInfo"): ("SIGNED", 5, pm_account_info),
    ("POST", "/fapi/v1/stock/contract"): ("SIGNED", 50, sign_tradfi),
    ("PUT", "/fapi/v1/order"): ("SIGNED", 1, modify_order, 1),
    ("PUT", "/fapi/v1/batchOrders"): ("SIGNED", 5, modify_batch, 5),
    ("GET", "/fapi/v1/orderAmendment"): ("SIGNED", 1, amendments),
    ("POST", "/fapi/v1/order/test"): ("SIGNED", 1, test_order),
}
