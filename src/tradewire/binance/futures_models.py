"""Typed USD-M futures results (fapi) beyond orders and the v2 account: market data, v3 account/balance/
positions, settings, income and trades. Money is `Decimal`, ids are `str` (`Id`)."""

from __future__ import annotations

from decimal import Decimal

from tradewire.binance.models import FuturesOrder, Model
from tradewire.core.codec import Id, decode


class FuturesDepth(Model, kw_only=True):
    last_update_id: int
    E: int = 0  # message output time
    T: int = 0  # transaction time
    bids: list[tuple[Decimal, Decimal]]
    asks: list[tuple[Decimal, Decimal]]


class FuturesTrade(Model, kw_only=True):
    id: Id
    price: Decimal
    qty: Decimal
    quote_qty: Decimal
    time: int
    is_buyer_maker: bool


class FuturesAggTrade(Model, kw_only=True):
    a: Id
    p: Decimal
    q: Decimal
    f: Id
    l: Id  # noqa: E741 - the wire name
    T: int
    m: bool


class PremiumIndex(Model, kw_only=True):
    symbol: str
    mark_price: Decimal
    index_price: Decimal
    estimated_settle_price: Decimal
    last_funding_rate: Decimal
    interest_rate: Decimal
    next_funding_time: int
    time: int


class FundingRate(Model, kw_only=True):
    symbol: str
    funding_rate: Decimal
    funding_time: int
    mark_price: Decimal | None = None


class FundingInfo(Model, kw_only=True):
    symbol: str
    adjusted_funding_rate_cap: Decimal
    adjusted_funding_rate_floor: Decimal
    funding_interval_hours: int
    disclaimer: bool = False


class FuturesTicker(Model, kw_only=True):
    symbol: str
    price_change: Decimal
    price_change_percent: Decimal
    weighted_avg_price: Decimal
    last_price: Decimal
    last_qty: Decimal
    open_price: Decimal
    high_price: Decimal
    low_price: Decimal
    volume: Decimal
    quote_volume: Decimal
    open_time: int
    close_time: int
    first_id: int
    last_id: int
    count: int


class FuturesPrice(Model, kw_only=True):
    symbol: str
    price: Decimal
    time: int = 0


class FuturesBookTicker(Model, kw_only=True):
    symbol: str
    bid_price: Decimal
    bid_qty: Decimal
    ask_price: Decimal
    ask_qty: Decimal
    time: int = 0
    last_update_id: int | None = None


class OpenInterest(Model, kw_only=True):
    symbol: str
    open_interest: Decimal
    time: int


# --- account ---------------------------------------------------------------------------------------

class AccountAssetV3(Model, kw_only=True):
    asset: str
    wallet_balance: Decimal
    unrealized_profit: Decimal
    margin_balance: Decimal
    maint_margin: Decimal
    initial_margin: Decimal
    position_initial_margin: Decimal
    open_order_initial_margin: Decimal
    cross_wallet_balance: Decimal
    cross_un_pnl: Decimal
    available_balance: Decimal
    max_withdraw_amount: Decimal
    update_time: int = 0


class AccountPositionV3(Model, kw_only=True):
    symbol: str
    position_side: str
    position_amt: Decimal
    unrealized_profit: Decimal
    isolated_margin: Decimal
    notional: Decimal
    isolated_wallet: Decimal
    initial_margin: Decimal
    maint_margin: Decimal
    update_time: int = 0


class AccountV3(Model, kw_only=True):
    """`GET /fapi/v3/account`: totals, assets, and the positions that are open (no leverage here:
    read it from `futures_symbol_config`)."""

    total_initial_margin: Decimal
    total_maint_margin: Decimal
    total_wallet_balance: Decimal
    total_unrealized_profit: Decimal
    total_margin_balance: Decimal
    total_position_initial_margin: Decimal
    total_open_order_initial_margin: Decimal
    total_cross_wallet_balance: Decimal
    total_cross_un_pnl: Decimal
    available_balance: Decimal
    max_withdraw_amount: Decimal
    assets: list[AccountAssetV3]
    positions: list[AccountPositionV3] = []  # noqa: RUF012 - msgspec copies defaults


class PositionRisk(Model, kw_only=True):
    """`GET /fapi/v3/positionRisk`: one open position."""

    symbol: str
    position_side: str
    position_amt: Decimal
    entry_price: Decimal
    break_even_price: Decimal
    mark_price: Decimal
    un_realized_profit: Decimal
    liquidation_price: Decimal
    isolated_margin: Decimal
    notional: Decimal
    margin_asset: str
    isolated_wallet: Decimal
    initial_margin: Decimal
    maint_margin: Decimal
    position_initial_margin: Decimal
    open_order_initial_margin: Decimal
    adl: int = 0
    update_time: int = 0


class SymbolConfig(Model, kw_only=True):
    symbol: str
    margin_type: str
    is_auto_add_margin: bool
    leverage: int
    max_notional_value: Decimal


class Leverage(Model, kw_only=True):
    leverage: int
    max_notional_value: Decimal
    symbol: str


class CodeMsg(Model, kw_only=True):
    """`{"code": 200, "msg": "success"}` of the settings calls."""

    code: int
    msg: str


class PositionMode(Model, kw_only=True):
    dual_side_position: bool


class MultiAssetsMode(Model, kw_only=True):
    multi_assets_margin: bool


class PositionMarginResult(Model, kw_only=True):
    amount: Decimal
    code: int
    msg: str
    type: int


class PositionMarginRecord(Model, kw_only=True):
    symbol: str
    type: int
    delta_type: str | None = None
    amount: Decimal
    asset: str
    time: int
    position_side: str = "BOTH"


class CommissionRate(Model, kw_only=True):
    symbol: str
    maker_commission_rate: Decimal
    taker_commission_rate: Decimal


class Bracket(Model, kw_only=True):
    bracket: int
    initial_leverage: int
    notional_cap: Decimal
    notional_floor: Decimal
    maint_margin_ratio: Decimal
    cum: Decimal


class LeverageBracket(Model, kw_only=True):
    symbol: str
    notional_coef: Decimal | None = None
    brackets: list[Bracket]


class Income(Model, kw_only=True):
    symbol: str | None
    income_type: str
    income: Decimal
    asset: str
    info: str | None = None
    time: int
    tran_id: Id
    trade_id: Id | None = None


class UserTrade(Model, kw_only=True):
    buyer: bool
    commission: Decimal
    commission_asset: str
    id: Id
    maker: bool
    order_id: Id
    price: Decimal
    qty: Decimal
    quote_qty: Decimal
    realized_pnl: Decimal
    side: str
    position_side: str
    symbol: str
    time: int


class Countdown(Model, kw_only=True):
    symbol: str
    countdown_time: int


class BatchError(Model, kw_only=True):
    """An element of a batch the venue refused (the others went through)."""

    code: int
    msg: str


def batch_element(raw: bytes) -> FuturesOrder | BatchError:
    """One element of a batch answer: an order, or the error that refused it."""
    if raw.startswith(b'{"code"'):
        error: BatchError = decode(raw, BatchError)
        return error
    order: FuturesOrder = decode(raw, FuturesOrder)
    return order
