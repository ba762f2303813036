"""The BingX standard contract account (reference standard-trade): positions, closed orders, balance.
Rate limits: the global policy (references/rate-limits.md); 5/s per UID assumed."""

from __future__ import annotations

from decimal import Decimal

from tradewire.bingx.endpoints import END, START, SYMBOL_REQ, signed
from tradewire.bingx.models import Model
from tradewire.core.codec import Id
from tradewire.core.endpoint import Param
from tradewire.core.validate import any_value, integer

LIMITS = ("uid:5/1",)


class StdPosition(Model, kw_only=True):
    symbol: str
    position_side: str
    position_amt: Decimal
    entry_price: Decimal | None = None
    initial_margin: Decimal | None = None
    leverage: int | None = None
    unrealized_profit: Decimal | None = None
    isolated: bool | None = None
    current_price: Decimal | None = None
    time: int | None = None


class StdOrder(Model, kw_only=True):
    order_id: Id
    symbol: str
    position_side: str | None = None
    status: str | None = None
    avg_price: Decimal | None = None
    cum_quote: Decimal | None = None
    executed_qty: Decimal | None = None
    margin: Decimal | None = None
    leverage: int | None = None
    isolated: bool | None = None
    close_price: Decimal | None = None
    position_id: Id | None = None
    time: int | None = None
    update_time: int | None = None


class StdBalance(Model, kw_only=True):
    asset: str
    balance: Decimal
    cross_wallet_balance: Decimal | None = None
    cross_un_pnl: Decimal | None = None
    available_balance: Decimal | None = None
    max_withdraw_amount: Decimal | None = None
    margin_available: bool | None = None
    update_time: int | None = None


STD_POSITIONS = signed("standard.allPosition", "GET", "/openApi/contract/v1/allPosition", list[StdPosition],
                       limits=LIMITS)
STD_ORDERS = signed("standard.allOrders", "GET", "/openApi/contract/v1/allOrders", list[StdOrder], SYMBOL_REQ,
                    Param("orderId", any_value), START, END, Param("limit", integer(1)), limits=LIMITS)
#: **CONFLICT**: one object in the api-reference, a list of them live (ccxt's capture): both are read
STD_BALANCE = signed("standard.balance", "GET", "/openApi/contract/v1/balance", StdBalance | list[StdBalance],
                     limits=LIMITS)
