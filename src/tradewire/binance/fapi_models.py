"""Typed results of the USD-M futures calls beyond trading and the v3 account: analytics series, index
views, convert, downloads, account extras and order modification history. Money is `Decimal`, ids `str`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.binance.models import Model
from tradewire.core.codec import Id


def camel_but(**wire: str) -> Any:
    """A msgspec `rename` callable: camelCase, except the fields named here (e.g. `...USD`)."""
    def rename(name: str) -> str:
        head, *rest = name.split("_")
        return wire.get(name) or head + "".join(p[:1].upper() + p[1:] for p in rest)
    return rename


class AccountConfig(Model, kw_only=True):
    fee_tier: int
    can_trade: bool
    can_deposit: bool
    can_withdraw: bool
    dual_side_position: bool
    update_time: int
    multi_assets_margin: bool
    trade_group_id: int


class Indicator(Model, kw_only=True):
    is_locked: bool
    planned_recover_time: int
    indicator: str
    value: Decimal
    trigger_value: Decimal


class TradingStatus(Model, kw_only=True):
    """`apiTradingStatus`: the quantitative-rule indicators per symbol (or "ACCOUNT")."""

    indicators: dict[str, list[Indicator]]
    update_time: int


class FeeBurn(Model, kw_only=True):
    fee_burn: bool


class DownloadId(Model, kw_only=True, rename=camel_but(avg_cost_timestamp_of_last30d="avgCostTimestampOfLast30d")):
    avg_cost_timestamp_of_last30d: int
    download_id: Id


class DownloadLink(Model, kw_only=True):
    """`status` "processing" (no url yet) or "completed"."""

    download_id: Id
    status: str
    url: str | None  # "" while processing
    notified: bool
    expiration_timestamp: int
    is_expired: bool | None = None
    s3_link: str | None = None


class ConvertPair(Model, kw_only=True):
    from_asset: str
    to_asset: str
    from_asset_min_amount: Decimal
    from_asset_max_amount: Decimal
    to_asset_min_amount: Decimal
    to_asset_max_amount: Decimal


class ConvertQuote(Model, kw_only=True):
    """A quote; `quote_id` only when the wallet can pay it."""

    ratio: Decimal
    inverse_ratio: Decimal
    valid_timestamp: int
    to_amount: Decimal
    from_amount: Decimal
    quote_id: Id | None = None


class ConvertAccept(Model, kw_only=True):
    order_id: Id
    create_time: int
    order_status: str


class ConvertOrder(Model, kw_only=True):
    order_id: Id
    order_status: str
    from_asset: str
    from_amount: Decimal
    to_asset: str
    to_amount: Decimal
    ratio: Decimal
    inverse_ratio: Decimal
    create_time: int


class AdlRisk(Model, kw_only=True):
    symbol: str
    adl_risk: str
    update_time: int


class AdlQuantile(Model, kw_only=True):
    symbol: str
    adl_quantile: dict[str, int]


class AssetIndex(Model, kw_only=True):
    symbol: str
    time: int
    index: Decimal
    bid_buffer: Decimal
    ask_buffer: Decimal
    bid_rate: Decimal
    ask_rate: Decimal
    auto_exchange_bid_buffer: Decimal
    auto_exchange_ask_buffer: Decimal
    auto_exchange_bid_rate: Decimal
    auto_exchange_ask_rate: Decimal


class IndexComponent(Model, kw_only=True):
    base_asset: str
    quote_asset: str
    weight_in_quantity: Decimal
    weight_in_percentage: Decimal


class IndexInfo(Model, kw_only=True):
    symbol: str
    time: int
    component: str
    base_asset_list: list[IndexComponent]


class Constituent(Model, kw_only=True):
    exchange: str
    symbol: str
    price: Decimal
    weight: Decimal


class Constituents(Model, kw_only=True):
    symbol: str
    time: int
    constituents: list[Constituent]


class Basis(Model, kw_only=True):
    index_price: Decimal
    contract_type: str
    basis_rate: Decimal
    futures_price: Decimal
    annualized_basis_rate: Decimal | None  # "" when not computed
    basis: Decimal
    pair: str
    timestamp: int


class OpenInterestHist(Model, kw_only=True, rename=camel_but(cmc_circulating_supply="CMCCirculatingSupply")):
    symbol: str
    sum_open_interest: Decimal
    sum_open_interest_value: Decimal
    cmc_circulating_supply: Decimal | None = None
    timestamp: int


class LongShortRatio(Model, kw_only=True):
    symbol: str
    long_short_ratio: Decimal
    long_account: Decimal
    short_account: Decimal
    timestamp: int


class TakerVolume(Model, kw_only=True):
    buy_sell_ratio: Decimal
    buy_vol: Decimal
    sell_vol: Decimal
    timestamp: int


class DeliveryPrice(Model, kw_only=True):
    delivery_time: int
    delivery_price: Decimal


class InsuranceAsset(Model, kw_only=True):
    asset: str
    margin_balance: Decimal
    update_time: int


class InsuranceBalance(Model, kw_only=True):
    symbols: list[str]
    assets: list[InsuranceAsset]


class TradingSchedule(Model, kw_only=True):
    """TradFi perps' market sessions per market ("EQUITY", "COMMODITY", ...), kept as sent."""

    update_time: int
    market_schedules: dict[str, Any]


class PmAccount(Model, kw_only=True, rename=camel_but(max_withdraw_amount_usd="maxWithdrawAmountUSD")):
    max_withdraw_amount_usd: Decimal
    asset: str
    max_withdraw_amount: Decimal


class Change(Model, kw_only=True):
    before: Decimal
    after: Decimal


class Amendment(Model, kw_only=True):
    price: Change
    orig_qty: Change
    count: int


class OrderAmendment(Model, kw_only=True):
    amendment_id: Id
    symbol: str
    pair: str
    order_id: Id
    client_order_id: str
    time: int
    amendment: Amendment


class PositionRiskV2(Model, kw_only=True):
    """`GET /fapi/v2/positionRisk`: every symbol, with leverage and margin type."""

    symbol: str
    position_side: str
    position_amt: Decimal
    entry_price: Decimal
    break_even_price: Decimal
    mark_price: Decimal
    un_realized_profit: Decimal
    liquidation_price: Decimal
    leverage: Decimal
    max_notional_value: Decimal
    margin_type: str
    isolated_margin: Decimal
    is_auto_add_margin: str
    notional: Decimal
    isolated_wallet: Decimal
    update_time: int
