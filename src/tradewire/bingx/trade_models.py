"""Typed BingX trading results: orders, fills, cancel results, leverage and margin settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tradewire.bingx.models import Model
from tradewire.core.codec import Id

# --- spot ------------------------------------------------------------------------------------


class SpotOrder(Model, kw_only=True):
    """A spot order as placed, cancelled or queried (status PENDING/NEW/PARTIALLY_FILLED/FILLED/...).

    The trigger price arrives as `stopPrice` (spot-trade api-reference, query) or `StopPrice` (capital S:
    open/history orders and TAKE_STOP_* orders as the live server sends them, ccxt captures); both are
    read into `stop_price`."""

    symbol: str
    order_id: Id
    side: str | None = None
    type: str | None = None
    status: str | None = None
    price: Decimal | None = None
    stop_price: Decimal | None = None
    stop_price_capital: Decimal | None = msgspec.field(default=None, name="StopPrice")
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    cummulative_quote_qty: Decimal | None = None
    orig_quote_order_qty: Decimal | None = None
    fee: Decimal | None = None
    fee_asset: str | None = None
    time_in_force: str | None = None
    transact_time: int | None = None
    time: int | None = None
    update_time: int | None = None
    client_order_id: str | None = msgspec.field(default=None, name="clientOrderID")

    def __post_init__(self) -> None:
        if self.stop_price is None:
            self.stop_price = self.stop_price_capital


class SpotOrders(Model, kw_only=True):
    orders: list[SpotOrder] | None = None
    total: int | None = None


class SpotFill(Model, kw_only=True):
    symbol: str
    id: Id
    order_id: Id
    price: Decimal
    qty: Decimal
    quote_qty: Decimal
    commission: Decimal
    commission_asset: str
    time: int
    is_buyer: bool
    is_maker: bool


class SpotFills(Model, kw_only=True):
    fills: list[SpotFill] | None = None


class SpotCancelReplace(Model, kw_only=True):
    cancel_result: str | None = None
    new_order_result: str | None = None
    cancel_response: SpotOrder | None = None
    new_order_response: SpotOrder | None = None


class SpotSymbol(Model, kw_only=True):
    """Trading rules of one spot pair."""

    symbol: str
    tick_size: Decimal
    step_size: Decimal
    min_qty: Decimal | None = None
    max_qty: Decimal | None = None
    min_notional: Decimal | None = None
    max_notional: Decimal | None = None
    status: int | None = None


class SpotSymbols(Model, kw_only=True):
    symbols: list[SpotSymbol]


class OcoLeg(Model, kw_only=True):
    symbol: str | None = None
    order_id: Id
    client_order_id: str | None = None


class OcoOrder(Model, kw_only=True):
    order_list_id: Id
    contingency_type: str | None = None
    list_status_type: str | None = None
    list_order_status: str | None = None
    list_client_order_id: str | None = None
    transaction_time: int | None = None
    symbol: str | None = None
    orders: list[OcoLeg] | None = None
    order_reports: list[SpotOrder] | None = None


# --- perpetual swap ----------------------------------------------------------------------------


class SwapOrder(Model, kw_only=True):
    """A swap order as placed, cancelled or queried.

    Placement answers differ from queries (swap-trade api-reference; live answers captured by ccxt):
    the quantity arrives as `quantity` (placing; numbers may be bare JSON numbers) or `origQty` (queries:
    `orig_qty` reads either, `origQty` first); the client id as `clientOrderID` (placing) or
    `clientOrderId`; the id also as the string `orderID`; attached `stopLoss`/`takeProfit` as a JSON
    string, an object or `""`."""

    symbol: str
    order_id: Id
    order_id_text: Id | None = msgspec.field(default=None, name="orderID")
    side: str | None = None
    position_side: str | None = None
    type: str | None = None
    status: str | None = None
    orig_qty: Decimal | None = None
    quantity: Decimal | None = None
    price: Decimal | None = None
    stop_price: Decimal | None = None
    executed_qty: Decimal | None = None
    avg_price: Decimal | None = None
    cum_quote: Decimal | None = None
    profit: Decimal | None = None
    commission: Decimal | None = None
    time_in_force: str | None = None
    working_type: str | None = None
    reduce_only: bool | None = None
    close_position: bool | str | None = None
    price_rate: Decimal | None = None
    activation_price: Decimal | None = None
    stop_guaranteed: bool | str | None = None
    stop_loss: str | dict[str, Any] | None = None
    take_profit: str | dict[str, Any] | None = None
    stop_loss_entrust_price: Decimal | None = None
    take_profit_entrust_price: Decimal | None = None
    position_id: Id | None = msgspec.field(default=None, name="positionID")
    trigger_order_id: Id | None = None
    only_one_position: bool | None = None
    leverage: str | None = None
    time: int | None = None
    update_time: int | None = None
    client_order_id: str | None = None
    client_order_id_on_place: str | None = msgspec.field(default=None, name="clientOrderID")

    def __post_init__(self) -> None:
        if self.client_order_id is None:
            self.client_order_id = self.client_order_id_on_place
        if self.orig_qty is None:
            self.orig_qty = self.quantity


class SwapOrderData(Model, kw_only=True):
    """`data.order`, as the live server wraps single swap orders."""

    order: SwapOrder


class SwapOrders(Model, kw_only=True):
    orders: list[SwapOrder] | None = None


class SwapCancelResult(Model, kw_only=True):
    success: list[SwapOrder] | None = None
    failed: list[Any] | None = None


class SwapFill(Model, kw_only=True):
    """One swap fill. **CONFLICT**: the skills list tradeId/qty/realizedPnl/fee/time, the live capture
    in ccxt volume/amount/commission/filledTime; both sets are read."""

    order_id: Id
    price: Decimal
    symbol: str | None = None
    trade_id: Id | None = None
    side: str | None = None
    qty: Decimal | None = None
    volume: Decimal | None = None
    amount: Decimal | None = None
    realized_pnl: Decimal | None = None
    fee: Decimal | None = None
    commission: Decimal | None = None
    currency: str | None = None
    time: int | None = None
    filled_time: str | None = None


class SwapFills(Model, kw_only=True):
    fill_orders: list[SwapFill] | None = msgspec.field(default=None, name="fill_orders")


class SwapCancelReplace(Model, kw_only=True):
    cancel_result: str | None = None
    new_order_result: str | None = None
    cancel_order_id: Id | None = None
    new_order_id: Id | None = None


class CloseResult(Model, kw_only=True):
    success: list[Id] | None = None
    failed: list[Any] | None = None


class ClosedPosition(Model, kw_only=True):
    order_id: Id
    position_id: Id | None = None


class MarginChange(Model, kw_only=True):
    symbol: str | None = None
    amount: Decimal | None = None
    type: int | None = None


class MarginType(Model, kw_only=True):
    margin_type: str


class Leverage(Model, kw_only=True):
    long_leverage: int
    short_leverage: int
    max_long_leverage: int | None = None
    max_short_leverage: int | None = None
    available_long_vol: Decimal | None = None
    available_short_vol: Decimal | None = None


class LeverageSet(Model, kw_only=True):
    symbol: str | None = None
    leverage: int
    available_vol: Decimal | None = None
    max_vol: Decimal | None = None


class PositionMode(Model, kw_only=True):
    """`dualSidePosition` arrives as `"true"`/`"false"` or a bool."""

    dual_side_position: bool | str

    @property
    def hedge(self) -> bool:
        """True in hedge (dual-side) mode."""
        return self.dual_side_position in (True, "true")
