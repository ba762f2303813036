"""The tools' output schemas: what a structured result holds, published to the client and checked on every call.

Amounts, prices and rates are exact decimal strings (`Dec`), never JSON numbers; times are UTC Unix ms.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

Dec = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", description="exact decimal, as the exchange sent it")]
Ms = Annotated[int, Field(description="UTC Unix milliseconds")]
# A book level's price or amount: the same exact decimal, without the pattern. A book result carries 2 x 2 x depth
# of them, and the client's jsonschema check ran the regex on each (~2 ms per 20-level call, `python
# bench/schema_validation.py`). The server writes them from Decimals with `format(value, "f")` (mcp/desk.py
# `plain`), which never gives an exponent; tests/mcp/test_schemas.py holds the book tool's output to the pattern.
BookDec = Annotated[str, Field(description="exact decimal, as the exchange sent it")]


class Result(BaseModel):
    """Every result says where it ran."""

    notice: str | None = Field(None, description="the environment's notice (VST, testnet, simulator): tell the user")
    venue: str = Field(description="bingx or binance")
    env: str = Field(description="live (real funds), vst (BingX simulated funds), testnet or sim (offline)")


class BalanceRow(BaseModel):
    venue: str
    account: str
    asset: str
    total: Dec
    free: Dec
    used: Dec
    equity: Dec | None = None
    unrealized_pnl: Dec | None = None


class SwapSummary(BaseModel):
    asset: str
    balance: Dec | None
    equity: Dec | None
    unrealized_pnl: Dec | None
    available_margin: Dec | None
    used_margin: Dec | None
    frozen_margin: Dec | None


class AccountValue(BaseModel):
    account: str = Field(description="sopt (spot/fund), stdFutures, coinMPerp, USDTMPerp, copyTrading, grid, ...")
    usdt: Dec


class Balances(Result):
    account: str
    accounts: dict[str, list[BalanceRow]] = Field(description="rows per account: spot, fund, swap (BingX)")
    swap_summary: list[SwapSummary] | None = Field(None, description="perpetual margin per asset (BingX)")
    overview_usdt: list[AccountValue] | None = Field(None, description="USDT value of every account type (BingX)")


class PositionRow(BaseModel):
    venue: str
    symbol: str
    side: str = Field(description="long or short")
    amount: Dec
    entry_price: Dec
    mark_price: Dec | None
    unrealized_pnl: Dec | None
    liquidation_price: Dec | None
    leverage: int
    margin_mode: str = Field(description="cross or isolated")
    id: str | None = None


class Positions(Result):
    symbol: str
    positions: list[PositionRow]


class Rate(BaseModel):
    rate: Dec = Field(description="fraction: 0.0005")
    percent: Dec = Field(description="percentage: 0.05 means 0.05%")


class Commission(Result):
    taker: Rate
    maker: Rate


class IncomeRow(BaseModel):
    time: Ms
    time_utc: str
    type: str
    symbol: str | None
    amount: Dec
    asset: str
    info: str | None
    tran_id: str


class Income(Result):
    income_type: str
    symbol: str
    start: Ms
    end: Ms
    start_utc: str
    end_utc: str
    default_range_applied: bool = Field(description="true when no start_time was given: the last 7 days")
    note: str = Field(description="the range rules to tell the user")
    total: int
    returned: int
    truncated: bool
    rows: list[IncomeRow]


class TransferRow(BaseModel):
    time: Ms
    time_utc: str
    direction: str | None
    asset: str
    amount: Dec
    status: str | None
    tran_id: str


class TransferHistory(Result):
    direction: str
    rows: list[TransferRow]


class Coin(BaseModel):
    coin: str
    name: str | None


class SupportedCoins(Result):
    direction: str
    from_account: str
    to_account: str
    coins: list[Coin]


class InternalRow(BaseModel):
    id: str
    direction: str | None = Field(description="sent or received")
    coin: str
    amount: Dec
    from_uid: str | None
    to_uid: str | None
    status: int = Field(description="4 pending, 5 failed, 6 completed")
    status_text: str
    client_id: str | None
    time: Ms | None
    time_utc: str | None


class InternalHistory(Result):
    coin: str
    total: int
    rows: list[InternalRow]


class TickerRow(BaseModel):
    venue: str
    symbol: str
    last: Dec
    bid: Dec | None = None
    ask: Dec | None = None
    open: Dec | None = None
    high: Dec | None = None
    low: Dec | None = None
    volume: Dec | None = None
    quote_volume: Dec | None = None
    change_percent: Dec | None = None
    change: Dec | None = None
    time: Ms | None = None


class Tickers(Result):
    tickers: list[TickerRow]


class PriceRow(BaseModel):
    symbol: str
    last: Dec
    time: Ms | None


class Prices(Result):
    tickers: list[PriceRow]


class Book(Result):
    symbol: str
    bids: list[tuple[BookDec, BookDec]] = Field(description="[price, amount], best (highest) first")
    asks: list[tuple[BookDec, BookDec]] = Field(description="[price, amount], best (lowest) first")
    time: Ms | None = None


class Candle(BaseModel):
    time: Ms
    open: Dec
    high: Dec
    low: Dec
    close: Dec
    volume: Dec


class Klines(Result):
    symbol: str
    interval: str
    note: str | None = None
    candles: list[Candle] = Field(description="oldest first")


class FundingRow(BaseModel):
    symbol: str
    mark_price: Dec
    index_price: Dec | None
    funding_rate: Dec | None
    funding_percent: Dec | None
    next_funding_time: Ms | None


class Funding(Result):
    funding: list[FundingRow]


class ContractRow(BaseModel):
    symbol: str
    tick_size: Dec
    step_size: Dec
    min_qty: Dec | None
    min_usdt: Dec | None
    max_leverage: int | None
    taker_fee_rate: Dec | None
    maker_fee_rate: Dec | None
    status: int | None = Field(description="1: trading")


class Contracts(Result):
    contracts: list[ContractRow]


class ServerTime(Result):
    server_time: Ms
    server_time_utc: str
    local_time: Ms
    offset_ms: int = Field(description="server minus this machine")
    round_trip_ms: int


class OrderRow(BaseModel):
    venue: str
    market: str = Field(description="spot or swap")
    symbol: str
    id: str
    client_id: str | None
    side: str
    type: str
    status: str | None
    price: Dec | None
    amount: Dec | None
    filled: Dec | None
    time_in_force: str | None = None
    position_side: str | None = None
    reduce_only: bool | None = None
    time: Ms | None = None
    stop_price: Dec | None = Field(default=None, description="trigger of a stop, take-profit or trailing order")
    average: Dec | None = Field(default=None, description="average fill price, when the venue's answer has it")
    fee: Dec | None = Field(default=None, description="total fee, in fee_asset (BingX: negative when paid)")
    fee_asset: str | None = None


class OneOrder(Result):
    order: OrderRow


class Orders(Result):
    market: str
    orders: list[OrderRow]


class PositionRecord(BaseModel):
    position_id: str
    symbol: str
    side: str = Field(description="LONG, SHORT or BOTH")
    open_time: Ms | None
    update_time: Ms | None
    avg_price: Dec | None
    avg_close_price: Dec | None
    amount: Dec | None
    closed_amount: Dec | None
    realised_profit: Dec | None
    net_profit: Dec | None
    leverage: int | None


class PositionHistory(Result):
    symbol: str
    start: Ms
    end: Ms
    positions: list[PositionRecord]


class ForceOrders(Result):
    close_type: str = Field(description="LIQUIDATION, ADL or all")
    orders: list[OrderRow]


class Prepared(Result):
    prepared: bool
    executed: bool = Field(description="always false: a prepare call sends nothing")
    would_do: dict[str, Any] = Field(description="exactly what execute will do; summary is the sentence to show")
    token: str = Field(description="pass to execute; works once, expires after expires_in_s")
    expires_in_s: int
    confirm_required: bool = Field(description="live: execute needs confirm=\"CONFIRM\" typed by the user")
    api_key: str | None = Field(None, description="live: the (masked) key that will act")
    next_step: str


class Executed(Result):
    executed: bool
    did: dict[str, Any] = Field(description="the prepared action that was carried out")
    result: dict[str, Any] = Field(description="the exchange's answer: transfer id, order, ...")


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every `$ref` to its own `$defs` replaced by the definition, and `$defs` dropped.

    Pydantic publishes nested models (a list of `Candle`, of `TickerRow`, ...) as `$ref`s; the MCP SDK's client checks
    every structured result with jsonschema, which resolves a `$ref` on every row it visits: inlined, the same
    check of 100 candles costs about a third less (`python bench/schema_validation.py`). The rules are unchanged,
    exact-decimal patterns included. A schema that refers to itself (none here) is returned as it is.
    """
    defs = schema.get("$defs")
    if not defs:
        return schema

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name in seen:
                    raise RecursionError(name)
                merged = {**defs[name], **{k: v for k, v in node.items() if k != "$ref"}}
                return inline(merged, (*seen, name))
            return {k: inline(v, seen) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v, seen) for v in node]
        return node

    try:
        flat: dict[str, Any] = inline(schema, ())
    except RecursionError:
        return schema
    return flat
