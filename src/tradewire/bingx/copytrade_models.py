"""Typed results of BingX copy trading, trader side (references copytrade-swap, copytrade-spot)."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from tradewire.bingx.models import Model
from tradewire.core.codec import Id


class TrackOrder(Model, kw_only=True):
    """A trader's open copy order (perpetual); its `order_id` is the position id `closeTrackOrder` takes."""

    order_id: Id
    symbol: str
    side: str | None = None
    position_side: str | None = None
    type: str | None = None
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    price: Decimal | None = None
    avg_price: Decimal | None = None
    leverage: int | None = None
    unrealized_profit: Decimal | None = None
    margin_type: str | None = None
    create_time: int | None = None
    update_time: int | None = None


class TrackPage(Model, kw_only=True):
    total: int | None = None
    items: list[TrackOrder] | None = msgspec.field(default=None, name="list")


class CopyOrder(Model, kw_only=True):
    """The order a close (perpetual) or a sell (spot) placed."""

    order_id: Id
    symbol: str | None = None
    client_order_id: str | None = None
    side: str | None = None
    type: str | None = None
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    avg_price: Decimal | None = None
    realized_profit: Decimal | None = None
    status: str | None = None
    create_time: int | None = None
    update_time: int | None = None


class TpSl(Model, kw_only=True):
    order_id: Id
    symbol: str | None = None
    take_profit: Decimal | None = None
    stop_loss: Decimal | None = None
    update_time: int | None = None


class TraderDetail(Model, kw_only=True):
    total_profit: Decimal | None = None
    total_orders: int | None = None
    win_orders: int | None = None
    loss_orders: int | None = None
    win_rate: Decimal | None = None
    total_followers: int | None = None
    total_copy_amount: Decimal | None = None
    avg_profit_rate: Decimal | None = None
    total_profit_rate: Decimal | None = None
    create_time: int | None = None


class ProfitSummary(Model, kw_only=True):
    total_profit: Decimal | None = None
    total_loss: Decimal | None = None
    net_profit: Decimal | None = None
    profit_rate: Decimal | None = None
    total_orders: int | None = None
    win_orders: int | None = None
    win_rate: Decimal | None = None
    start_time: int | None = None
    end_time: int | None = None


class ProfitDetail(Model, kw_only=True):
    """One closed copy order: perpetual (open/close prices) or spot (buy/sell prices)."""

    order_id: Id
    symbol: str | None = None
    side: str | None = None
    position_side: str | None = None
    open_price: Decimal | None = None
    close_price: Decimal | None = None
    buy_price: Decimal | None = None
    sell_price: Decimal | None = None
    qty: Decimal | None = None
    leverage: int | None = None
    profit: Decimal | None = None
    profit_rate: Decimal | None = None
    commission: Decimal | None = None
    open_time: int | None = None
    create_time: int | None = None
    close_time: int | None = None


class ProfitPage(Model, kw_only=True):
    total: int | None = None
    items: list[ProfitDetail] | None = msgspec.field(default=None, name="list")


class Commission(Model, kw_only=True):
    commission_rate: Decimal
    update_time: int | None = None


class CopyPair(Model, kw_only=True):
    symbol: str
    status: str | None = None
    base_asset: str | None = None
    quote_asset: str | None = None
    price_precision: int | None = None
    quantity_precision: int | None = None
    max_leverage: int | None = None


class CopyPairs(Model, kw_only=True):
    items: list[CopyPair] | None = msgspec.field(default=None, name="list")


class SpotCopyOrder(Model, kw_only=True):
    order_id: Id
    symbol: str
    side: str | None = None
    type: str | None = None
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    price: Decimal | None = None
    avg_price: Decimal | None = None
    cum_quote: Decimal | None = None
    status: str | None = None
    profit: Decimal | None = None
    commission: Decimal | None = None
    create_time: int | None = None
    update_time: int | None = None


class SpotCopyPage(Model, kw_only=True):
    total: int | None = None
    items: list[SpotCopyOrder] | None = msgspec.field(default=None, name="list")
