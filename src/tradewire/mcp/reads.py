"""The read-only tools' work: account, history and market data as JSON-ready documents (exact decimal strings)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from tradewire.app.errors import CliError
from tradewire.app.output import percent
from tradewire.app.timespec import DAY_MS, months_ago
from tradewire.core.clock import Clock
from tradewire.core.errors import ValidationError
from tradewire.mcp.desk import Desk, Doc, moment, named, plain, utc
from tradewire.mcp.extras import data
from tradewire.unified import symbols

if TYPE_CHECKING:
    from tradewire.app.income import Row

KLINES_DEFAULT = 100
#: the library's wire names of time arguments -> the tools' names
TIME_ARGS = {"startTime": "start_time", "endTime": "end_time"}
INCOME_LIMIT_MAX = 1000
INNER_STATUS = {4: "pending", 5: "failed", 6: "completed"}


def balances(desk: Desk, account: str = "all") -> Doc:
    """Balances of every account (or one); on BingX also the swap margin summary and the USDT value per account."""
    ex = desk.keyed()
    if account != "all" and account not in ex.accounts:
        raise ValidationError("account", f"must be all or one of {', '.join(ex.accounts)}", account)
    accounts = ex.accounts if account == "all" else (account,)
    doc: Doc = {"account": account, "accounts": {a: plain(ex.balances(a)) for a in accounts}}
    if ex.venue == "bingx" and "swap" in accounts:
        doc["swap_summary"] = [
            {"asset": b.asset, "balance": plain(b.balance), "equity": plain(b.equity),
             "unrealized_pnl": plain(b.unrealized_profit), "available_margin": plain(b.available_margin),
             "used_margin": plain(b.used_margin), "frozen_margin": plain(b.freezed_margin)}
            for b in desk.bingx("balances").swap_balance()]
    if ex.venue == "bingx" and account == "all":
        doc["overview_usdt"] = [{"account": r.account_type, "usdt": plain(r.usdt_balance)}
                                for r in desk.bingx("balances").account_balances()]
    return doc


def positions(desk: Desk, symbol: str | None = None) -> Doc:
    """Open perpetual positions."""
    rows = desk.keyed().positions(symbols.unified(symbol) if symbol else None)
    return {"symbol": symbols.unified(symbol) if symbol else "all", "positions": plain(rows)}


def commission_rates(desk: Desk, symbol: str | None = None) -> Doc:
    """Taker and maker rates, with their percentages (0.0005 -> 0.05); Binance: USD-M futures, per symbol."""
    ex = desk.keyed()
    if ex.venue == "binance":
        if symbol is None:
            raise ValidationError("symbol", "is required on Binance: USD-M commission rates are per symbol")
        c = ex.client.futures_commission_rate(symbols.binance(symbol))
    elif symbol is not None:
        raise ValidationError("symbol", "BingX has one perpetual rate for every symbol: leave it out", symbol)
    else:
        c = desk.bingx("commission_rates").commission_rate()
    return {role: {"rate": plain(rate), "percent": percent(rate)}
            for role, rate in (("taker", c.taker_commission_rate), ("maker", c.maker_commission_rate))}


def income(desk: Desk, income_type: str | None = None, symbol: str | None = None, start_time: str | None = None,
           end_time: str | None = None, limit: int = 100) -> Doc:
    """Fund flow, newest first: the last 7 days unless a range is given; only the last 3 months exist."""
    from tradewire.app.income import DEFAULT_DAYS, KEEP_MONTHS, PAGE, binance_kind, walk, walk_pages
    from tradewire.app.income import income_type as kind_of

    ex = desk.keyed()
    try:
        kind = kind_of(income_type)
        wire = binance_kind(kind) if ex.venue == "binance" else kind
    except CliError as e:  # the CLI's message names its option
        raise ValidationError("income_type", str(e).removeprefix("--type: ")) from None
    if not 1 <= limit <= INCOME_LIMIT_MAX:
        raise ValidationError("limit", f"must be 1 to {INCOME_LIMIT_MAX}", limit)
    now = Clock.local_ms()
    end = moment(end_time, "end_time", now) or now
    given = moment(start_time, "start_time", now)
    start = end - DEFAULT_DAYS * DAY_MS if given is None else given
    oldest = months_ago(now, KEEP_MONTHS)
    if start < oldest:
        raise ValidationError("start_time", f"only the last {KEEP_MONTHS} months of income are available: "
                              f"start on or after {utc(oldest)}", start_time or utc(start))
    if end < start:
        raise ValidationError("end_time", "must not be before start_time", end_time)
    if ex.venue == "binance":  # USD-M futures income
        futures, sym = ex.client, symbols.binance(symbol) if symbol else None
        pages: Iterator[Sequence[Row]] = walk_pages(
            lambda lo, hi: futures.futures_income(sym, wire, lo, hi, limit=PAGE), start, end)
    else:
        pages = walk(desk.bingx("income"), symbols.bingx(symbol) if symbol else None, kind, start, end)
    rows = sorted((r for page in pages for r in page), key=lambda r: r.time, reverse=True)
    doc: Doc = {"income_type": wire or "all", "symbol": symbols.unified(symbol) if symbol else "all",
                "start": start, "end": end, "start_utc": utc(start), "end_utc": utc(end),
                "default_range_applied": given is None}
    doc["note"] = (f"No start_time given: showing the last {DEFAULT_DAYS} days. " if given is None else "") + \
        f"Only the last {KEEP_MONTHS} months of income are available."
    doc |= {"total": len(rows), "returned": min(len(rows), limit), "truncated": len(rows) > limit,
            "rows": [{"time": r.time, "time_utc": utc(r.time), "type": r.income_type,
                      "symbol": symbols.unified(r.symbol) if r.symbol else None, "amount": plain(r.income),
                      "asset": r.asset, "info": r.info, "tran_id": str(r.tran_id)} for r in rows[:limit]]}
    return doc


def transfer_history(desk: Desk, direction: str | None = None, start_time: str | None = None,
                     end_time: str | None = None) -> Doc:
    """Transfer records between your own accounts, newest first (every direction unless one is given)."""
    from tradewire.app.transfers import history_rows
    from tradewire.bingx.endpoints import TRANSFER_TYPES

    client = desk.bingx("transfer_history")
    kinds = [direction_of(direction)] if direction else list(TRANSFER_TYPES)
    now = Clock.local_ms()
    rows = history_rows(client, kinds, moment(start_time, "start_time", now), moment(end_time, "end_time", now))
    return {"direction": kinds[0] if direction else "all",
            "rows": [{"time": r.timestamp, "time_utc": utc(r.timestamp), "direction": r.type, "asset": r.asset,
                      "amount": plain(r.amount), "status": r.status, "tran_id": str(r.tran_id)} for r in rows]}


def supported_coins(desk: Desk, direction: str) -> Doc:
    """Coins that can move in one transfer direction."""
    from tradewire.bingx.endpoints import TRANSFER_DIRECTIONS

    kind = direction_of(direction)
    src, dst = TRANSFER_DIRECTIONS[kind]
    rows = desk.bingx("supported_coins").transfer_coins(src, dst)
    return {"direction": kind, "from_account": src, "to_account": dst,
            "coins": [{"coin": c.coin, "name": c.name} for c in rows]}


def internal_transfer_history(desk: Desk, coin: str, client_id: str | None = None, start_time: str | None = None,
                              end_time: str | None = None, limit: int = 100) -> Doc:
    """Internal (user-to-user) transfers of one coin, sent and received, newest first."""
    if not 1 <= limit <= INCOME_LIMIT_MAX:
        raise ValidationError("limit", f"must be 1 to {INCOME_LIMIT_MAX}", limit)
    now = Clock.local_ms()
    got = desk.bingx("internal_transfer_history").inner_transfer_records(
        coin.strip().upper(), transfer_client_id=client_id, start_time=moment(start_time, "start_time", now),
        end_time=moment(end_time, "end_time", now), limit=limit)
    return {"coin": coin.strip().upper(), "total": got.total, "rows": [
        {"id": str(r.id), "direction": {"out": "sent", "in": "received"}.get(r.record_type or "", r.record_type),
         "coin": r.coin, "amount": plain(r.amount), "from_uid": None if r.from_uid is None else str(r.from_uid),
         "to_uid": None if r.receiver is None else str(r.receiver), "status": r.status,
         "status_text": INNER_STATUS.get(r.status, "unknown"), "client_id": r.transfer_client_id or client_id,
         "time": r.time, "time_utc": None if r.time is None else utc(r.time)}
        for r in got.data]}


def tickers(desk: Desk, symbol: str | None, fields: tuple[str, ...] | None = None, market: str | None = None) -> Doc:
    """24 h tickers of one market or all (only `fields` when given), of the venue's default market type or
    `market` (spot or swap)."""
    ex = data(desk, market)
    rows = [ex.ticker(symbols.unified(symbol))] if symbol else sorted(ex.tickers(), key=lambda t: t.symbol)
    docs = [plain(t) for t in rows]
    if fields:
        docs = [{k: d[k] for k in fields} for d in docs]
    return {"tickers": docs}


def order_book(desk: Desk, symbol: str, depth: int = 20, market: str | None = None) -> Doc:
    """Bids and asks, best first, as `[price, amount]`."""
    ex = data(desk, market)
    with named({"limit": "depth"}):
        return plain(ex.order_book(symbols.unified(symbol), depth))  # type: ignore[no-any-return]


def klines(desk: Desk, symbol: str, interval: str = "1h", limit: int | None = None, start_time: str | None = None,
           end_time: str | None = None, market: str | None = None) -> Doc:
    """Candles, oldest first; the 100 most recent unless told otherwise."""
    ex = data(desk, market)
    now = Clock.local_ms()
    start, end = moment(start_time, "start_time", now), moment(end_time, "end_time", now)
    doc: Doc = {"symbol": symbols.unified(symbol), "interval": interval}
    if limit is None:
        limit = KLINES_DEFAULT
        if start is None:
            doc["note"] = f"No limit or start_time given: the {KLINES_DEFAULT} most recent candles."
    with named(TIME_ARGS):
        doc["candles"] = plain(ex.ohlcv(symbols.unified(symbol), interval, start, limit, end))
    return doc


def funding(desk: Desk, symbol: str | None = None) -> Doc:
    """Mark price, index price, last funding rate (and its percentage) and next funding time."""
    client = desk.bingx("funding", keyed=False)
    rows = [client.premium_index(symbols.bingx(symbol))] if symbol else client.premium_indexes()
    return {"funding": [
        {"symbol": symbols.unified(p.symbol), "mark_price": plain(p.mark_price),
         "index_price": plain(p.index_price), "funding_rate": plain(p.last_funding_rate),
         "funding_percent": percent(p.last_funding_rate) if p.last_funding_rate is not None else None,
         "next_funding_time": p.next_funding_time} for p in sorted(rows, key=lambda p: p.symbol)]}


def contracts(desk: Desk, symbol: str | None = None) -> Doc:
    """Perpetual contracts: precisions, minimums, leverage, fees."""
    rows = desk.bingx("contracts", keyed=False).contracts(symbols.bingx(symbol) if symbol else None)
    return {"contracts": [
        {"symbol": symbols.unified(c.symbol), "tick_size": plain(c.tick_size), "step_size": plain(c.step_size),
         "min_qty": plain(c.trade_min_quantity), "min_usdt": plain(c.trade_min_usdt),
         "max_leverage": c.max_long_leverage, "taker_fee_rate": plain(c.taker_fee_rate),
         "maker_fee_rate": plain(c.maker_fee_rate), "status": c.status}
        for c in sorted(rows, key=lambda c: c.symbol)]}


def server_time(desk: Desk) -> Doc:
    """The exchange's clock and this machine's offset from it."""
    sent = Clock.local_ms()
    server = desk.exchange().server_time()
    received = Clock.local_ms()
    local = (sent + received) // 2
    return {"server_time": server, "server_time_utc": utc(server), "local_time": local,
            "offset_ms": server - local, "round_trip_ms": received - sent}


def get_order(desk: Desk, symbol: str, market: str = "spot", order_id: str | None = None,
              client_id: str | None = None) -> Doc:
    """One order in any status, by id or client id."""
    one_id(order_id, client_id)
    return {"order": plain(desk.keyed().fetch_order(symbols.unified(symbol), market, order_id, client_id))}


def open_orders(desk: Desk, market: str = "spot", symbol: str | None = None) -> Doc:
    """Open orders of one market."""
    return {"market": market, "orders": plain(desk.keyed().open_orders(market, symbols.unified(symbol)
                                                                       if symbol else None))}


def direction_of(given: str) -> str:
    """A TransferType, in any case; a clear error naming the choices otherwise."""
    from tradewire.bingx.endpoints import TRANSFER_TYPES

    kind = given.strip().upper()
    if kind not in TRANSFER_TYPES:
        raise ValidationError("direction", f"must be one of {', '.join(TRANSFER_TYPES)}", given)
    return kind


def one_id(order_id: str | None, client_id: str | None) -> None:
    """Exactly one way to name an order."""
    if (order_id is None) == (client_id is None):
        raise ValidationError("order_id", "give exactly one of order_id and client_id")
