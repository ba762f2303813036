"""Typed BingX coin-M perpetual results (bingx-skills/cswap-market and cswap-trade api-reference.md).

Quantities are contracts of a USD face value (`min_tick_size`); margin, PnL and fees are in the coin.
Money is `Decimal`, ids are `str`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx.models import Model
from tradewire.core.codec import Id

Level = tuple[Decimal, Decimal]


class CSwapContract(Model, kw_only=True):
    """A coin-M contract: `min_tick_size` is the face value of one contract in USD."""

    symbol: str
    price_precision: int
    min_tick_size: Decimal
    min_trade_value: Decimal | None = None
    min_qty: Decimal | None = None
    status: int | None = None
    time_online: int | None = None

    @property
    def tick_size(self) -> Decimal:
        """Smallest price step."""
        return Decimal(1).scaleb(-self.price_precision)


class CSwapDepth(Model, kw_only=True):
    """An order book in contracts, best first."""

    bids: list[Level]
    asks: list[Level]
    ts: int | None = None


class CSwapKline(Model, kw_only=True):
    """One candle; volume in contracts."""

    time: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    close_time: int


def cswap_kline_of(row: list[Any]) -> CSwapKline:
    """A `CSwapKline` from a wire array ``[openTime, open, high, low, close, volume, closeTime]``."""
    def dec(i: int) -> Decimal:
        value = row[i]
        return value if isinstance(value, Decimal) else Decimal(str(value))

    return CSwapKline(time=int(row[0]), open=dec(1), high=dec(2), low=dec(3), close=dec(4), volume=dec(5),
                      close_time=int(row[6]))


class CSwapPremiumIndex(Model, kw_only=True):
    """Mark and index price with the current funding rate."""

    symbol: str
    mark_price: Decimal
    index_price: Decimal
    last_funding_rate: Decimal
    next_funding_time: int
    time: int | None = None


class CSwapOpenInterest(Model, kw_only=True):
    """Open interest in contracts."""

    symbol: str
    open_interest: Decimal
    time: int | None = None


class CSwapTicker(Model, kw_only=True):
    """24 h statistics; volume in contracts, `price_change_percent` in percent."""

    symbol: str
    last_price: Decimal
    open_price: Decimal
    high_price: Decimal
    low_price: Decimal
    volume: Decimal
    price_change: Decimal
    price_change_percent: Decimal
    time: int | None = None


# --- trading ---------------------------------------------------------------------------------

class CSwapPlaced(Model, kw_only=True):
    """What placing an order answers (cswap-trade api-reference §1)."""

    order_id: Id
    symbol: str
    side: str
    position_side: str | None = None
    type: str
    price: Decimal | None = None
    quantity: Decimal
    stop_price: Decimal | None = None
    working_type: str | None = None
    time_in_force: str | None = None
    client_order_id: str | None = None


class CSwapOrder(Model, kw_only=True):
    """An order as the queries, cancel and cancel-all answer it; `status` is the venue's word (`Pending`,
    `PartiallyFilled`, `Filled`, `Cancelled`...)."""

    order_id: Id
    symbol: str
    side: str
    position_side: str | None = None
    type: str
    quantity: Decimal
    price: Decimal | None = None
    executed_qty: Decimal | None = None
    avg_price: Decimal | None = None
    stop_price: Decimal | None = None
    profit: Decimal | None = None
    commission: Decimal | None = None
    status: str
    time: int | None = None
    update_time: int | None = None
    client_order_id: str | None = None
    working_type: str | None = None
    take_profit: dict[str, Any] | None = None
    stop_loss: dict[str, Any] | None = None


class CSwapOrderDetail(Model, kw_only=True):
    """`data.order` of the order detail."""

    order: CSwapOrder


class CSwapOrders(Model, kw_only=True):
    """`data.orders` of the open-order and history queries."""

    orders: list[CSwapOrder]


class CSwapCancelled(Model, kw_only=True):
    """What cancel-all answers: the orders it cancelled."""

    success: list[CSwapOrder]
    failed: list[Any] | None = None


class CSwapFill(Model, kw_only=True):
    """One fill: `volume` contracts at `trade_price`; `amount` is USD notional, `commission` (negative when
    paid) and `realized_pnl` are in `currency` (the coin)."""

    order_id: Id
    symbol: str
    type: str | None = None
    side: str
    position_side: str | None = None
    trade_id: Id
    volume: Decimal
    trade_price: Decimal
    amount: Decimal
    realized_pnl: Decimal
    commission: Decimal
    currency: str
    buyer: bool | None = None
    maker: bool | None = None
    trade_time: int


class CSwapForceOrder(Model, kw_only=True):
    """A liquidation or ADL order."""

    order_id: Id
    symbol: str
    type: str
    side: str
    position_side: str | None = None
    price: Decimal | None = None
    quantity: Decimal
    stop_price: Decimal | None = None
    working_type: str | None = None
    status: str
    avg_price: Decimal | None = None
    executed_qty: Decimal | None = None
    profit: Decimal | None = None
    commission: Decimal | None = None
    time: int | None = None
    update_time: int | str | None = None


class CSwapLeverage(Model, kw_only=True):
    """Leverage of both sides and its maxima."""

    symbol: str
    long_leverage: int
    short_leverage: int
    max_long_leverage: int | None = None
    max_short_leverage: int | None = None
    available_long_vol: Decimal | None = None
    available_short_vol: Decimal | None = None


class CSwapMarginType(Model, kw_only=True):
    """`CROSSED` or `ISOLATED`."""

    symbol: str | None = None
    margin_type: str


class CSwapCommission(Model, kw_only=True):
    """Your taker and maker rates on coin-M contracts."""

    taker_commission_rate: Decimal
    maker_commission_rate: Decimal


class CSwapBalance(Model, kw_only=True):
    """One coin of the coin-M account."""

    asset: str
    balance: Decimal
    equity: Decimal
    unrealized_profit: Decimal
    available_margin: Decimal
    used_margin: Decimal
    freezed_margin: Decimal
    short_uid: Id | None = None


class CSwapPosition(Model, kw_only=True):
    """A coin-M position: `position_amt` contracts; margin and PnL in the coin."""

    symbol: str
    position_id: Id | None = None
    position_side: str
    isolated: bool
    position_amt: Decimal
    available_amt: Decimal | None = None
    unrealized_profit: Decimal
    initial_margin: Decimal
    liquidation_price: Decimal | None = None
    avg_price: Decimal
    leverage: int
    mark_price: Decimal | None = None
    risk_rate: Decimal | None = None
    max_margin_reduction: Decimal | None = None
    update_time: int | None = None
