"""The MCP server: the tools, their descriptions and output schemas; every result is led by where it ran.

Built on the MCP SDK: over HTTP it is the whole server; over stdio `stdio.py` answers the protocol and hands each
tools/call to it (the SDK is imported on the first call). `tools.json` is what it lists (see `catalogue.py`).

A result is `[label, table, JSON]` with the JSON also as structured content (checked against the tool's schema);
an error is `[label, one clear line]` flagged as a tool error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase
from mcp.types import CallToolResult, ContentBlock, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import ConfigDict, Field
from pydantic import ValidationError as PydanticError

from tradewire.core.errors import TradewireError
from tradewire.mcp import extras, money, reads
from tradewire.mcp import schemas as s
from tradewire.mcp.catalogue import INSTRUCTIONS
from tradewire.mcp.coinm import register as register_coinm
from tradewire.mcp.desk import Desk, Doc
from tradewire.mcp.tables import RENDER

READ = ToolAnnotations(read_only_hint=True, open_world_hint=True)
PREPARE = ToolAnnotations(read_only_hint=True, idempotent_hint=False, open_world_hint=True)
EXECUTE = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True)

DIRECTIONS = ("FUND_PFUTURES: fund account -> USDT-M perpetual futures; PFUTURES_FUND: perpetual -> fund; "
              "FUND_SFUTURES: fund -> standard contract; SFUTURES_FUND: standard contract -> fund; "
              "SFUTURES_PFUTURES: standard contract -> perpetual; PFUTURES_SFUTURES: perpetual -> standard contract. "
              "The fund account is BingX's spot/funding wallet")
Symbol = Annotated[str, Field(description="market in any spelling: BTC-USDT, BTC/USDT, BTCUSDT; a bare coin (BTC) "
                                          "means its USDT market")]
OptSymbol = Annotated[str | None, Field(description="market, e.g. BTC-USDT; all markets when omitted")]
Market = Annotated[str, Field(description="spot, or swap (BingX USDT-M perpetual futures)")]
DataMarket = Annotated[str | None, Field(description="spot, or swap (USDT-M perpetual futures: BingX swap, Binance "
                                                     "USD-M futures); default: swap on BingX, spot on Binance")]
Since = Annotated[str | None, Field(description="start: 7d, 12h, 2024-05-01, 2024-05-01T08:00 (UTC) or Unix ms")]
Until = Annotated[str | None, Field(description="end (default: now), same forms as start")]
Direction = Annotated[str, Field(description=DIRECTIONS)]
OrderId = Annotated[str | None, Field(description="the exchange's order id (give this or client_id)")]
ClientId = Annotated[str | None, Field(description="your client order id (give this or order_id)")]


def respond(desk: Desk, tool: str, work: Callable[[], Doc]) -> CallToolResult:
    """Run one tool's work: `[label, table, JSON]`, or `[label, message]` as a tool error."""
    blocks: list[str] = []
    with desk.lock:
        try:
            blocks.append(desk.label())
            doc = {"notice": desk.notice(), "venue": desk.exchange().venue, "env": desk.session.env, **work()}
        except TradewireError as e:
            return CallToolResult(content=_texts([*blocks, desk.explain(e)]), is_error=True)
    return CallToolResult(content=_texts([*blocks, RENDER[tool](doc), json.dumps(doc, indent=1)]),
                          structured_content=doc)


def _texts(blocks: list[str]) -> list[ContentBlock]:
    return [TextContent(type="text", text=b) for b in blocks]


class Server(MCPServer):
    """The SDK's server, with arguments checked strictly: an unknown argument is refused (the SDK's argument
    models ignore extra keys by default), and a refused argument is one line naming it, led by where it ran."""

    def __init__(self, desk: Desk) -> None:
        super().__init__("tradewire", instructions=INSTRUCTIONS, log_level="WARNING")
        self.desk = desk

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        context: Context[Any, Any] | None = None) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as e:
            if not isinstance(e.__cause__, PydanticError):
                raise
            line = argument_error(name, e.__cause__)
        head: list[str] = []
        with self.desk.lock, suppress(TradewireError):  # the venue cannot even be named: the line alone
            head.append(self.desk.label())
        return CallToolResult(content=_texts([*head, line]), is_error=True)

    def forbid_extra_arguments(self) -> None:
        """Every tool's argument model refuses unknown keys, and its published input schema says so; output schemas
        are published with their `$ref`s inlined (cheaper for clients to check every result against)."""
        for tool in self._tool_manager.list_tools():
            meta = tool.fn_metadata
            meta.arg_model = _forbidding(meta.arg_model)
            # the SDK's schema plus the one keyword `extra="forbid"` adds: the same dict as regenerating it from the
            # strict model (checked), without a second pydantic schema generation per tool at start-up
            tool.parameters = {**tool.parameters, "additionalProperties": False}
            if meta.output_schema is not None:
                meta.output_schema = s.inline_refs(meta.output_schema)


def _forbidding(model: type[ArgModelBase]) -> type[ArgModelBase]:
    """`model`, refusing keys it does not declare."""
    config = ConfigDict(**{**model.model_config, "extra": "forbid"})
    return type(model.__name__, (model,), {"model_config": config, "__module__": model.__module__})


def argument_error(tool: str, exc: PydanticError) -> str:
    """`invalid <argument>: <rule>; nothing was sent`, every refused argument on one line."""
    parts = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "arguments"
        kind = err["type"]
        if kind == "extra_forbidden":
            rule = f"is not an argument of {tool} (see the tool's input schema)"
        elif kind == "missing":
            rule = "is required"
        elif kind == "string_type":
            rule = "must be a string (amounts and prices are decimal strings, e.g. \"25.5\")"
        else:
            rule = " ".join(str(err["msg"]).split())
            rule = rule[:1].lower() + rule[1:]
        parts.append(f"{name}: {rule}")
    return f"invalid {'; '.join(parts)}; nothing was sent"


def build_server(desk: Desk) -> Server:
    """The SDK server whose tools act through `desk`."""
    server = Server(desk)

    def tool(annotations: ToolAnnotations) -> Callable[[Callable[..., CallToolResult]], None]:
        def add(fn: Callable[..., CallToolResult]) -> None:
            server.add_tool(fn, annotations=annotations)
        return add

    # --- account -----------------------------------------------------------------------------------------------

    @tool(READ)
    def balances(account: Annotated[str, Field(description="all, or one of: spot, fund (BingX's funding wallet), "
                                                          "swap (USDT-M perpetual futures); Binance has spot")]
                 = "all") -> Annotated[CallToolResult, s.Balances]:
        """Balances per account: free, used (in orders or margin), total. On BingX also the perpetual margin
        summary (equity, available/used margin, unrealized PnL) and, for all, the USDT value of every account
        type (spot, standard futures, coin-M, USDT-M, copy trading, grid, wealth)."""
        return respond(desk, "balances", lambda: reads.balances(desk, account))

    @tool(READ)
    def positions(symbol: OptSymbol = None) -> Annotated[CallToolResult, s.Positions]:
        """Open perpetual positions: side, amount, average entry and mark price, unrealized PnL, liquidation
        price, leverage, margin mode. For "my BTC position" pass BTC."""
        return respond(desk, "positions", lambda: reads.positions(desk, symbol))

    @tool(READ)
    def commission_rates(symbol: Annotated[str | None, Field(
            description="Binance only, required there: the USD-M symbol (rates are per symbol)")] = None,
                         ) -> Annotated[CallToolResult, s.Commission]:
        """Your perpetual taker and maker commission rates, as fractions and percentages (BingX: one rate;
        Binance: USD-M futures, per symbol)."""
        return respond(desk, "commission_rates", lambda: reads.commission_rates(desk, symbol))

    @tool(READ)
    def income(income_type: Annotated[str | None, Field(
                   description="pnl (REALIZED_PNL), funding (FUNDING_FEE), commission/trading fee (TRADING_FEE), "
                               "liquidation (INSURANCE_CLEAR), adl (ADL), transfer (TRANSFER), or any incomeType; "
                               "all types when omitted")] = None,
               symbol: OptSymbol = None, start_time: Since = None, end_time: Until = None,
               limit: Annotated[int, Field(description="most rows returned, newest first (1-1000)")] = 100,
               ) -> Annotated[CallToolResult, s.Income]:
        """Perpetual fund flow: realized PnL, funding fees, trading fees, liquidations, transfers (BingX).
        Without start_time: the last 7 days; only the last 3 months exist. The result's note says which: tell the
        user."""
        return respond(desk, "income", lambda: reads.income(desk, income_type, symbol, start_time, end_time, limit))

    @tool(READ)
    def transfer_history(direction: Annotated[str | None, Field(description="one direction (all when omitted): "
                                                                           + DIRECTIONS)] = None,
                         start_time: Since = None, end_time: Until = None
                         ) -> Annotated[CallToolResult, s.TransferHistory]:
        """Records of transfers between your own BingX accounts, newest first: asset, amount, type, time,
        status."""
        return respond(desk, "transfer_history", lambda: reads.transfer_history(desk, direction, start_time,
                                                                                end_time))

    @tool(READ)
    def supported_coins(direction: Direction) -> Annotated[CallToolResult, s.SupportedCoins]:
        """Coins that can be transferred in one direction between your own BingX accounts."""
        return respond(desk, "supported_coins", lambda: reads.supported_coins(desk, direction))

    @tool(READ)
    def internal_transfer_history(coin: Annotated[str, Field(description="e.g. USDT")],
                                  client_id: Annotated[str | None, Field(
                                      description="the client id a prepare_internal_transfer preview showed")] = None,
                                  start_time: Since = None, end_time: Until = None,
                                  limit: Annotated[int, Field(description="most rows (1-1000)")] = 100,
                                  ) -> Annotated[CallToolResult, s.InternalHistory]:
        """Internal transfers of one coin to and from other BingX users, newest first (sent or received)."""
        return respond(desk, "internal_transfer_history",
                       lambda: reads.internal_transfer_history(desk, coin, client_id, start_time, end_time, limit))

    # --- market data -------------------------------------------------------------------------------------------

    @tool(READ)
    def price(symbol: OptSymbol = None, market: DataMarket = None) -> Annotated[CallToolResult, s.Prices]:
        """Last price of one market, or of all (BingX: perpetuals unless market="spot"; Binance: spot unless
        market="swap")."""
        return respond(desk, "price", lambda: reads.tickers(desk, symbol, ("symbol", "last", "time"), market))

    @tool(READ)
    def ticker(symbol: OptSymbol = None, market: DataMarket = None) -> Annotated[CallToolResult, s.Tickers]:
        """24 h ticker: last, best bid and ask, open, high, low, volume, change and change %."""
        return respond(desk, "ticker", lambda: reads.tickers(desk, symbol, None, market))

    @tool(READ)
    def order_book(symbol: Symbol, depth: Annotated[int, Field(description="levels per side: 5, 10, 20, 50, 100, "
                                                                           "500 or 1000")] = 20,
                   market: DataMarket = None) -> Annotated[CallToolResult, s.Book]:
        """The top of the order book: bids and asks as [price, amount], best first."""
        return respond(desk, "order_book", lambda: reads.order_book(desk, symbol, depth, market))

    @tool(READ)
    def klines(symbol: Symbol,
               interval: Annotated[str, Field(description="1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M")] = "1h",
               limit: Annotated[int | None, Field(description="how many candles (default 100)")] = None,
               start_time: Since = None, end_time: Until = None,
               market: DataMarket = None) -> Annotated[CallToolResult, s.Klines]:
        """Candles (open time, open, high, low, close, volume), oldest first; the 100 most recent by default."""
        return respond(desk, "klines", lambda: reads.klines(desk, symbol, interval, limit, start_time, end_time,
                                                            market))

    @tool(READ)
    def funding(symbol: OptSymbol = None) -> Annotated[CallToolResult, s.Funding]:
        """Perpetual mark and index price, last funding rate (and %), next funding time (BingX)."""
        return respond(desk, "funding", lambda: reads.funding(desk, symbol))

    @tool(READ)
    def contracts(symbol: OptSymbol = None) -> Annotated[CallToolResult, s.Contracts]:
        """Perpetual contracts: tick and step size, minimum quantity and value, max leverage, fees (BingX)."""
        return respond(desk, "contracts", lambda: reads.contracts(desk, symbol))

    @tool(READ)
    def server_time() -> Annotated[CallToolResult, s.ServerTime]:
        """The exchange's clock and how far this machine's clock is from it (ms)."""
        return respond(desk, "server_time", lambda: reads.server_time(desk))

    # --- orders ------------------------------------------------------------------------------------------------

    @tool(READ)
    def get_order(symbol: Symbol, market: Market = "spot", order_id: OrderId = None, client_id: ClientId = None
                  ) -> Annotated[CallToolResult, s.OneOrder]:
        """One order in any status (use it to check an unknown outcome)."""
        return respond(desk, "get_order", lambda: reads.get_order(desk, symbol, market, order_id, client_id))

    @tool(READ)
    def open_orders(market: Market = "spot", symbol: OptSymbol = None) -> Annotated[CallToolResult, s.Orders]:
        """Open orders of one market."""
        return respond(desk, "open_orders", lambda: reads.open_orders(desk, market, symbol))

    @tool(READ)
    def position_history(symbol: Symbol, start_time: Since = None, end_time: Until = None
                         ) -> Annotated[CallToolResult, s.PositionHistory]:
        """BingX perpetual positions of one symbol open in a range, closed ones included: side, average open and
        close price, amount, realised and net PnL. Default: the last 7 days; at most 90 days."""
        return respond(desk, "position_history", lambda: extras.position_history(desk, symbol, start_time,
                                                                                 end_time))

    @tool(READ)
    def force_orders(symbol: OptSymbol = None, close_type: Annotated[str | None, Field(
                         description="liquidation or adl; both when omitted")] = None,
                     start_time: Since = None, end_time: Until = None,
                     limit: Annotated[int, Field(description="most rows (1-100)")] = 50,
                     ) -> Annotated[CallToolResult, s.ForceOrders]:
        """BingX perpetual forced orders: liquidations and auto-deleveraging (ADL), newest first."""
        return respond(desk, "force_orders", lambda: extras.force_orders(desk, symbol, close_type, start_time,
                                                                         end_time, limit))

    # --- moving money: prepare, then execute -------------------------------------------------------------------

    @tool(PREPARE)
    def prepare_cancel_all_after(seconds: Annotated[int, Field(
                                     description="10-120: cancel every open order then unless renewed; 0 stops it")],
                                 market: Annotated[str, Field(description="spot or swap (BingX)")] = "swap",
                                 ) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of the BingX kill switch (it cancels orders): validates, sends nothing, returns the preview and a
        one-time token for execute (CONFIRM on live). Renew it before it fires; 0 stops it."""
        return respond(desk, "prepare_cancel_all_after",
                       lambda: extras.prepare_cancel_all_after(desk, seconds, market))

    @tool(PREPARE)
    def prepare_transfer(direction: Direction, asset: Annotated[str, Field(description="e.g. USDT")],
                         amount: Annotated[str, Field(description="exact decimal string, e.g. \"25.5\"")],
                         ) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of moving an asset between your own BingX accounts: validates, sends nothing, returns the preview
        and a one-time token for execute."""
        return respond(desk, "prepare_transfer", lambda: money.prepare_transfer(desk, direction, asset, amount))

    @tool(PREPARE)
    def prepare_internal_transfer(
        coin: Annotated[str, Field(description="e.g. USDT")],
        amount: Annotated[str, Field(description="exact decimal string, e.g. \"10\"")],
        recipient_type: Annotated[str, Field(description="how the recipient is named: uid, phone or email")],
        recipient: Annotated[str, Field(description="the recipient's BingX UID, phone number or email")],
        from_account: Annotated[str, Field(description="the account that pays: fund (default), spot, "
                                                       "standard_futures or perpetual_futures")] = "fund",
        calling_code: Annotated[str | None, Field(description="phone only: the country code, e.g. 44")] = None,
    ) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of sending a coin to ANOTHER BingX user (irreversible): validates, sends nothing, returns the
        preview and a one-time token for execute."""
        return respond(desk, "prepare_internal_transfer", lambda: money.prepare_internal_transfer(
            desk, coin, amount, recipient_type, recipient, from_account, calling_code))

    @tool(PREPARE)
    def prepare_order(symbol: Symbol, side: Annotated[str, Field(description="buy or sell")],
                      type: Annotated[str, Field(description="LIMIT (needs price) or MARKET (no price)")],
                      amount: Annotated[str, Field(description="quantity in the base asset, exact decimal string")],
                      price: Annotated[str | None, Field(description="limit price, exact decimal string")] = None,
                      market: Market = "spot",
                      time_in_force: Annotated[str | None, Field(
                          description="GTC (until cancelled, the LIMIT default), IOC, FOK or PostOnly")] = None,
                      client_id: Annotated[str | None, Field(description="your order id; chosen if omitted")] = None,
                      position_side: Annotated[str | None, Field(
                          description="swap hedge mode: LONG or SHORT; BOTH in one-way mode")] = None,
                      reduce_only: Annotated[bool | None, Field(description="swap: only reduce a position")] = None,
                      ) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of placing an order: checks it completely (parameters, the market's tick and step sizes, the
        exchange's test endpoint where there is one), sends no order, returns the preview and a token."""
        return respond(desk, "prepare_order", lambda: money.prepare_order(
            desk, symbol, side, type, amount, price, market, time_in_force, client_id, position_side, reduce_only))

    @tool(PREPARE)
    def prepare_cancel(symbol: Symbol, market: Market = "spot", order_id: OrderId = None,
                       client_id: ClientId = None) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of cancelling an order: finds it, returns the preview and a one-time token for execute."""
        return respond(desk, "prepare_cancel", lambda: money.prepare_cancel(desk, symbol, market, order_id,
                                                                            client_id))

    @tool(EXECUTE)
    def execute(token: Annotated[str, Field(description="the token a prepare_* call returned")],
                confirm: Annotated[str | None, Field(
                    description="live only: exactly CONFIRM, typed by the user after seeing the preview")] = None,
                ) -> Annotated[CallToolResult, s.Executed]:
        """Step 2: carry out a prepared transfer, internal transfer, order or cancel, exactly once. On live it
        needs confirm="CONFIRM" typed by the user; on VST, testnet and the simulator the token alone."""
        return respond(desk, "execute", lambda: money.execute(desk, token, confirm))

    from tradewire.mcp import wallet_tools
    wallet_tools.register(server, desk)
    register_coinm(tool, desk, respond)
    server.forbid_extra_arguments()
    return server

