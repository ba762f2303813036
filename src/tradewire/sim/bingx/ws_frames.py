"""BingX swap websocket frames as the live server writes them (bingx-samples.md part B), gzip-compressed.

Pure functions of the market (the book: `books.swap_book`), the accounts and ``now``; prices and quantities
are the contracts' exact decimals as strings (so the C JSON encoder applies; a stray Decimal fails loudly).
Book sides are ``{price ticks: size steps}``.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from decimal import Decimal

from tradewire.sim.bingx.accounts import AccountBook
from tradewire.sim.bingx.books import swap_book, swap_top
from tradewire.sim.bingx.calls import fmt
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.perp import ACCOUNT as PERP
from tradewire.sim.bingx.perp import isolated_margin
from tradewire.sim.bingx.state import SimState
from tradewire.sim.events import BalanceEvent, OrderEvent, PositionEvent
from tradewire.sim.jsonenc import Json
from tradewire.sim.ledger import Ledger
from tradewire.sim.market import Market

Side = dict[int, int]
PING = gzip.compress(b"Ping", mtime=0)
TOPIC_NOT_SUPPORTED = 80015
TOPIC_LIMIT = 80403
MESSAGES = {TOPIC_NOT_SUPPORTED: "dataType not support", TOPIC_LIMIT: "your topic num over max 200"}
MAX_TRADES = 100  # trades per @trade frame, at most
COMPRESSION = 5  # gzip level of every frame


def pack(value: Json) -> bytes:
    """Compact JSON, gzip-compressed: what every server frame carries (money is already text here)."""
    return gzip.compress(json.dumps(value, separators=(",", ":")).encode(), compresslevel=COMPRESSION, mtime=0)


def reply(request_id: Json, code: int = 0) -> bytes:
    """The answer to a (un)subscribe request: ``code`` 0 is the ack."""
    return pack({"id": request_id, "code": code, "msg": MESSAGES.get(code, ""), "dataType": "", "data": None})


def _text(units: int, decimals: int) -> str:
    """``format(Decimal(units).scaleb(-decimals), "f")`` for ``units >= 0``, without Decimal (hot path)."""
    if decimals == 0:
        return str(units)
    whole, frac = divmod(units, 10**decimals)
    return f"{whole}.{frac:0{decimals}d}"


def _levels(c: Contract, side: Side, prices: list[int]) -> list[Json]:
    pd, qd = c.price_precision, c.quantity_precision
    return [[_text(p, pd), _text(side.get(p, 0), qd)] for p in prices]


def book_sides(state: SimState, symbol: str, now: int, levels: int) -> tuple[Side, Side]:
    """(bids, asks) of the simulator's book at ``now``, ``levels`` deep (resting user orders included)."""
    bids, asks = swap_book(state, symbol, now, levels)
    return dict(bids), dict(asks)


def depth(c: Contract, topic: str, bids: Side, asks: Side, now: int) -> bytes:
    """``@depth<level>[@<interval>]``: full snapshot, bids best first, asks worst first, the frame's ``ts``
    (docs-v3 sample, ccxt's live capture) and ``data.T`` (swap-ws-market api-reference; its table says asks
    ascending, the live frames and the sample are descending: the live order is kept)."""
    return pack({"code": 0, "dataType": topic, "ts": now, "data": {
        "bids": _levels(c, bids, sorted(bids, reverse=True)), "asks": _levels(c, asks, sorted(asks, reverse=True)),
        "T": now}})


def incr_snapshot(c: Contract, topic: str, bids: Side, asks: Side, update_id: int, now: int) -> bytes:
    """``@incrDepth`` ``action:"all"``: the whole book, both sides best first (live capture)."""
    return pack({"code": 0, "dataType": topic, "data": {
        "action": "all", "lastUpdateId": update_id, "time": now,
        "bids": _levels(c, bids, sorted(bids, reverse=True)), "asks": _levels(c, asks, sorted(asks))}})


def incr_update(c: Contract, topic: str, old: tuple[Side, Side], new: tuple[Side, Side], update_id: int,
                now: int) -> bytes:
    """``@incrDepth`` ``action:"update"``: every level that changed, qty 0 deleting; both sides by
    descending price (asks worst first, as in the docs-v3 sample)."""
    sides: list[Json] = []
    for before, after in zip(old, new, strict=True):
        changed = {p for p in before if p not in after} | {p for p, q in after.items() if before.get(p) != q}
        sides.append(_levels(c, after, sorted(changed, reverse=True)))
    return pack({"code": 0, "dataType": topic, "data": {
        "action": "update", "lastUpdateId": update_id, "time": now, "bids": sides[0], "asks": sides[1]}})


def trades(market: Market, topic: str, symbol: str, first: int, end: int) -> bytes:
    """``@trade``: trades ``first`` .. ``end - 1`` as a list (the live swap shape captured by ccxt)."""
    tape = market.tape(symbol)
    c = tape.contract
    return pack({"code": 0, "dataType": topic, "data": [
        {"q": fmt(c.qty(tape.qty(i))), "p": fmt(c.price(tape.price(i))), "T": tape.time(i),
         "m": tape.buyer_maker(i), "s": symbol} for i in range(max(first, end - MAX_TRADES), end)]})


def kline(market: Market, topic: str, symbol: str, interval: str, now: int) -> bytes:
    """``@kline_<interval>``: the current candle in a list, ``T`` its open time (live swap shape)."""
    c = market.contracts[symbol]
    data: list[Json] = [{"c": fmt(c.price(k.close)), "o": fmt(c.price(k.open)), "h": fmt(c.price(k.high)),
                         "l": fmt(c.price(k.low)), "v": fmt(c.qty(k.volume)), "T": k.time}
                        for k in market.candles(symbol, interval, None, None, 1, now)]
    return pack({"code": 0, "dataType": topic, "s": symbol, "data": data})


def ticker(state: SimState, topic: str, symbol: str, now: int) -> bytes:
    """``@ticker``: rolling 24 h statistics (ccxt's captured swap frame; ``B``/``b`` are the bid)."""
    market = state.market
    c = market.contracts[symbol]
    s = market.day_stats(symbol, now)
    bid, ask = swap_top(state, symbol, now)
    change = c.price(s.last - s.open)
    percent = (change * 100 / c.price(s.open)).quantize(Decimal("0.01"))
    return pack({"code": 0, "dataType": topic, "data": {
        "e": "24hTicker", "E": now, "s": symbol, "p": fmt(change), "P": fmt(percent), "c": fmt(c.price(s.last)),
        "L": fmt(c.qty(s.last_qty)), "h": fmt(c.price(s.high)), "l": fmt(c.price(s.low)),
        "v": fmt(c.qty(s.volume)), "q": fmt(Decimal(s.quote_volume) * c.tick * c.step), "o": fmt(c.price(s.open)),
        "O": s.open_time, "C": s.close_time, "A": fmt(c.price(ask[0])), "a": fmt(c.qty(ask[1])),
        "B": fmt(c.price(bid[0])), "b": fmt(c.qty(bid[1]))}})


def last_price(market: Market, topic: str, symbol: str, now: int) -> bytes:
    """``@lastPrice``: ``s``, ``c``, ``T`` (skills)."""
    tape = market.tape(symbol)
    i = tape.count(now) - 1
    return pack({"code": 0, "dataType": topic, "data": {
        "s": symbol, "c": fmt(tape.contract.price(tape.price(i))), "T": tape.time(i)}})


def mark_price(market: Market, topic: str, symbol: str, now: int) -> bytes:
    """``@markPrice`` (docs-v3 sample)."""
    return pack({"code": 0, "dataType": topic, "data": {
        "e": "markPriceUpdate", "E": now, "s": symbol, "p": fmt(market.mark_price(symbol, now))}})


def book_ticker(state: SimState, topic: str, symbol: str, now: int) -> bytes:
    """``@bookTicker`` (docs-v3 sample); ``u`` is the index of the last trade, which sets the book."""
    market = state.market
    c = market.contracts[symbol]
    bid, ask = swap_top(state, symbol, now)
    return pack({"code": 0, "dataType": topic, "data": {
        "e": "bookTicker", "u": market.last_index(symbol, now), "E": now, "T": now, "s": symbol,
        "b": fmt(c.price(bid[0])), "B": fmt(c.qty(bid[1])),
        "a": fmt(c.price(ask[0])), "A": fmt(c.qty(ask[1]))}})


# --------------------------------------------------------------------------- account stream


@dataclass(frozen=True)
class AccountView:
    """What account frames read: balances, positions and the market, under the state lock."""

    ledger: Ledger
    book: AccountBook
    market: Market
    margin_types: dict[tuple[str, str], str]  # (uid, symbol) -> the marginType setting (absent: CROSSED)


#: funding, liquidation clearance, isolated margin added or removed: named even beside a fill
_SETTLEMENTS = ("FUNDING_FEE", "INSURANCE_CLEAR", "MARGIN_TRANSFER")


def _reason(events: list[BalanceEvent], positions_moved: bool) -> str:
    """``a.m``: FUNDING_FEE, INSURANCE_CLEAR (a liquidation) and MARGIN_TRANSFER first, then ORDER (a fill);
    transfers read DEPOSIT (in) or WITHDRAW (out)."""
    for reason in (*_SETTLEMENTS, "ORDER"):
        if any(e.reason == reason for e in events):
            return reason
    if positions_moved:
        return "ORDER"
    return "DEPOSIT" if sum((e.change for e in events), Decimal(0)) >= 0 else "WITHDRAW"


def account_update(view: AccountView, uid: str, balances: list[BalanceEvent], positions: list[PositionEvent],
                   now: int) -> bytes:
    """``ACCOUNT_UPDATE`` for perpetual-account balance and position changes of one burst of events.

    ``wb`` is the new wallet balance, ``bc`` the net change in the burst, ``cw`` the wallet balance less
    isolated margin; ``P`` lists each changed position once, as it is now (closed: ``pa`` 0).
    """
    open_positions = view.book.positions.get(uid, [])
    by_asset: dict[str, list[BalanceEvent]] = {}
    for event in balances:
        by_asset.setdefault(event.asset, []).append(event)
    rows: list[Json] = []
    for asset, events in by_asset.items():
        wb = view.ledger.balance(uid, PERP, asset)
        cw = wb - isolated_margin(open_positions) if asset == "USDT" else wb
        rows.append({"a": asset, "wb": fmt(wb), "cw": fmt(cw), "bc": fmt(sum((e.change for e in events),
                                                                              Decimal(0)))})
    latest = {(e.symbol, e.position_side): e for e in positions}
    changed: list[Json] = []
    for (symbol, side), moved in latest.items():
        pos = next((p for p in open_positions if p.symbol == symbol and p.side == side), None)
        mark = view.market.mark_price(symbol, now)
        sign = 1 if side == "LONG" else -1
        # a closed position reads its contract's margin type setting
        isolated = pos.isolated if pos is not None else view.margin_types.get((uid, symbol), "CROSSED") != "CROSSED"
        changed.append({
            "s": symbol, "pa": fmt(moved.amount), "ep": fmt(moved.entry_price),
            "up": fmt((mark - moved.entry_price) * moved.amount * sign if moved.amount else Decimal(0)),
            "mt": "isolated" if isolated else "cross",
            "iw": fmt(isolated_margin([pos]) if pos is not None else Decimal(0)), "ps": side})
    reason = _reason(balances, bool(positions))
    return pack({"e": "ACCOUNT_UPDATE", "E": now, "T": now, "a": {"m": reason, "B": rows, "P": changed}})


def account_config(symbol: str, long_leverage: int, short_leverage: int, margin_type: str, now: int) -> bytes:
    """``ACCOUNT_CONFIG_UPDATE`` of one contract: the leverage setting per side and the marginType setting
    (``CROSSED`` reads ``cross``, the isolated modes ``isolated``: swap-ws-account api-reference)."""
    return pack({"e": "ACCOUNT_CONFIG_UPDATE", "E": now, "ac": {
        "s": symbol, "l": long_leverage, "S": short_leverage,
        "mt": "cross" if margin_type == "CROSSED" else "isolated"}})


def order_update(event: OrderEvent, now: int) -> bytes:
    """``ORDER_TRADE_UPDATE`` of a perpetual order (2023 doc and ccxt capture; order id as a string)."""
    return pack({"e": "ORDER_TRADE_UPDATE", "E": now, "T": event.time, "o": {
        "s": event.symbol, "c": event.client_order_id, "i": event.order_id, "S": event.side, "o": event.order_type,
        "q": fmt(event.qty), "p": fmt(event.price), "sp": fmt(event.stop_price), "ap": fmt(event.avg_price),
        "x": event.execution_type, "X": event.status, "N": event.fee_asset or "USDT", "n": fmt(event.fee),
        "T": event.time, "wt": "MARK_PRICE", "ps": event.position_side, "rp": fmt(event.realized_pnl),
        "z": fmt(event.filled_qty), "l": fmt(event.last_qty), "L": fmt(event.last_price)}})


def listen_key_expired(key: str, now: int) -> bytes:
    """``listenKeyExpired``."""
    return pack({"e": "listenKeyExpired", "E": now, "listenKey": key})
