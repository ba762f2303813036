"""What the MCP tools do, over one CLI `Session`: JSON-ready payloads (exact decimal strings), CONFIRM on live.

Independent of the MCP SDK, so it can be read and tested on its own; `server.py` only exposes it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import msgspec

from tradewire.cli.errors import CliError, describe
from tradewire.cli.output import percent
from tradewire.cli.session import TESTNET_NOTICE, Session
from tradewire.cli.timespec import DAY_MS, months_ago, parse_time
from tradewire.core.auth import mask
from tradewire.core.clock import Clock
from tradewire.core.errors import TradewireError, UnknownOrderState, UnknownOutcome, ValidationError
from tradewire.mcp.confirm import CONFIRM, Confirmations, Refused
from tradewire.unified import symbols

if TYPE_CHECKING:
    from tradewire.bingx.client import BingX
    from tradewire.unified import Exchange

Doc = dict[str, Any]
SIM_NOTICE = "You are operating on the offline simulator: demo funds, nothing here is real."
MAX_SAFE_INT = 2**53 - 1
KLINES_DEFAULT = 100
INCOME_LIMIT_MAX = 1000


class OutcomeUnknown(TradewireError):
    """A write whose outcome is unknown; the message says how to check. It was not retried."""


def plain(value: Any) -> Any:
    """JSON-ready: Structs as objects, Decimals as exact strings, ids beyond 2^53 as strings; never a float."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, msgspec.Struct):
        value = msgspec.structs.asdict(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        raise TypeError("a float must never reach a tool result")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INT:
        return str(value)
    return value


def utc(ms: int) -> str:
    """`2024-05-01T14:03:07.123Z`."""
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def positive(text: str, param: str) -> Decimal:
    """A positive decimal exactly as written."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValidationError(param, "must be a decimal number written as a string, e.g. \"25.5\"", text) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError(param, "must be greater than 0", text)
    return value


def _time(text: str | None, param: str, now: int) -> int | None:
    return None if text is None else parse_time(text, param, now, utc=True)


class Desk:
    """The tools' work. Calls are serialised (the SDK runs sync tools on worker threads)."""

    def __init__(self, session: Session, confirmations: Confirmations | None = None) -> None:
        self.session = session
        self.confirmations = confirmations or Confirmations()
        self.lock = threading.Lock()

    # --- environment -------------------------------------------------------------------------------------------

    def exchange(self) -> Exchange:
        """The exchange (opening it, and the simulator for `sim`, on first use)."""
        return self.session.exchange()

    def env(self) -> str:
        """live, vst, testnet or sim."""
        self.exchange()
        return self.session.env

    def notice(self) -> str | None:
        """The line every result of this environment starts with (None on live)."""
        if self.env() == "vst":
            from tradewire.bingx.base import VST_NOTICE

            return VST_NOTICE
        return {"testnet": TESTNET_NOTICE, "sim": SIM_NOTICE}.get(self.session.env)

    def explain(self, exc: TradewireError) -> str:
        """One clear line for an error (exchange code included; never a secret)."""
        if isinstance(exc, Refused | OutcomeUnknown):
            return str(exc)
        return describe(exc, self.session.clock_offset)[1]

    def _keyed(self) -> Exchange:
        self.session.require_keys()
        return self.exchange()

    def _bingx(self, tool: str) -> BingX:
        ex = self._keyed() if tool in ("commission_rates", "income", "transfer_history", "transfer") \
            else self.exchange()
        if ex.venue != "bingx":
            raise ValidationError("venue", f"{tool} is BingX-only (this server runs on {ex.venue})")
        client: BingX = ex.client
        return client

    # --- account -----------------------------------------------------------------------------------------------

    def balances(self, account: str = "all") -> Doc:
        """Balances of every account (or one), plus BingX's USDT overview per account type."""
        ex = self._keyed()
        if account != "all" and account not in ex.accounts:
            raise ValidationError("account", f"must be all or one of {', '.join(ex.accounts)}", account)
        accounts = ex.accounts if account == "all" else (account,)
        doc: Doc = {"accounts": {a: plain(ex.balances(a)) for a in accounts}}
        if account == "all" and ex.venue == "bingx":
            doc["overview_usdt"] = [{"account": r.account_type, "usdt": plain(r.usdt_balance)}
                                    for r in self._bingx("balances").account_balances()]
        return doc

    def positions(self, symbol: str | None = None) -> Doc:
        """Open perpetual positions."""
        rows = self._keyed().positions(symbols.unified(symbol) if symbol else None)
        return {"symbol": symbols.unified(symbol) if symbol else "all", "positions": plain(rows)}

    def commission_rates(self) -> Doc:
        """Taker and maker rates, with their percentages (0.0005 -> 0.05)."""
        c = self._bingx("commission_rates").commission_rate()
        return {role: {"rate": plain(rate), "percent": percent(rate)}
                for role, rate in (("taker", c.taker_commission_rate), ("maker", c.maker_commission_rate))}

    def income(self, income_type: str | None = None, symbol: str | None = None, start_time: str | None = None,
               end_time: str | None = None, limit: int = 100) -> Doc:
        """Fund flow, newest first: the last 7 days unless a range is given; only the last 3 months exist."""
        from tradewire.cli.income import DEFAULT_DAYS, KEEP_MONTHS, walk
        from tradewire.cli.income import income_type as kind_of

        client = self._bingx("income")
        try:
            kind = kind_of(income_type)
        except CliError as e:  # the CLI's message names its option
            raise ValidationError("income_type", str(e).removeprefix("--type: ")) from None
        if not 1 <= limit <= INCOME_LIMIT_MAX:
            raise ValidationError("limit", f"must be 1 to {INCOME_LIMIT_MAX}", limit)
        now = Clock.local_ms()
        end = _time(end_time, "end_time", now) or now
        given = _time(start_time, "start_time", now)
        start = end - DEFAULT_DAYS * DAY_MS if given is None else given
        oldest = months_ago(now, KEEP_MONTHS)
        if start < oldest:
            raise ValidationError("start_time", f"only the last {KEEP_MONTHS} months of income are available: "
                                  f"start on or after {utc(oldest)}", start_time or utc(start))
        if end < start:
            raise ValidationError("end_time", "must not be before start_time", end_time)
        sym = symbols.bingx(symbol) if symbol else None
        rows = sorted((r for page in walk(client, sym, kind, start, end) for r in page), key=lambda r: r.time,
                      reverse=True)
        doc: Doc = {"income_type": kind or "all", "symbol": symbols.unified(symbol) if symbol else "all",
                    "start": start, "end": end, "start_utc": utc(start), "end_utc": utc(end),
                    "default_range_applied": given is None}
        if given is None:
            doc["note"] = (f"No start_time given: showing the last {DEFAULT_DAYS} days (only the last "
                           f"{KEEP_MONTHS} months are available). Tell the user.")
        doc |= {"total": len(rows), "returned": min(len(rows), limit), "truncated": len(rows) > limit,
                "rows": [{"time": r.time, "time_utc": utc(r.time), "type": r.income_type,
                          "symbol": symbols.unified(r.symbol) if r.symbol else None, "amount": plain(r.income),
                          "asset": r.asset, "info": r.info, "tran_id": str(r.tran_id)} for r in rows[:limit]]}
        return doc

    def transfer_history(self, direction: str | None = None, start_time: str | None = None,
                         end_time: str | None = None) -> Doc:
        """Transfer records between your own accounts, newest first (every direction unless one is given)."""
        from tradewire.bingx.endpoints import TRANSFER_TYPES
        from tradewire.cli.transfer import history_rows

        client = self._bingx("transfer_history")
        kinds = [_direction(direction)] if direction else list(TRANSFER_TYPES)
        now = Clock.local_ms()
        rows = history_rows(client, kinds, _time(start_time, "start_time", now), _time(end_time, "end_time", now))
        return {"direction": kinds[0] if direction else "all",
                "rows": [{"time": r.timestamp, "time_utc": utc(r.timestamp), "direction": r.type, "asset": r.asset,
                          "amount": plain(r.amount), "status": r.status, "tran_id": str(r.tran_id)} for r in rows]}

    # --- market data -------------------------------------------------------------------------------------------

    def tickers(self, symbol: str | None, fields: tuple[str, ...] | None = None) -> Doc:
        """24 h tickers of one market or all (only `fields` when given)."""
        ex = self.exchange()
        rows = [ex.ticker(symbols.unified(symbol))] if symbol else sorted(ex.tickers(), key=lambda t: t.symbol)
        docs = [plain(t) for t in rows]
        if fields:
            docs = [{k: d[k] for k in fields} for d in docs]
        return {"tickers": docs}

    def order_book(self, symbol: str, depth: int = 20) -> Doc:
        """Bids and asks, best first, as `[price, amount]`."""
        return plain(self.exchange().order_book(symbols.unified(symbol), depth))  # type: ignore[no-any-return]

    def klines(self, symbol: str, interval: str = "1h", limit: int | None = None, start_time: str | None = None,
               end_time: str | None = None) -> Doc:
        """Candles, oldest first; the 100 most recent unless told otherwise."""
        now = Clock.local_ms()
        start, end = _time(start_time, "start_time", now), _time(end_time, "end_time", now)
        doc: Doc = {"symbol": symbols.unified(symbol), "interval": interval}
        if limit is None:
            limit = KLINES_DEFAULT
            if start is None:
                doc["note"] = f"No limit or start_time given: the {KLINES_DEFAULT} most recent candles. Tell the user."
        doc["candles"] = plain(self.exchange().ohlcv(symbols.unified(symbol), interval, start, limit, end))
        return doc

    def funding(self, symbol: str | None = None) -> Doc:
        """Mark price, index price, last funding rate (and its percentage) and next funding time."""
        client = self._bingx("funding")
        rows = [client.premium_index(symbols.bingx(symbol))] if symbol else client.premium_indexes()
        return {"funding": [
            {"symbol": symbols.unified(p.symbol), "mark_price": plain(p.mark_price),
             "index_price": plain(p.index_price), "funding_rate": plain(p.last_funding_rate),
             "funding_percent": percent(p.last_funding_rate) if p.last_funding_rate is not None else None,
             "next_funding_time": p.next_funding_time} for p in sorted(rows, key=lambda p: p.symbol)]}

    def contracts(self, symbol: str | None = None) -> Doc:
        """Perpetual contracts: precisions, minimums, leverage, fees."""
        rows = self._bingx("contracts").contracts(symbols.bingx(symbol) if symbol else None)
        return {"contracts": [
            {"symbol": symbols.unified(c.symbol), "tick_size": plain(c.tick_size), "step_size": plain(c.step_size),
             "min_qty": plain(c.trade_min_quantity), "min_usdt": plain(c.trade_min_usdt),
             "max_leverage": c.max_long_leverage, "taker_fee_rate": plain(c.taker_fee_rate),
             "maker_fee_rate": plain(c.maker_fee_rate), "status": c.status}
            for c in sorted(rows, key=lambda c: c.symbol)]}

    def server_time(self) -> Doc:
        """The exchange's clock and this machine's offset from it."""
        sent = Clock.local_ms()
        server = self.exchange().server_time()
        received = Clock.local_ms()
        local = (sent + received) // 2
        return {"server_time": server, "server_time_utc": utc(server), "local_time": local,
                "offset_ms": server - local, "round_trip_ms": received - sent}

    # --- orders (reading) --------------------------------------------------------------------------------------

    def get_order(self, symbol: str, market: str = "spot", order_id: str | None = None,
                  client_id: str | None = None) -> Doc:
        """One order in any status, by id or client id."""
        _one_id(order_id, client_id)
        return {"order": plain(self._keyed().fetch_order(symbols.unified(symbol), market, order_id, client_id))}

    def open_orders(self, market: str = "spot", symbol: str | None = None) -> Doc:
        """Open orders of one market."""
        return {"orders": plain(self._keyed().open_orders(market, symbols.unified(symbol) if symbol else None))}

    # --- moving money ------------------------------------------------------------------------------------------

    def transfer(self, direction: str, asset: str, amount: str, confirm: str | None = None,
                 token: str | None = None) -> Doc:
        """Move an asset between your own BingX accounts."""
        from tradewire.bingx.endpoints import TRANSFER_DIRECTIONS

        client = self._bingx("transfer")
        kind, coin, qty = _direction(direction), asset.strip().upper(), positive(amount, "amount")
        src, dst = TRANSFER_DIRECTIONS[kind]
        params = {"direction": kind, "asset": coin, "amount": format(qty, "f")}
        what = {"action": "transfer", **params, "from_account": src, "to_account": dst,
                "summary": f"Transfer {qty:f} {coin} from the {src} account to the {dst} account ({kind})"}

        def act(_: Doc) -> Doc:
            try:
                done = client.transfer(coin, qty, type=kind)
            except UnknownOutcome as e:
                raise OutcomeUnknown(
                    f"OUTCOME UNKNOWN: the transfer ({what['summary']}) was sent but no clear answer came back "
                    f"({e}). It may or may not have been executed, and it was NOT retried. Check with "
                    f"transfer_history(direction=\"{kind}\", start_time=\"1h\") before trying again.") from None
            return {**what, "tran_id": str(done.tran_id)}

        return self._money("transfer", params, what, {}, act, confirm, token)

    def place_order(self, symbol: str, side: str, type: str, amount: str, price: str | None = None,
                    market: str = "spot", time_in_force: str | None = None, client_id: str | None = None,
                    position_side: str | None = None, reduce_only: bool | None = None,
                    confirm: str | None = None, token: str | None = None) -> Doc:
        """Place a spot or perpetual order; a lost answer is reconciled by client order id, never re-sent."""
        from tradewire.bingx.orders import new_client_order_id
        from tradewire.unified import OrderRequest

        ex = self._keyed()
        if side.lower() not in ("buy", "sell"):
            raise ValidationError("side", "must be buy or sell", side)
        sym, qty = symbols.unified(symbol), positive(amount, "amount")
        px = positive(price, "price") if price is not None else None
        params = {"symbol": sym, "side": side.lower(), "type": type.upper(), "amount": format(qty, "f"),
                  "price": None if px is None else format(px, "f"), "market": market, "time_in_force": time_in_force,
                  "client_id": client_id, "position_side": position_side, "reduce_only": reduce_only}
        fixed = {"client_id": client_id or new_client_order_id()}
        what = {"action": "place_order", **params, **fixed,
                "summary": f"{side.upper()} {qty:f} {sym} {type.upper()}" + (f" at {px:f}" if px else "")
                           + f" on {ex.venue} {market}"}
        if px is not None:
            what["notional"] = format(qty * px, "f")

        def act(chosen: Doc) -> Doc:
            req = OrderRequest(symbol=sym, side=side.lower(), type=type.upper(), amount=qty, price=px, market=market,
                               time_in_force=time_in_force, client_id=chosen["client_id"],
                               position_side=position_side, reduce_only=reduce_only)
            try:
                order = ex.place_order(req)
            except UnknownOutcome as e:
                cid = e.client_order_id if isinstance(e, UnknownOrderState) and e.client_order_id \
                    else chosen["client_id"]
                raise OutcomeUnknown(
                    f"OUTCOME UNKNOWN: the order ({what['summary']}) was sent but its state could not be "
                    f"established ({e}). It may exist; it was NOT re-sent. Check with get_order(symbol=\"{sym}\", "
                    f"market=\"{market}\", client_id=\"{cid}\") or open_orders before placing it again.") from None
            return {**what, "order": plain(order)}

        return self._money("place_order", params, what, fixed, act, confirm, token)

    def cancel_order(self, symbol: str, market: str = "spot", order_id: str | None = None,
                     client_id: str | None = None, confirm: str | None = None, token: str | None = None) -> Doc:
        """Cancel one order by id or client id."""
        ex = self._keyed()
        _one_id(order_id, client_id)
        sym = symbols.unified(symbol)
        params = {"symbol": sym, "market": market, "order_id": order_id, "client_id": client_id}
        which = f"id {order_id}" if order_id else f"client id {client_id}"
        what = {"action": "cancel_order", **params, "summary": f"Cancel {sym} {market} order {which}"}

        def act(_: Doc) -> Doc:
            try:
                order = ex.cancel_order(sym, market, order_id, client_id)
            except UnknownOutcome as e:
                raise OutcomeUnknown(
                    f"OUTCOME UNKNOWN: the cancel was sent but no clear answer came back ({e}); it was NOT retried. "
                    f"Check with get_order(symbol=\"{sym}\", market=\"{market}\", "
                    + (f"order_id=\"{order_id}\")" if order_id else f"client_id=\"{client_id}\")")) from None
            return {**what, "order": plain(order)}

        return self._money("cancel_order", params, what, {}, act, confirm, token)

    def _money(self, tool: str, params: Doc, what: Doc, fixed: Doc, act: Callable[[Doc], Doc],
               confirm: str | None, token: str | None) -> Doc:
        """Act at once off live; on live only with `confirm="CONFIRM"` and the token of an identical preview."""
        if self.env() != "live":
            return {"executed": True, **act(fixed)}
        if confirm is None:
            new = self.confirmations.issue(tool, params, fixed)
            key = self.session.keys.api_key if self.session.keys else ""
            return {"executed": False, "status": "CONFIRMATION REQUIRED: nothing was sent",
                    "environment": "LIVE: real funds", "api_key": mask(key), "would_do": what, "token": new,
                    "expires_in_s": int(self.confirmations.ttl_s),
                    "next_step": f"Show would_do to the user and ask them to type CONFIRM. Only if they do, call "
                                 f"{tool} again with exactly the same parameters plus confirm=\"CONFIRM\" and "
                                 f"token=\"{new}\". The token works once; any change of parameters voids it."}
        if confirm != CONFIRM:
            raise Refused(f"confirm must be exactly \"{CONFIRM}\" (typed by the user); nothing was sent")
        if not token:
            raise Refused("confirm=\"CONFIRM\" needs the token of a preview: call the tool without confirm first; "
                          "nothing was sent")
        return {"executed": True, **act(self.confirmations.redeem(tool, params, token))}


def _direction(given: str) -> str:
    from tradewire.bingx.endpoints import TRANSFER_TYPES

    kind = given.strip().upper()
    if kind not in TRANSFER_TYPES:
        raise ValidationError("direction", f"must be one of {', '.join(TRANSFER_TYPES)}", given)
    return kind


def _one_id(order_id: str | None, client_id: str | None) -> None:
    if (order_id is None) == (client_id is None):
        raise ValidationError("order_id", "give exactly one of order_id and client_id")
