"""The MCP server: the `Desk`'s work as tools, each result JSON led by the environment's notice."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from tradewire.cli.session import Options, Session
from tradewire.core.errors import TradewireError
from tradewire.mcp.desk import Desk, Doc

INSTRUCTIONS = """\
tradewire: BingX and Binance accounts, market data and trading. Amounts and prices are decimal strings; times
accept 7d, 12h, 2024-05-01, 2024-05-01T08:00 (UTC) or Unix ms.
Results start with the environment's notice when there is one (VST, testnet, simulator): pass it on to the user.
On live, transfer, place_order and cancel_order first return a preview and a one-time token and do nothing.
Show the preview; only if the user types CONFIRM, call again with the same parameters, confirm="CONFIRM" and the
token. Never type CONFIRM on the user's behalf. An OUTCOME UNKNOWN error means the action may have happened: check
as the message says; never repeat it blindly."""

Tool = Callable[..., CallToolResult]
READ = ToolAnnotations(read_only_hint=True, open_world_hint=True)
MONEY = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True)

Symbol = Annotated[str, Field(description="market in any spelling: BTC-USDT, BTC/USDT, BTCUSDT or BTC")]
OptSymbol = Annotated[str | None, Field(description="market (e.g. BTC-USDT); all when omitted")]
Market = Annotated[str, Field(description="spot or swap (BingX USDT-M perpetuals)")]
Since = Annotated[str | None, Field(description="start: 7d, 12h, 2024-05-01, 2024-05-01T08:00 (UTC), Unix ms")]
Until = Annotated[str | None, Field(description="end (default: now)")]
Direction = Annotated[str, Field(description="FUND_PFUTURES, PFUTURES_FUND, FUND_SFUTURES, SFUTURES_FUND, "
                                             "SFUTURES_PFUTURES or PFUTURES_SFUTURES")]
Confirm = Annotated[str | None, Field(description="live only: \"CONFIRM\", once the user typed it after the preview")]
Token = Annotated[str | None, Field(description="live only: the token the preview returned")]


def respond(desk: Desk, work: Callable[[], Doc]) -> CallToolResult:
    """Run one tool's work: `[notice, JSON]` on success, `[notice, message]` as a tool error."""
    notice: str | None = None
    with desk.lock:
        try:
            notice = desk.notice()
            doc = {"venue": desk.exchange().venue, "env": desk.session.env, **work()}
        except TradewireError as e:
            lead = [TextContent(type="text", text=notice)] if notice else []
            return CallToolResult(content=[*lead, TextContent(type="text", text=desk.explain(e))], is_error=True)
    if notice:
        doc = {"notice": notice, **doc}
    lead = [TextContent(type="text", text=notice)] if notice else []
    return CallToolResult(content=[*lead, TextContent(type="text", text=json.dumps(doc, indent=1))],
                          structured_content=doc)


def build_server(desk: Desk) -> MCPServer:
    """An `MCPServer` whose tools act through `desk`."""
    server = MCPServer("tradewire", instructions=INSTRUCTIONS, log_level="WARNING")

    def read(fn: Tool) -> Tool:
        server.add_tool(fn, annotations=READ)
        return fn

    def money(fn: Tool) -> Tool:
        server.add_tool(fn, annotations=MONEY)
        return fn

    @read
    def balances(account: Annotated[str, Field(description="all, or one of spot, fund, swap (BingX); spot "
                                                          "(Binance)")] = "all") -> CallToolResult:
        """Balances of all accounts (BingX: spot, fund, perpetual swap, plus the USDT value per account type)."""
        return respond(desk, lambda: desk.balances(account))

    @read
    def positions(symbol: OptSymbol = None) -> CallToolResult:
        """Open perpetual positions: side, amount, entry and mark price, unrealized PnL, liquidation price."""
        return respond(desk, lambda: desk.positions(symbol))

    @read
    def commission_rates() -> CallToolResult:
        """Your perpetual taker and maker commission rates, with percentages (BingX)."""
        return respond(desk, desk.commission_rates)

    @read
    def income(income_type: Annotated[str | None, Field(description="pnl, funding, commission, liquidation, adl, "
                                                                    "transfer, or an incomeType; all if omitted")]
               = None, symbol: OptSymbol = None, start_time: Since = None, end_time: Until = None,
               limit: Annotated[int, Field(description="most rows returned, newest first (1-1000)")] = 100,
               ) -> CallToolResult:
        """Perpetual fund flow (PnL, funding fees, trading fees, ...). Without start_time: the last 7 days (the
        result says so); only the last 3 months exist (BingX)."""
        return respond(desk, lambda: desk.income(income_type, symbol, start_time, end_time, limit))

    @read
    def transfer_history(direction: Annotated[str | None, Field(description="one transfer direction; all if "
                                                                           "omitted")] = None,
                         start_time: Since = None, end_time: Until = None) -> CallToolResult:
        """Records of transfers between your own accounts, newest first (BingX)."""
        return respond(desk, lambda: desk.transfer_history(direction, start_time, end_time))

    @read
    def price(symbol: OptSymbol = None) -> CallToolResult:
        """Last price of one market, or of all."""
        return respond(desk, lambda: desk.tickers(symbol, ("symbol", "last", "time")))

    @read
    def ticker(symbol: OptSymbol = None) -> CallToolResult:
        """24 h ticker (last, bid, ask, open, high, low, volume, change %) of one market, or of all."""
        return respond(desk, lambda: desk.tickers(symbol))

    @read
    def order_book(symbol: Symbol, depth: Annotated[int, Field(description="levels: 5, 10, 20, 50, 100, 500, 1000")]
                   = 20) -> CallToolResult:
        """Order book, best levels first, as [price, amount]."""
        return respond(desk, lambda: desk.order_book(symbol, depth))

    @read
    def klines(symbol: Symbol, interval: Annotated[str, Field(description="1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d "
                                                                          "3d 1w 1M")] = "1h",
               limit: Annotated[int | None, Field(description="how many candles (default 100)")] = None,
               start_time: Since = None, end_time: Until = None) -> CallToolResult:
        """Candles (OHLCV), oldest first; the 100 most recent unless told otherwise."""
        return respond(desk, lambda: desk.klines(symbol, interval, limit, start_time, end_time))

    @read
    def funding(symbol: OptSymbol = None) -> CallToolResult:
        """Perpetual mark price, index price, last funding rate (and %) and next funding time (BingX)."""
        return respond(desk, lambda: desk.funding(symbol))

    @read
    def contracts(symbol: OptSymbol = None) -> CallToolResult:
        """Perpetual contracts: tick and step size, minimums, max leverage, fee rates (BingX)."""
        return respond(desk, lambda: desk.contracts(symbol))

    @read
    def server_time() -> CallToolResult:
        """The exchange's clock and how far this machine's clock is from it (ms)."""
        return respond(desk, desk.server_time)

    @read
    def get_order(symbol: Symbol, market: Market = "spot", order_id: str | None = None,
                  client_id: str | None = None) -> CallToolResult:
        """One order in any status, by order_id or client_id (use it to check an unknown outcome)."""
        return respond(desk, lambda: desk.get_order(symbol, market, order_id, client_id))

    @read
    def open_orders(market: Market = "spot", symbol: OptSymbol = None) -> CallToolResult:
        """Open orders of one market."""
        return respond(desk, lambda: desk.open_orders(market, symbol))

    @money
    def transfer(direction: Direction, asset: Annotated[str, Field(description="e.g. USDT")],
                 amount: Annotated[str, Field(description="exact decimal string, e.g. \"25.5\"")],
                 confirm: Confirm = None, token: Token = None) -> CallToolResult:
        """Move an asset between your own BingX accounts. On live: preview and token first, CONFIRM to act."""
        return respond(desk, lambda: desk.transfer(direction, asset, amount, confirm, token))

    @money
    def place_order(symbol: Symbol, side: Annotated[str, Field(description="buy or sell")],
                    type: Annotated[str, Field(description="MARKET or LIMIT")],
                    amount: Annotated[str, Field(description="quantity in the base asset, decimal string")],
                    price: Annotated[str | None, Field(description="limit price, decimal string")] = None,
                    market: Market = "spot", time_in_force: Annotated[str | None, Field(
                        description="GTC, IOC, FOK or PostOnly")] = None,
                    client_id: Annotated[str | None, Field(description="your order id; one is chosen if omitted")]
                    = None,
                    position_side: Annotated[str | None, Field(description="swap: LONG, SHORT or BOTH")] = None,
                    reduce_only: Annotated[bool | None, Field(description="swap: only reduce a position")] = None,
                    confirm: Confirm = None, token: Token = None) -> CallToolResult:
        """Place a spot or perpetual order. On live: preview and token first, CONFIRM to act."""
        return respond(desk, lambda: desk.place_order(symbol, side, type, amount, price, market, time_in_force,
                                                      client_id, position_side, reduce_only, confirm, token))

    @money
    def cancel_order(symbol: Symbol, market: Market = "spot", order_id: str | None = None,
                     client_id: str | None = None, confirm: Confirm = None, token: Token = None) -> CallToolResult:
        """Cancel one order by order_id or client_id. On live: preview and token first, CONFIRM to act."""
        return respond(desk, lambda: desk.cancel_order(symbol, market, order_id, client_id, confirm, token))

    return server


def serve(opts: Options, environ: dict[str, str] | None = None) -> None:
    """Run the server on stdio until the client leaves. Notices and logs go to stderr; stdout is the protocol."""
    session = Session(replace(opts, fmt="json"), environ)
    try:
        session.exchange()  # fail now on a bad configuration; start the simulator for `sim`
        build_server(Desk(session)).run("stdio")
    finally:
        session.close()
