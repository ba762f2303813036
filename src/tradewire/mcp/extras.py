"""The tools for the newer API families: BingX position history, forced orders and the kill switch (prepared
like every write), and the market type the market-data tools read."""

from __future__ import annotations

from tradewire.app.timespec import DAY_MS
from tradewire.core.clock import Clock
from tradewire.core.errors import ServerError, UnknownOutcome, ValidationError
from tradewire.mcp.desk import Desk, Doc, OutcomeUnknown, moment, plain
from tradewire.unified import Exchange, symbols

#: the kill switch's countdown (swap-trade and spot-trade api-reference: "range 10-120"); 0 stops it
MIN_S, MAX_S = 10, 120
CLOSE_TYPES = {"liquidation": "LIQUIDATION", "adl": "ADL"}
MARKETS = {"spot": "spot", "swap": "swap", "futures": "swap", "usdm": "swap"}
FORCE_LIMIT = 100


def market_of(given: str, param: str = "market") -> str:
    """`spot` or `swap` (futures and usdm mean swap)."""
    name = MARKETS.get(given.strip().lower())
    if name is None:
        raise ValidationError(param, "must be spot or swap (futures and usdm mean swap)", given)
    return name


def data(desk: Desk, market: str | None) -> Exchange:
    """The exchange reading market data from `market` (the venue's default when None)."""
    name = None if market is None else market_of(market)
    ex = desk.exchange()
    return ex if name is None else ex.on(name)


def position_history(desk: Desk, symbol: str, start_time: str | None = None, end_time: str | None = None) -> Doc:
    """BingX positions of one symbol open in a range (the last 7 days by default, at most 90)."""
    client = desk.bingx("position_history")
    now = Clock.local_ms()
    end = moment(end_time, "end_time", now) or now
    start = moment(start_time, "start_time", now)
    start = end - 7 * DAY_MS if start is None else start
    if end < start:
        raise ValidationError("end_time", "must not be before start_time", end_time)
    sym = symbols.unified(symbol)
    rows = client.position_history(symbols.bingx(sym), start, end)
    return {"symbol": sym, "start": start, "end": end, "positions": [
        {"position_id": str(p.position_id), "symbol": symbols.unified(p.symbol), "side": p.position_side,
         "open_time": p.open_time, "update_time": p.update_time, "avg_price": plain(p.avg_price),
         "avg_close_price": plain(p.avg_close_price), "amount": plain(p.position_amt),
         "closed_amount": plain(p.close_position_amt), "realised_profit": plain(p.realised_profit),
         "net_profit": plain(p.net_profit), "leverage": p.leverage}
        for p in sorted(rows, key=lambda p: p.update_time or 0, reverse=True)]}


def force_orders(desk: Desk, symbol: str | None = None, close_type: str | None = None, start_time: str | None = None,
                 end_time: str | None = None, limit: int = 50) -> Doc:
    """BingX perpetual liquidation and ADL orders, newest first."""
    from tradewire.unified.bingx import swap_order

    kind = None
    if close_type is not None:
        kind = CLOSE_TYPES.get(close_type.strip().lower())
        if kind is None:
            raise ValidationError("close_type", "must be liquidation or adl", close_type)
    if not 1 <= limit <= FORCE_LIMIT:
        raise ValidationError("limit", f"must be 1 to {FORCE_LIMIT}", limit)
    client = desk.bingx("force_orders")
    now = Clock.local_ms()
    rows = client.force_orders(symbols.bingx(symbol) if symbol else None, kind, moment(start_time, "start_time", now),
                               moment(end_time, "end_time", now), limit)
    orders = sorted((swap_order(o) for o in rows), key=lambda o: (o.time or 0, o.id), reverse=True)
    return {"close_type": kind or "all", "orders": plain(orders)}


def prepare_cancel_all_after(desk: Desk, seconds: int, market: str = "swap") -> Doc:
    """Arm (10-120 s) or stop (0) the BingX countdown that cancels every open order of a market."""
    from tradewire.mcp.money import prepare

    if seconds != 0 and not MIN_S <= seconds <= MAX_S:
        raise ValidationError("seconds", f"must be 0 (stop) or {MIN_S} to {MAX_S}", seconds)
    where = market_of(market)
    client = desk.bingx("prepare_cancel_all_after")
    desk.keyed()
    what = {"action": "cancel_all_after", "market": where, "seconds": seconds,
            "summary": (f"Cancel every open BingX {where} order in {seconds} s unless renewed" if seconds else
                        f"Stop the BingX {where} cancel-all countdown")}

    def act() -> Doc:
        try:
            if where == "spot":
                got = client.spot_cancel_all_after(seconds)
                return {"status": "ACTIVATED" if seconds else "CLOSED", "trigger_time": got.trigger_time}
            done = client.cancel_all_after(seconds)
            return {"status": done.status, "trigger_time": done.trigger_time}
        except (UnknownOutcome, ServerError) as e:
            raise OutcomeUnknown(f"OUTCOME UNKNOWN: the countdown request ({what['summary']}) was sent but no clear "
                                 f"answer came back ({e}); it was NOT retried. Preparing it again is safe: it sets "
                                 "the countdown, it does not add one.") from None

    return prepare(desk, what, act)
