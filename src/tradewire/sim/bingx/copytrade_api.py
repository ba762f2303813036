"""BingX copy trading as the trader sees it (references copytrade-swap, copytrade-spot), over the user's real
accounts: the trader's copy orders are their open perpetual positions (the id is the position id), closing and
TP/SL act on them through `PerpEngine`, and the profit figures come from the closed positions
(`position_history`); on spot, a copy order is a BUY the trader sells back whole (`sellOrder`). The simulator
has no followers: follower counts and copied amounts are 0.

Errors: 80001 copy order not found, 80002 already closed / sold, 80003 TP/SL price not above 0, 80004 commission
out of range (the references' tables)."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.accounts import Position
from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import position_views
from tradewire.sim.bingx.position_history import PositionRecord, records
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.swap_extras import extras
from tradewire.sim.bingx.trading import SPOT_ID_BASE, Trading, settled, swap_symbol, trading
from tradewire.sim.engine import Order, Reject
from tradewire.sim.jsonenc import Json

NOT_FOUND, CLOSED, BAD_PRICE, BAD_COMMISSION = 80001, 80002, 80003, 80004
#: the simulator's trader level is Silver: a commission above 10% and at most 16% (copytrade-swap §7)
COMMISSION_LOW, COMMISSION_HIGH = Decimal("0.10"), Decimal("0.16")
ZERO = Decimal(0)
DAY = 86_400_000


def _sweep(call: Call) -> Trading:
    t = settled(call.state, call.now)
    t.perp.sweep(call.now)
    return t


def _page(call: Call, rows: list[Json]) -> Json:
    index = call.params.integer("pageIndex", low=1)
    size = call.params.integer("pageSize", low=1, high=100)
    if index is None or size is None:
        raise call.params.fail("pageIndex and pageSize are required")
    return {"total": len(rows), "list": rows[(index - 1) * size:index * size]}


def _rate(profit: Decimal, base: Decimal) -> str:
    return fmt((profit / base).quantize(Decimal("0.0001"))) if base else "0"


# --- swap ------------------------------------------------------------------------------------


def current_track(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/swap/trace/currentTrack: the open positions of `symbol`."""
    _sweep(call)
    symbol = swap_symbol(call)
    offset = call.params.integer("offset", default=0, low=0) or 0
    limit = call.params.integer("limit", low=1, high=1000)
    s = call.state
    rows: list[Json] = []
    for v in position_views(s.ledger, s.book, s.market, call.uid, call.now):
        p = v.position
        if p.symbol != symbol:
            continue
        rows.append({"orderId": p.position_id, "symbol": p.symbol, "side": "BUY" if p.side == "LONG" else "SELL",
                     "positionSide": p.side, "type": "MARKET", "origQty": fmt(p.amount), "executedQty": fmt(p.amount),
                     "price": "0", "avgPrice": fmt(p.avg_price), "leverage": p.leverage,
                     "unrealizedProfit": fmt(v.unrealized.quantize(Decimal("0.0001"))),
                     "marginType": "ISOLATED" if p.isolated else "CROSSED", "createTime": p.open_time,
                     "updateTime": call.now})
    end = None if limit is None else offset + limit
    return ok({"total": len(rows), "list": rows[offset:end]})


def _position(call: Call) -> tuple[str, Position]:
    raw = call.params.require("positionId")
    pos = next((p for p in call.state.book.positions.get(call.uid, []) if p.position_id == raw), None)
    if pos is None:
        if any(r.position_id == raw for r in records(call.state, call.uid)):
            raise ApiError(CLOSED, "the copy trade order is already closed")
        raise ApiError(NOT_FOUND, "copy trade order not found")
    return raw, pos


def close_track_order(call: Call) -> Reply:
    """POST /openApi/copyTrading/v1/swap/trace/closeTrackOrder: the position closes at market."""
    t = _sweep(call)
    _, pos = _position(call)
    order = t.perp.close_position(pos, call.uid, call.now)
    return ok({"orderId": order.id, "symbol": order.symbol, "side": order.side, "type": order.type,
               "origQty": fmt(order.qty), "executedQty": fmt(order.executed), "avgPrice": fmt(order.avg_price),
               "realizedProfit": fmt(order.profit), "status": order.status, "createTime": order.time,
               "updateTime": order.update_time})


def set_tpsl(call: Call) -> Reply:
    """POST /openApi/copyTrading/v1/swap/trace/setTPSL: a TAKE_PROFIT_MARKET and a STOP_MARKET order closing
    the whole position at those mark prices (earlier ones set here are cancelled)."""
    t = _sweep(call)
    position_id, pos = _position(call)
    prices = []
    for name in ("takeProfitMarkPrice", "stopLossMarkPrice"):
        raw = call.params.require(name)
        try:
            value = Decimal(raw)
        except ArithmeticError:
            raise call.params.fail(f"{name} must be a number") from None
        if not value.is_finite() or value <= 0:
            raise ApiError(BAD_PRICE, f"{name} must be greater than 0")
        prices.append(value)
    perp, uid = t.perp, call.uid
    symbol, side, amount = pos.symbol, pos.side, pos.amount
    key = (uid, position_id)
    for old in extras(call.state).tpsl.pop(key, ()):
        if perp.orders[old].status in ("NEW", "PARTIALLY_FILLED"):
            perp.cancel(uid, symbol, old, None, call.now)
    close = "SELL" if side == "LONG" else "BUY"
    hedge = perp.hedge.get(uid, True)
    ids = tuple(perp.place(uid, symbol, close, side if hedge else "BOTH", kind, amount, None, price, "GTC", "",
                           not hedge, "MARK_PRICE", None, call.now).id
                for kind, price in (("TAKE_PROFIT_MARKET", prices[0]), ("STOP_MARKET", prices[1])))
    extras(call.state).tpsl[key] = (ids[0], ids[1])
    return ok({"orderId": position_id, "symbol": symbol, "takeProfit": fmt(prices[0]), "stopLoss": fmt(prices[1]),
               "updateTime": call.now})


def _closed(call: Call, start: int | None = None, end: int | None = None) -> list[PositionRecord]:
    return [r for r in records(call.state, call.uid) if r.close_time is not None
            and (start is None or r.close_time >= start) and (end is None or r.close_time <= end)]


def _margin(r: PositionRecord) -> Decimal:
    return r.open_cost / r.leverage


def _summary(profits: list[tuple[Decimal, Decimal]]) -> dict[str, Json]:
    """Totals of (profit, margin) pairs."""
    gain = sum((p for p, _ in profits if p > 0), ZERO)
    loss = -sum((p for p, _ in profits if p < 0), ZERO)
    wins = sum(1 for p, _ in profits if p > 0)
    margin = sum((m for _, m in profits), ZERO)
    return {"totalProfit": fmt(gain), "totalLoss": fmt(loss), "netProfit": fmt(gain - loss),
            "profitRate": _rate(gain - loss, margin), "totalOrders": len(profits), "winOrders": wins,
            "winRate": _rate(Decimal(wins), Decimal(len(profits)))}


def swap_trader_detail(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/PFutures/traderDetail: totals over the closed positions (`daySize`: the
    last 7, 30, 90 or 180 days)."""
    _sweep(call)
    days = call.params.enum("daySize", ("7", "30", "90", "180"))
    rows = _closed(call, call.now - int(days) * DAY if days else None)
    profits = [(r.pnl + r.fee, _margin(r)) for r in rows]
    totals = _summary(profits)
    net = sum((p for p, _ in profits), ZERO)
    return ok({"totalProfit": fmt(net), "totalOrders": len(rows), "winOrders": totals["winOrders"],
               "lossOrders": sum(1 for p, _ in profits if p < 0), "winRate": totals["winRate"],
               "totalFollowers": 0, "totalCopyAmount": "0",
               "avgProfitRate": _rate(sum((p / m for p, m in profits if m), ZERO), Decimal(len(profits))),
               "totalProfitRate": totals["profitRate"], "createTime": call.state.market.start_ms})


def swap_profit_summary(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/PFutures/profitHistorySummarys: totals of the positions closed in
    [startTime, endTime] (default: the last 30 days)."""
    _sweep(call)
    start, end = call.params.time_range()
    end = call.now if end is None else end
    start = end - 30 * DAY if start is None else start
    totals = _summary([(r.pnl + r.fee, _margin(r)) for r in _closed(call, start, end)])
    return ok({**totals, "startTime": start, "endTime": end})


def swap_profit_detail(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/PFutures/profitDetail: each closed position, newest first, paged."""
    _sweep(call)
    start, end = call.params.time_range()
    rows: list[Json] = [
        {"orderId": r.position_id, "symbol": r.symbol, "side": "BUY" if r.side == "LONG" else "SELL",
         "positionSide": r.side, "openPrice": fmt(r.avg_price.normalize()),
         "closePrice": fmt(r.avg_close_price.normalize()), "qty": fmt(r.opened), "leverage": r.leverage,
         "profit": fmt(r.pnl + r.fee), "profitRate": _rate(r.pnl + r.fee, _margin(r)), "commission": fmt(r.fee),
         "openTime": r.open_time, "closeTime": r.close_time}
        for r in reversed(_closed(call, start, end))]
    return ok(_page(call, rows))


def set_commission(call: Call) -> Reply:
    """POST /openApi/copyTrading/v1/PFutures/setCommission: a rate above 10%, at most the level's 16%."""
    raw = call.params.require("newCommission")
    try:
        rate = Decimal(raw)
    except ArithmeticError:
        raise call.params.fail("newCommission must be a number") from None
    if not rate.is_finite() or not COMMISSION_LOW < rate <= COMMISSION_HIGH:
        raise ApiError(BAD_COMMISSION, "the commission rate must be above 0.10 and at most 0.16")
    extras(call.state).commission[call.uid] = rate
    return ok({"commissionRate": fmt(rate), "updateTime": call.now})


def trading_pairs(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/PFutures/tradingPairs: the perpetual contracts (PFUTURES; the simulator
    has no standard contracts to copy, so SFUTURES lists none)."""
    kind = call.params.enum("contractType", ("SFUTURES", "PFUTURES"), required=True)
    rows: list[Json] = []
    if kind == "PFUTURES":
        for c in call.state.market.contracts.values():
            base, _, quote = c.symbol.partition("-")
            rows.append({"symbol": c.symbol, "status": "TRADING", "baseAsset": base, "quoteAsset": quote,
                         "pricePrecision": -c.tick.as_tuple().exponent,  # type: ignore[operator]
                         "quantityPrecision": -c.step.as_tuple().exponent,  # type: ignore[operator]
                         "maxLeverage": c.max_leverage})
    return ok({"list": rows})


# --- spot ------------------------------------------------------------------------------------


def _spot_orders(call: Call, t: Trading) -> list[Order]:
    return [o for o in t.spot.orders.values() if o.uid == call.uid]


def _spot_profit(t: Trading, buy: Order, sell: Order) -> tuple[Decimal, Decimal]:
    """(profit, commission in USDT) of a buy sold back: proceeds less cost, the buy's base fee at its price."""
    avg = buy.cum_quote / buy.executed
    fees = sum((f.commission for f in sell.fills), ZERO) + sum((f.commission * avg for f in buy.fills), ZERO)
    return sell.cum_quote - avg * sell.executed - fees, fees


def sell_order(call: Call) -> Reply:
    """POST /openApi/copyTrading/v1/spot/trader/sellOrder: sells what a BUY order bought, at market."""
    t = trading(call.state)
    raw = call.params.require("orderId")
    buy = t.spot.orders.get(int(raw) - SPOT_ID_BASE) if raw.isdigit() else None
    if buy is None or buy.uid != call.uid or buy.side != "BUY" or not buy.executed:
        raise ApiError(NOT_FOUND, "copy trade order not found")
    sells = extras(call.state).spot_sells
    if (call.uid, raw) in sells:
        raise ApiError(CLOSED, "the order is already sold")
    qty = buy.executed - sum((f.commission for f in buy.fills if f.commission_asset != "USDT"), ZERO)
    try:
        sell = t.spot.place(call.uid, buy.symbol, "SELL", "MARKET", qty)
    except Reject as e:
        raise ApiError(CLOSED, f"the order cannot be sold: {e}") from None
    finally:
        t.flush()
    sells[(call.uid, raw)] = t.spot_id(sell)
    return ok({"orderId": t.spot_id(sell), "clientOrderId": sell.client_id, "symbol": sell.symbol, "side": "SELL",
               "type": "MARKET", "origQty": fmt(sell.qty), "executedQty": fmt(sell.executed),
               "avgPrice": fmt(sell.cum_quote / sell.executed if sell.executed else ZERO),
               "status": sell.status, "createTime": sell.time, "updateTime": sell.update_time or sell.time})


def _spot_pairs(call: Call, t: Trading) -> list[tuple[Order, Order]]:
    by_id = {t.spot_id(o): o for o in _spot_orders(call, t)}
    return [(by_id[b], by_id[s]) for (uid, b), s in extras(call.state).spot_sells.items() if uid == call.uid]


def spot_trader_detail(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/spot/traderDetail: totals over the buys sold back."""
    t = trading(call.state)
    profits = [_spot_profit(t, b, s)[0] for b, s in _spot_pairs(call, t)]
    costs = [b.cum_quote for b, _ in _spot_pairs(call, t)]
    wins = sum(1 for p in profits if p > 0)
    return ok({"totalProfit": fmt(sum(profits, ZERO)), "totalOrders": len(profits), "winOrders": wins,
               "lossOrders": sum(1 for p in profits if p < 0), "winRate": _rate(Decimal(wins), Decimal(len(profits))),
               "totalFollowers": 0, "totalCopyAmount": "0",
               "avgProfitRate": _rate(sum((p / c for p, c in zip(profits, costs, strict=True)), ZERO),
                                      Decimal(len(profits)))})


def spot_profit_summary(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/spot/profitHistorySummarys: totals of the sells in [startTime, endTime]
    (default: the last 30 days)."""
    t = trading(call.state)
    start, end = call.params.time_range()
    end = call.now if end is None else end
    start = end - 30 * DAY if start is None else start
    rows = [(_spot_profit(t, b, s)[0], b.cum_quote) for b, s in _spot_pairs(call, t) if start <= s.time <= end]
    return ok({**_summary(rows), "startTime": start, "endTime": end})


def spot_profit_detail(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/spot/profitDetail: each buy sold back, newest first, paged."""
    t = trading(call.state)
    start, end = call.params.time_range()
    rows: list[Json] = []
    for b, s in reversed(_spot_pairs(call, t)):
        if (start is not None and s.time < start) or (end is not None and s.time > end):
            continue
        profit, fees = _spot_profit(t, b, s)
        rows.append({"orderId": t.spot_id(b), "symbol": b.symbol, "side": "BUY",
                     "buyPrice": fmt(b.cum_quote / b.executed), "sellPrice": fmt(s.cum_quote / s.executed),
                     "qty": fmt(s.executed), "profit": fmt(profit), "profitRate": _rate(profit, b.cum_quote),
                     "commission": fmt(fees), "createTime": b.time, "closeTime": s.update_time or s.time})
    return ok(_page(call, rows))


def spot_history(call: Call) -> Reply:
    """GET /openApi/copyTrading/v1/spot/historyOrder: the trader's spot orders, newest first, paged; a sell
    that closed a copy buy carries its profit."""
    t = trading(call.state)
    symbol = call.params.symbol()
    start, end = call.params.time_range()
    profit = {t.spot_id(s): _spot_profit(t, b, s)[0] for b, s in _spot_pairs(call, t)}
    rows: list[Json] = []
    for o in reversed(_spot_orders(call, t)):
        if symbol not in (None, o.symbol) or (start is not None and o.time < start) or (
                end is not None and o.time > end):
            continue
        oid = t.spot_id(o)
        rows.append({"orderId": oid, "symbol": o.symbol, "side": o.side, "type": o.type, "origQty": fmt(o.qty),
                     "executedQty": fmt(o.executed), "price": fmt(o.price or ZERO),
                     "avgPrice": fmt(o.cum_quote / o.executed if o.executed else ZERO), "cumQuote": fmt(o.cum_quote),
                     "status": o.status, "profit": fmt(profit.get(oid, ZERO)),
                     "commission": fmt(sum((f.commission for f in o.fills), ZERO)), "createTime": o.time,
                     "updateTime": o.update_time or o.time})
    return ok(_page(call, rows))
