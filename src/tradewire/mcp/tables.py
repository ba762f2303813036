"""Short readable tables (Markdown) of the tools' results, as the skills ask results to be shown.

The structured JSON stays the source of truth; a table shows at most `ROWS` rows and says how many more exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import zip_longest
from typing import Any

from tradewire.mcp.desk import Doc, utc

ROWS = 30
Cols = Sequence[tuple[str, str]]


def table(cols: Cols, rows: Iterable[Mapping[str, Any]], title: str | None = None, empty: str = "none") -> str:
    """`| a | b |` rows under a header; `(key, heading)` columns; `_ms` keys shown as UTC times."""
    rows = list(rows)
    lines = [f"**{title}**"] if title else []
    if not rows:
        return "\n".join([*lines, empty])
    lines += ["| " + " | ".join(h for _, h in cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(_cell(k, r.get(k)) for k, _ in cols) + " |" for r in rows[:ROWS]]
    if len(rows) > ROWS:
        lines.append(f"... and {len(rows) - ROWS} more rows (see the JSON)")
    return "\n".join(lines)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in ("time", "next_funding_time", "server_time") and isinstance(value, int):
        return utc(value)
    return str(value).replace("|", "/")


def _balances(d: Doc) -> str:
    parts = [table((("asset", "Asset"), ("free", "Free"), ("used", "Used"), ("total", "Total")), rows,
                   f"{account} account", "no balances") for account, rows in d["accounts"].items()]
    if d.get("swap_summary") is not None:
        parts.append(table((("asset", "Asset"), ("equity", "Equity"), ("available_margin", "Available margin"),
                            ("used_margin", "Used margin"), ("unrealized_pnl", "Unrealized PnL")),
                           d["swap_summary"], "perpetual margin"))
    if d.get("overview_usdt") is not None:
        parts.append(table((("account", "Account"), ("usdt", "USDT value")), d["overview_usdt"], "all accounts"))
    return "\n\n".join(parts)


def _rates(d: Doc) -> str:
    return table((("role", "Role"), ("percent", "Rate %"), ("rate", "Fraction")),
                 [{"role": role, "percent": d[role]["percent"] + "%", "rate": d[role]["rate"]}
                  for role in ("taker", "maker")], "commission")


def _book(d: Doc) -> str:
    rows = [{"bid_amount": b and b[1], "bid": b and b[0], "ask": a and a[0], "ask_amount": a and a[1]}
            for b, a in zip_longest(d["bids"], d["asks"])]
    return table((("bid_amount", "Bid amount"), ("bid", "Bid"), ("ask", "Ask"), ("ask_amount", "Ask amount")),
                 rows, f"{d['symbol']} order book")


def _pairs(d: Doc, keys: Sequence[str]) -> str:
    return table((("field", "Field"), ("value", "Value")), [{"field": k, "value": d[k]} for k in keys])


def _note(d: Doc, body: str) -> str:
    return f"{d['note']}\n\n{body}" if d.get("note") else body


def _orders(rows: list[Doc], title: str) -> str:
    return table((("id", "Id"), ("client_id", "Client id"), ("symbol", "Symbol"), ("side", "Side"), ("type", "Type"),
                  ("price", "Price"), ("amount", "Amount"), ("filled", "Filled"), ("status", "Status")),
                 rows, title, "no orders")


def _prepared(d: Doc) -> str:
    return f"PREVIEW (nothing sent): {d['would_do']['summary']}\n\n{d['next_step']}"


def _executed(d: Doc) -> str:
    result = ", ".join(f"{k}: {v}" for k, v in d["result"].items() if not isinstance(v, dict))
    order = d["result"].get("order")
    body = f"DONE: {d['did']['summary']}" + (f" ({result})" if result else "")
    return body + ("\n\n" + _orders([order], "order") if order else "")


RENDER: dict[str, Callable[[Doc], str]] = {
    "balances": _balances,
    "positions": lambda d: table(
        (("symbol", "Symbol"), ("side", "Side"), ("amount", "Amount"), ("entry_price", "Avg price"),
         ("mark_price", "Mark"), ("unrealized_pnl", "Unrealized PnL"), ("liquidation_price", "Liq. price"),
         ("leverage", "Leverage")), d["positions"], "positions", "no open positions"),
    "commission_rates": _rates,
    "income": lambda d: _note(d, table(
        (("time", "Time (UTC)"), ("type", "Type"), ("symbol", "Symbol"), ("amount", "Amount"), ("asset", "Asset")),
        d["rows"], f"income {d['start_utc']} to {d['end_utc']}", "no income in this range")),
    "transfer_history": lambda d: table(
        (("asset", "Asset"), ("amount", "Amount"), ("direction", "Type"), ("time", "Time (UTC)"),
         ("status", "Status")), d["rows"], "transfers", "no transfers"),
    "supported_coins": lambda d: table((("coin", "Coin"), ("name", "Name")), d["coins"],
                                       f"coins from {d['from_account']} to {d['to_account']}", "no coins"),
    "internal_transfer_history": lambda d: table(
        (("time", "Time (UTC)"), ("direction", "Direction"), ("coin", "Coin"), ("amount", "Amount"),
         ("from_uid", "From UID"), ("to_uid", "To UID"), ("status_text", "Status")), d["rows"], "internal transfers",
        "no internal transfers"),
    "price": lambda d: table((("symbol", "Symbol"), ("last", "Last")), d["tickers"]),
    "ticker": lambda d: table(
        (("symbol", "Symbol"), ("last", "Last"), ("bid", "Bid"), ("ask", "Ask"), ("change_percent", "24h %"),
         ("high", "High"), ("low", "Low"), ("volume", "Volume")), d["tickers"]),
    "order_book": _book,
    "klines": lambda d: _note(d, table(
        (("time", "Open time (UTC)"), ("open", "Open"), ("high", "High"), ("low", "Low"), ("close", "Close"),
         ("volume", "Volume")), d["candles"][-ROWS:], f"{d['symbol']} {d['interval']} (latest {ROWS} at most)")),
    "funding": lambda d: table(
        (("symbol", "Symbol"), ("mark_price", "Mark"), ("index_price", "Index"), ("funding_percent", "Funding %"),
         ("next_funding_time", "Next funding (UTC)")), d["funding"]),
    "contracts": lambda d: table(
        (("symbol", "Symbol"), ("tick_size", "Tick"), ("step_size", "Step"), ("min_qty", "Min qty"),
         ("min_usdt", "Min USDT"), ("max_leverage", "Max leverage")), d["contracts"]),
    "server_time": lambda d: _pairs(d, ("server_time", "offset_ms", "round_trip_ms")),
    "get_order": lambda d: _orders([d["order"]], "order"),
    "open_orders": lambda d: _orders(d["orders"], f"open {d['market']} orders"),
    "position_history": lambda d: table(
        (("position_id", "Position id"), ("side", "Side"), ("open_time", "Opened (UTC)"), ("avg_price", "Avg price"),
         ("avg_close_price", "Close price"), ("amount", "Amount"), ("net_profit", "Net PnL")),
        [{**r, "open_time": r["open_time"] and utc(r["open_time"])} for r in d["positions"]],
        f"{d['symbol']} position history", "no positions in this range"),
    "force_orders": lambda d: _orders(d["orders"], "forced orders (liquidation, ADL)"),
    "prepare_cancel_all_after": _prepared,
    "prepare_transfer": _prepared,
    "prepare_internal_transfer": _prepared,
    "prepare_order": _prepared,
    "prepare_cancel": _prepared,
    "execute": _executed,
}
