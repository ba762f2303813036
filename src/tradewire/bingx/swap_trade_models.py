"""Typed results of the rest of BingX swap trading: kill switch, position history, liquidation tiers,
multi-assets, TWAP (reference swap-trade)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tradewire.bingx.models import Model
from tradewire.bingx.trade_models import SwapCancelReplace, SwapFill
from tradewire.core.codec import Id


class CancelAllAfter(Model, kw_only=True):
    """The kill switch's state: `trigger_time` in ms (0 when closed), `status` ACTIVATED/CLOSED/FAILED."""

    trigger_time: int
    status: str
    note: str | None = None


class PositionRecord(Model, kw_only=True):
    """One position of the position history (field names of the live server, captured by ccxt)."""

    position_id: Id
    symbol: str
    position_side: str
    isolated: bool | None = None
    open_time: int | None = None
    update_time: int | None = None
    avg_price: Decimal | None = None
    avg_close_price: Decimal | None = None
    realised_profit: Decimal | None = None
    net_profit: Decimal | None = None
    position_amt: Decimal | None = None
    close_position_amt: Decimal | None = None
    leverage: int | None = None
    close_all_positions: bool | None = None
    position_commission: Decimal | None = None
    total_funding: Decimal | None = None


class PositionHistory(Model, kw_only=True):
    """**CONFLICT**: `total`/`list` in the api-reference, `positionHistory` live (ccxt): either is read."""

    total: int | None = None
    items: list[PositionRecord] | None = msgspec.field(default=None, name="list")
    position_history: list[PositionRecord] | None = None

    @property
    def rows(self) -> list[PositionRecord]:
        return self.position_history if self.position_history is not None else self.items or []


class MarginRecord(Model, kw_only=True):
    symbol: str | None = None
    position_id: Id | None = None
    margin_change: Decimal | None = None
    change_reason: int | str | None = None
    type: int | None = None
    asset: str | None = None
    time: int | None = None


class MarginHistory(Model, kw_only=True):
    total: int | None = None
    items: list[MarginRecord] | None = msgspec.field(default=None, name="list")


class MaintTier(Model, kw_only=True):
    tier: str
    symbol: str | None = None
    min_position_val: Decimal
    max_position_val: Decimal
    maint_margin_ratio: Decimal
    maint_amount: Decimal | None = None
    max_leverage: int | None = None


class MaintTiers(Model, kw_only=True):
    tiers: list[MaintTier]


class FillPage(Model, kw_only=True):
    fill_orders: list[SwapFill] | None = msgspec.field(default=None, name="fill_orders")


class Amended(Model, kw_only=True):
    order_id: Id
    client_order_id: str | None = None
    symbol: str | None = None
    quantity: Decimal | None = None


class BatchCancelReplace(Model, kw_only=True):
    result: list[SwapCancelReplace]


class Reversed(Model, kw_only=True):
    order_id: Id


class AssetMode(Model, kw_only=True):
    asset_mode: str


class MarginAssetRule(Model, kw_only=True):
    margin_asset: str
    discount_rate: Decimal | None = None


class MultiAssetsRules(Model, kw_only=True):
    rules: list[MarginAssetRule]


class MarginAsset(Model, kw_only=True):
    asset: str
    balance: Decimal | None = None
    discount_rate: Decimal | None = None
    margin_value: Decimal | None = None
    available_margin: Decimal | None = None


class MarginAssets(Model, kw_only=True):
    assets: list[MarginAsset]


class Success(Model, kw_only=True):
    success: bool


class VstBalance(Model, kw_only=True):
    balance: Decimal


class TwapId(Model, kw_only=True):
    main_order_id: Id


class TwapChild(Model, kw_only=True):
    order_id: Id
    symbol: str | None = None
    side: str | None = None
    position_side: str | None = None
    type: str | None = None
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    avg_price: Decimal | None = None
    status: str | None = None
    time: int | None = None


class TwapOrder(Model, kw_only=True):
    main_order_id: Id
    symbol: str
    side: str
    position_side: str
    price_type: str | None = None
    price_variance: Decimal | None = None
    trigger_price: Decimal | None = None
    interval: int | None = None
    amount_per_order: Decimal | None = None
    total_amount: Decimal
    executed_qty: Decimal
    status: str
    created_time: int | None = None
    update_time: int | None = None
    child_orders: list[TwapChild] | None = None


class TwapPage(Model, kw_only=True):
    total: int | None = None
    items: list[TwapOrder] | None = msgspec.field(default=None, name="list")


def maint_tiers(data: Any) -> list[MaintTier]:
    """**CONFLICT**: `data.tiers` (api-reference) or a bare list (live, ccxt's capture)."""
    if isinstance(data, MaintTiers):
        return data.tiers
    assert isinstance(data, list)
    return data
