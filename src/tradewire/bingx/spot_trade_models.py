"""Typed results of the spot-trade calls beyond orders (bingx-skills/spot-trade/api-reference.md)."""

from __future__ import annotations

from decimal import Decimal

from tradewire.bingx.models import Model
from tradewire.bingx.trade_models import OcoOrder


class SpotCommission(Model, kw_only=True):
    """Maker and taker rates of a pair (0.001 = 0.1%); ccxt's capture carries no `symbol`."""

    symbol: str | None = None
    maker_commission_rate: Decimal
    taker_commission_rate: Decimal


class CancelAllAfter(Model, kw_only=True):
    """The kill switch: when the open orders will be cancelled (Unix ms), 0 once closed."""

    trigger_time: int


class OcoOrders(Model, kw_only=True):
    """A page of OCO lists (`total` in the history answer only)."""

    oco_orders: list[OcoOrder] | None = None
    total: int | None = None
