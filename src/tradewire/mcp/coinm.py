"""The BingX coin-M (inverse perpetual) read tools: contracts, tickers, the book, positions, balances, orders.

Their work, output schemas and tables live here; `register` adds them to a server (`server.build_server`). Coin-M
symbols are ``BASE-USD``; quantities are whole contracts of a USD face value; balances, margin and PnL are in the
coin (bingx-skills/cswap-market and cswap-trade api-reference).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BaseModel, Field

from tradewire.core.errors import ValidationError
from tradewire.mcp import schemas as s
from tradewire.mcp.desk import Desk, Doc, plain
from tradewire.mcp.tables import RENDER, table

READ = ToolAnnotations(read_only_hint=True, open_world_hint=True)
ORDERS_LIMIT_MAX = 1000
Symbol = Annotated[str, Field(description="coin-M market: BTC-USD, BTC/USD, BTCUSD or a bare coin (BTC)")]
OptSymbol = Annotated[str | None, Field(description="coin-M market, e.g. BTC-USD; all when omitted")]
Respond = Callable[[Desk, str, Callable[[], Doc]], CallToolResult]
Tool = Callable[[ToolAnnotations], Callable[[Callable[..., CallToolResult]], None]]


def coinm_symbol(given: str) -> str:
    """``BASE-USD`` from BTC-USD, btc/usd, BTCUSD, BTC/USD:BTC or BTC (the library then checks the pattern)."""
    text = given.strip().upper().split(":")[0].replace("/", "-")
    if "-" not in text:
        text = f"{text.removesuffix('USD')}-USD" if text.endswith("USD") and text != "USD" else f"{text}-USD"
    return text


# --- schemas -------------------------------------------------------------------------------------------------

class ContractRow(BaseModel):
    symbol: str
    contract_usd: s.Dec = Field(description="face value of one contract in USD")
    tick_size: s.Dec
    min_qty: s.Dec | None = Field(description="in contracts")
    status: int | None = Field(description="1: trading")
    time_online: s.Ms | None


class Contracts(s.Result):
    contracts: list[ContractRow]


class TickerRow(BaseModel):
    symbol: str
    last: s.Dec
    open: s.Dec
    high: s.Dec
    low: s.Dec
    volume: s.Dec = Field(description="in contracts")
    change: s.Dec
    change_percent: s.Dec
    time: s.Ms | None


class Tickers(s.Result):
    tickers: list[TickerRow]


class PositionRow(BaseModel):
    symbol: str
    side: str = Field(description="LONG or SHORT")
    amount: s.Dec = Field(description="contracts")
    entry_price: s.Dec
    mark_price: s.Dec | None
    unrealized_pnl: s.Dec = Field(description="in the coin")
    initial_margin: s.Dec = Field(description="in the coin")
    liquidation_price: s.Dec | None
    leverage: int
    margin_mode: str = Field(description="cross or isolated")
    id: str | None


class Positions(s.Result):
    symbol: str
    positions: list[PositionRow]


class BalanceRow(BaseModel):
    asset: str
    balance: s.Dec
    equity: s.Dec
    unrealized_pnl: s.Dec
    available_margin: s.Dec
    used_margin: s.Dec
    frozen_margin: s.Dec


class Balances(s.Result):
    balances: list[BalanceRow] = Field(description="one row per coin, amounts in that coin")


class OrderRow(BaseModel):
    id: str
    client_id: str | None
    symbol: str
    side: str
    position_side: str | None
    type: str
    status: str
    price: s.Dec | None
    amount: s.Dec = Field(description="contracts")
    filled: s.Dec | None
    avg_price: s.Dec | None
    time: s.Ms | None


class Orders(s.Result):
    symbol: str
    which: str = Field(description="open or history")
    orders: list[OrderRow]


# --- work ----------------------------------------------------------------------------------------------------

def contracts(desk: Desk, symbol: str | None = None) -> Doc:
    """Coin-M contracts."""
    rows = desk.bingx("coinm_contracts", keyed=False).cswap_contracts(coinm_symbol(symbol) if symbol else None)
    return {"contracts": [
        {"symbol": c.symbol, "contract_usd": plain(c.min_tick_size), "tick_size": plain(c.tick_size),
         "min_qty": plain(c.min_qty), "status": c.status, "time_online": c.time_online}
        for c in sorted(rows, key=lambda c: c.symbol)]}


def tickers(desk: Desk, symbol: str | None = None) -> Doc:
    """24 h statistics of one coin-M contract or all."""
    client = desk.bingx("coinm_ticker", keyed=False)
    rows = [client.cswap_ticker(coinm_symbol(symbol))] if symbol else client.cswap_tickers()
    return {"tickers": [
        {"symbol": t.symbol, "last": plain(t.last_price), "open": plain(t.open_price), "high": plain(t.high_price),
         "low": plain(t.low_price), "volume": plain(t.volume), "change": plain(t.price_change),
         "change_percent": plain(t.price_change_percent), "time": t.time}
        for t in sorted(rows, key=lambda t: t.symbol)]}


def order_book(desk: Desk, symbol: str, depth: int = 20) -> Doc:
    """Bids and asks in contracts, best first."""
    sym = coinm_symbol(symbol)
    book = desk.bingx("coinm_order_book", keyed=False).cswap_depth(sym, depth)
    return {"symbol": sym, "bids": plain(book.bids), "asks": plain(book.asks), "time": book.ts}


def positions(desk: Desk, symbol: str | None = None) -> Doc:
    """Open coin-M positions."""
    sym = coinm_symbol(symbol) if symbol else None
    rows = desk.bingx("coinm_positions").cswap_positions(sym)
    return {"symbol": sym or "all", "positions": [
        {"symbol": p.symbol, "side": p.position_side, "amount": plain(p.position_amt),
         "entry_price": plain(p.avg_price), "mark_price": plain(p.mark_price),
         "unrealized_pnl": plain(p.unrealized_profit), "initial_margin": plain(p.initial_margin),
         "liquidation_price": plain(p.liquidation_price), "leverage": p.leverage,
         "margin_mode": "isolated" if p.isolated else "cross",
         "id": None if p.position_id is None else str(p.position_id)} for p in rows]}


def balances(desk: Desk) -> Doc:
    """The coin-M account, one row per coin."""
    return {"balances": [
        {"asset": b.asset, "balance": plain(b.balance), "equity": plain(b.equity),
         "unrealized_pnl": plain(b.unrealized_profit), "available_margin": plain(b.available_margin),
         "used_margin": plain(b.used_margin), "frozen_margin": plain(b.freezed_margin)}
        for b in desk.bingx("coinm_balance").cswap_balance()]}


def orders(desk: Desk, symbol: str | None = None, history: bool = False, limit: int = 100) -> Doc:
    """Open coin-M orders, or finished ones (newest `limit`)."""
    if not 1 <= limit <= ORDERS_LIMIT_MAX:
        raise ValidationError("limit", f"must be 1 to {ORDERS_LIMIT_MAX}", limit)
    sym = coinm_symbol(symbol) if symbol else None
    client = desk.bingx("coinm_orders")
    rows = client.cswap_order_history(sym, limit=limit) if history else client.cswap_open_orders(sym)
    return {"symbol": sym or "all", "which": "history" if history else "open", "orders": [
        {"id": str(o.order_id), "client_id": o.client_order_id or None, "symbol": o.symbol, "side": o.side,
         "position_side": o.position_side, "type": o.type, "status": o.status, "price": plain(o.price),
         "amount": plain(o.quantity), "filled": plain(o.executed_qty), "avg_price": plain(o.avg_price),
         "time": o.time} for o in rows]}


# --- tables --------------------------------------------------------------------------------------------------

def _book(d: Doc) -> str:
    rows = [{"bid": b[0], "bid_amount": b[1]} for b in d["bids"]]
    for row, a in zip(rows, d["asks"], strict=False):
        row |= {"ask": a[0], "ask_amount": a[1]}
    return table((("bid_amount", "Bid contracts"), ("bid", "Bid"), ("ask", "Ask"), ("ask_amount", "Ask contracts")),
                 rows, f"{d['symbol']} order book")


TABLES: dict[str, Callable[[Doc], str]] = {
    "coinm_contracts": lambda d: table(
        (("symbol", "Symbol"), ("contract_usd", "Contract (USD)"), ("tick_size", "Tick"), ("min_qty", "Min qty")),
        d["contracts"]),
    "coinm_ticker": lambda d: table(
        (("symbol", "Symbol"), ("last", "Last"), ("change_percent", "24h %"), ("high", "High"), ("low", "Low"),
         ("volume", "Volume (contracts)")), d["tickers"]),
    "coinm_order_book": _book,
    "coinm_positions": lambda d: table(
        (("symbol", "Symbol"), ("side", "Side"), ("amount", "Contracts"), ("entry_price", "Avg price"),
         ("mark_price", "Mark"), ("unrealized_pnl", "Unrealized PnL"), ("liquidation_price", "Liq. price"),
         ("leverage", "Leverage")), d["positions"], "coin-M positions", "no open coin-M positions"),
    "coinm_balance": lambda d: table(
        (("asset", "Coin"), ("balance", "Balance"), ("equity", "Equity"), ("available_margin", "Available margin"),
         ("unrealized_pnl", "Unrealized PnL")), d["balances"], "coin-M account", "no balances"),
    "coinm_orders": lambda d: table(
        (("id", "Id"), ("symbol", "Symbol"), ("side", "Side"), ("position_side", "Position"), ("type", "Type"),
         ("price", "Price"), ("amount", "Contracts"), ("filled", "Filled"), ("status", "Status")),
        d["orders"], f"{d['which']} coin-M orders", "no orders"),
}


def register(tool: Tool, desk: Desk, respond: Respond) -> None:
    """Add the coin-M read tools (and their tables) to a server being built."""
    RENDER.update(TABLES)

    @tool(READ)
    def coinm_contracts(symbol: OptSymbol = None) -> Annotated[CallToolResult, Contracts]:
        """BingX coin-M (inverse, coin-margined) perpetual contracts: contract face value in USD, tick size,
        minimum quantity in contracts, status."""
        return respond(desk, "coinm_contracts", lambda: contracts(desk, symbol))

    @tool(READ)
    def coinm_ticker(symbol: OptSymbol = None) -> Annotated[CallToolResult, Tickers]:
        """24 h ticker of BingX coin-M perpetuals: last, open, high, low, volume in contracts, change and %."""
        return respond(desk, "coinm_ticker", lambda: tickers(desk, symbol))

    @tool(READ)
    def coinm_order_book(symbol: Symbol, depth: Annotated[int, Field(
            description="levels per side: 5, 10, 20, 50, 100, 500 or 1000")] = 20) -> Annotated[CallToolResult, s.Book]:
        """The top of a BingX coin-M order book: bids and asks as [price, contracts], best first."""
        return respond(desk, "coinm_order_book", lambda: order_book(desk, symbol, depth))

    @tool(READ)
    def coinm_positions(symbol: OptSymbol = None) -> Annotated[CallToolResult, Positions]:
        """Open BingX coin-M positions: side, contracts, entry and mark price, unrealized PnL and margin in the coin,
        liquidation price, leverage, margin mode."""
        return respond(desk, "coinm_positions", lambda: positions(desk, symbol))

    @tool(READ)
    def coinm_balance() -> Annotated[CallToolResult, Balances]:
        """The BingX coin-M account per coin (BTC, ETH, ...): balance, equity, unrealized PnL, available, used and
        frozen margin, all in that coin."""
        return respond(desk, "coinm_balance", lambda: balances(desk))

    @tool(READ)
    def coinm_orders(symbol: OptSymbol = None,
                     history: Annotated[bool, Field(description="finished orders instead of open ones")] = False,
                     limit: Annotated[int, Field(description="history: most orders (1-1000)")] = 100,
                     ) -> Annotated[CallToolResult, Orders]:
        """BingX coin-M orders: the open ones, or with history=true the finished ones."""
        return respond(desk, "coinm_orders", lambda: orders(desk, symbol, history, limit))
