"""Typed Binance REST results: money is `Decimal`, ids are `str` (`Id`), `""` is `None`.

Attribute names are the wire names in snake_case (`rename="camel"` maps them back); optional
fields are the conditional ones the docs list (§12 of binance.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tradewire.core.codec import Id


class Model(msgspec.Struct, rename="camel", kw_only=True):
    """Base of every Binance model."""


# --- market data ---------------------------------------------------------------------------------

class ServerTime(Model, kw_only=True):
    server_time: int


class RateLimit(Model, kw_only=True):
    rate_limit_type: str
    interval: str
    interval_num: int
    limit: int
    count: int | None = None


class SymbolInfo(Model, kw_only=True):
    symbol: str
    status: str
    base_asset: str
    quote_asset: str
    base_asset_precision: int = 8
    quote_asset_precision: int = 8
    order_types: list[str] = []
    iceberg_allowed: bool = False
    oco_allowed: bool = False
    quote_order_qty_market_allowed: bool = False
    allow_trailing_stop: bool = False
    cancel_replace_allowed: bool = False
    is_spot_trading_allowed: bool = True
    is_margin_trading_allowed: bool = False
    #: filters as sent (`filterType` plus decimal strings); read them through `filters.SymbolFilters`
    filters: list[dict[str, Any]] = []
    permissions: list[str] = []
    default_self_trade_prevention_mode: str | None = None
    allowed_self_trade_prevention_modes: list[str] = []


class ExchangeInfo(Model, kw_only=True):
    timezone: str
    server_time: int
    rate_limits: list[RateLimit] = []
    exchange_filters: list[dict[str, Any]] = []
    symbols: list[SymbolInfo] = []


class Depth(Model, kw_only=True):
    last_update_id: int
    bids: list[tuple[Decimal, Decimal]]
    asks: list[tuple[Decimal, Decimal]]


class Trade(Model, kw_only=True):
    id: Id
    price: Decimal
    qty: Decimal
    quote_qty: Decimal
    time: int
    is_buyer_maker: bool
    is_best_match: bool


class AggTrade(msgspec.Struct, kw_only=True):
    a: Id
    p: Decimal
    q: Decimal
    f: Id
    l: Id  # noqa: E741 - the wire name
    T: int
    m: bool
    M: bool

    @property
    def price(self) -> Decimal:
        """Price."""
        return self.p

    @property
    def quantity(self) -> Decimal:
        """Quantity."""
        return self.q


RawKline = tuple[int, Decimal, Decimal, Decimal, Decimal, Decimal, int, Decimal, int, Decimal, Decimal, Any]


class Kline(msgspec.Struct, kw_only=True):
    """One candle (the wire sends a 12-element array)."""

    open_time: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    close_time: int
    quote_volume: Decimal
    trades: int
    taker_buy_base_volume: Decimal
    taker_buy_quote_volume: Decimal


def kline_of(r: RawKline) -> Kline:
    """A `Kline` from its wire array."""
    return Kline(open_time=r[0], open=r[1], high=r[2], low=r[3], close=r[4], volume=r[5], close_time=r[6],
                 quote_volume=r[7], trades=r[8], taker_buy_base_volume=r[9], taker_buy_quote_volume=r[10])


class AvgPrice(Model, kw_only=True):
    mins: int
    price: Decimal


class Ticker(Model, kw_only=True):
    """24 h or rolling-window ticker (FULL; MINI leaves the optional fields out)."""

    symbol: str
    price_change: Decimal | None = None
    price_change_percent: Decimal | None = None
    weighted_avg_price: Decimal | None = None
    prev_close_price: Decimal | None = None
    last_price: Decimal
    last_qty: Decimal | None = None
    bid_price: Decimal | None = None
    bid_qty: Decimal | None = None
    ask_price: Decimal | None = None
    ask_qty: Decimal | None = None
    open_price: Decimal
    high_price: Decimal
    low_price: Decimal
    volume: Decimal
    quote_volume: Decimal
    open_time: int
    close_time: int
    first_id: Id
    last_id: Id
    count: int


class TickerPrice(Model, kw_only=True):
    symbol: str
    price: Decimal


class BookTicker(Model, kw_only=True):
    symbol: str
    bid_price: Decimal
    bid_qty: Decimal
    ask_price: Decimal
    ask_qty: Decimal


# --- trading -------------------------------------------------------------------------------------

class Fill(Model, kw_only=True):
    price: Decimal
    qty: Decimal
    commission: Decimal
    commission_asset: str
    trade_id: Id


class Order(Model, kw_only=True):
    """An order as any order endpoint returns it (ACK/RESULT/FULL, query, cancel)."""

    symbol: str
    order_id: Id
    order_list_id: int = -1
    client_order_id: str
    orig_client_order_id: str | None = None
    transact_time: int | None = None
    price: Decimal | None = None
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    cummulative_quote_qty: Decimal | None = None
    status: str | None = None
    time_in_force: str | None = None
    type: str | None = None
    side: str | None = None
    stop_price: Decimal | None = None
    iceberg_qty: Decimal | None = None
    time: int | None = None
    update_time: int | None = None
    is_working: bool | None = None
    working_time: int | None = None
    orig_quote_order_qty: Decimal | None = None
    self_trade_prevention_mode: str | None = None
    trailing_delta: int | None = None
    trailing_time: int | None = None
    strategy_id: int | None = None
    strategy_type: int | None = None
    prevented_match_id: Id | None = None
    prevented_quantity: Decimal | None = None
    is_isolated: bool | None = None
    fills: list[Fill] = []


class ListOrder(Model, kw_only=True):
    symbol: str
    order_id: Id
    client_order_id: str


class OrderList(Model, kw_only=True):
    """An OCO list."""

    order_list_id: Id
    contingency_type: str
    list_status_type: str
    list_order_status: str
    list_client_order_id: str
    transaction_time: int
    symbol: str
    orders: list[ListOrder]
    order_reports: list[Order] = []


class CancelReplace(Model, kw_only=True):
    cancel_result: str
    new_order_result: str
    cancel_response: Order | None = None
    new_order_response: Order | None = None


class Balance(Model, kw_only=True):
    asset: str
    free: Decimal
    locked: Decimal


class CommissionRates(Model, kw_only=True):
    maker: Decimal
    taker: Decimal
    buyer: Decimal
    seller: Decimal


class CommissionDiscount(Model, kw_only=True):
    enabled_for_account: bool
    enabled_for_symbol: bool
    discount_asset: str
    discount: Decimal


class AccountCommission(Model, kw_only=True):
    """`GET /api/v3/account/commission` (WebSocket API `account.commission`)."""

    symbol: str
    standard_commission: CommissionRates
    special_commission: CommissionRates | None = None
    tax_commission: CommissionRates
    discount: CommissionDiscount


class Account(Model, kw_only=True):
    maker_commission: int
    taker_commission: int
    buyer_commission: int
    seller_commission: int
    commission_rates: CommissionRates | None = None
    can_trade: bool
    can_withdraw: bool
    can_deposit: bool
    brokered: bool = False
    require_self_trade_prevention: bool = False
    update_time: int
    account_type: str
    balances: list[Balance]
    permissions: list[str]

    def balance(self, asset: str) -> Balance:
        """The balance of `asset` (zero when absent)."""
        for b in self.balances:
            if b.asset == asset:
                return b
        return Balance(asset=asset, free=Decimal(0), locked=Decimal(0))


class MyTrade(Model, kw_only=True):
    symbol: str
    id: Id
    order_id: Id
    order_list_id: int = -1
    price: Decimal
    qty: Decimal
    quote_qty: Decimal
    commission: Decimal
    commission_asset: str
    time: int
    is_buyer: bool
    is_maker: bool
    is_best_match: bool
    is_isolated: bool | None = None  # margin trades only


class PreventedMatch(Model, kw_only=True):
    symbol: str
    prevented_match_id: Id
    taker_order_id: Id
    maker_order_id: Id
    trade_group_id: Id
    self_trade_prevention_mode: str
    price: Decimal
    maker_prevented_quantity: Decimal
    transact_time: int


class ListenKey(Model, kw_only=True):
    listen_key: str


# --- wallet (SAPI) -------------------------------------------------------------------------------

class SystemStatus(Model, kw_only=True):
    status: int
    msg: str


class AccountStatus(Model, kw_only=True):
    data: str


class DepositAddress(Model, kw_only=True):
    address: str
    coin: str
    tag: str | None = None
    url: str | None = None


class Deposit(Model, kw_only=True):
    id: Id | None = None
    amount: Decimal
    coin: str
    network: str
    status: int
    address: str
    address_tag: str | None = None
    tx_id: str | None = None
    insert_time: int
    transfer_type: int = 0
    confirm_times: str | None = None
    unlock_confirm: int | None = None
    wallet_type: int = 0


class WithdrawResult(Model, kw_only=True):
    id: Id


class Withdrawal(Model, kw_only=True):
    id: Id
    amount: Decimal
    transaction_fee: Decimal
    coin: str
    status: int
    address: str
    tx_id: str | None = None
    apply_time: str
    network: str
    transfer_type: int = 0
    withdraw_order_id: str | None = None
    info: str | None = None
    confirm_no: int | None = None
    wallet_type: int = 0
    tx_key: str | None = None
    complete_time: str | None = None


class AssetDetail(Model, kw_only=True):
    min_withdraw_amount: Decimal
    deposit_status: bool
    withdraw_fee: Decimal
    withdraw_status: bool
    deposit_tip: str | None = None


class CoinNetwork(Model, kw_only=True):
    """One network of a coin (`GET /sapi/v1/capital/config/getall`)."""

    network: str
    coin: str
    name: str
    is_default: bool
    deposit_enable: bool
    withdraw_enable: bool
    withdraw_fee: Decimal
    withdraw_min: Decimal
    withdraw_max: Decimal
    withdraw_integer_multiple: Decimal | None = None
    withdraw_internal_min: Decimal | None = None
    deposit_dust: Decimal | None = None
    address_regex: str | None = None
    memo_regex: str | None = None
    deposit_desc: str | None = None
    withdraw_desc: str | None = None
    special_tips: str | None = None
    min_confirm: int = 0
    un_lock_confirm: int = 0
    same_address: bool = False
    busy: bool = False
    estimated_arrival_time: int | None = None
    contract_address: str | None = None


class CoinInfo(Model, kw_only=True):
    """A coin's balances and its deposit/withdraw networks."""

    coin: str
    name: str
    deposit_all_enable: bool
    withdraw_all_enable: bool
    free: Decimal
    locked: Decimal
    freeze: Decimal
    withdrawing: Decimal
    ipoing: Decimal = Decimal(0)
    ipoable: Decimal = Decimal(0)
    storage: Decimal = Decimal(0)
    is_legal_money: bool = False
    trading: bool = True
    network_list: list[CoinNetwork] = []


class TradeFee(Model, kw_only=True):
    symbol: str
    maker_commission: Decimal
    taker_commission: Decimal


class DustTransfer(Model, kw_only=True):
    amount: Decimal
    from_asset: str
    operate_time: int
    service_charge_amount: Decimal
    tran_id: Id
    transfered_amount: Decimal


class DustResult(Model, kw_only=True):
    total_service_charge: Decimal
    total_transfered: Decimal
    transfer_result: list[DustTransfer]


class Dividend(Model, kw_only=True):
    id: Id
    amount: Decimal
    asset: str
    div_time: int
    en_info: str
    tran_id: Id


class Dividends(Model, kw_only=True):
    rows: list[Dividend]
    total: int


# --- margin (SAPI) -------------------------------------------------------------------------------

class TranId(Model, kw_only=True):
    tran_id: Id


class BorrowRepayRecord(Model, kw_only=True):
    """A row of `GET /sapi/v1/margin/borrow-repay`; `type` is how it was made (AUTO, MANUAL)."""

    amount: Decimal
    asset: str
    status: str
    timestamp: int
    tx_id: Id
    type: str | None = None
    isolated_symbol: str | None = None
    interest: Decimal | None = None
    principal: Decimal | None = None


class BorrowRepayRecords(Model, kw_only=True):
    rows: list[BorrowRepayRecord] = []
    total: int


class TransferRecord(Model, kw_only=True):
    asset: str
    amount: Decimal
    type: str
    status: str
    tran_id: Id
    timestamp: int


class TransferRecords(Model, kw_only=True):
    """Universal transfer history; Binance leaves `rows` out when there are none."""

    total: int
    rows: list[TransferRecord] = []


class MarginAsset(Model, kw_only=True):
    asset: str
    borrowed: Decimal
    free: Decimal
    interest: Decimal
    locked: Decimal
    net_asset: Decimal


class MarginAccount(Model, kw_only=True):
    borrow_enabled: bool
    margin_level: Decimal
    total_asset_of_btc: Decimal
    total_liability_of_btc: Decimal
    total_net_asset_of_btc: Decimal
    trade_enabled: bool
    transfer_enabled: bool
    user_assets: list[MarginAsset]


class IsolatedToggle(Model, kw_only=True):
    """`POST`/`DELETE /sapi/v1/margin/isolated/account`."""

    success: bool
    symbol: str


class IsolatedAsset(Model, kw_only=True):
    """The base or quote side of an isolated pair account."""

    asset: str
    borrow_enabled: bool
    borrowed: Decimal
    free: Decimal
    interest: Decimal
    locked: Decimal
    net_asset: Decimal
    net_asset_of_btc: Decimal
    repay_enabled: bool
    total_asset: Decimal


class IsolatedPairAccount(Model, kw_only=True):
    """One isolated pair account: its two assets, margin level and liquidation price."""

    base_asset: IsolatedAsset
    quote_asset: IsolatedAsset
    symbol: str
    isolated_created: bool
    enabled: bool
    margin_level: Decimal
    margin_level_status: str
    margin_ratio: Decimal
    index_price: Decimal
    liquidate_price: Decimal
    liquidate_rate: Decimal
    trade_enabled: bool


class IsolatedAccount(Model, kw_only=True):
    """`GET /sapi/v1/margin/isolated/account`; the BTC totals only come when `symbols` is not sent."""

    assets: list[IsolatedPairAccount]
    total_asset_of_btc: Decimal | None = None
    total_liability_of_btc: Decimal | None = None
    total_net_asset_of_btc: Decimal | None = None


class IsolatedAccountLimit(Model, kw_only=True):
    enabled_account: int
    max_account: int


class IsolatedPair(Model, kw_only=True):
    """An isolated margin symbol (`/sapi/v1/margin/isolated/pair`, `/allPairs`)."""

    symbol: str
    base: str
    quote: str
    is_margin_trade: bool
    is_buy_allowed: bool
    is_sell_allowed: bool


class MaxAmount(Model, kw_only=True):
    """`maxBorrowable` / `maxTransferable`."""

    amount: Decimal
    borrow_limit: Decimal | None = None


class IsolatedTransfer(Model, kw_only=True):
    amount: Decimal
    asset: str
    status: str
    timestamp: int
    tx_id: Id
    trans_from: str
    trans_to: str


class IsolatedTransfers(Model, kw_only=True):
    rows: list[IsolatedTransfer]
    total: int


class InterestRecord(Model, kw_only=True):
    """A row of `GET /sapi/v1/margin/interestHistory`."""

    tx_id: Id
    interest_accured_time: int
    asset: str
    principal: Decimal
    interest: Decimal
    interest_rate: Decimal
    type: str
    isolated_symbol: str | None = None
    raw_asset: str | None = None


class InterestRecords(Model, kw_only=True):
    rows: list[InterestRecord]
    total: int


# --- USD-M futures (fapi) ------------------------------------------------------------------------

class FuturesSymbol(Model, kw_only=True):
    symbol: str
    status: str
    base_asset: str
    quote_asset: str
    price_precision: int
    quantity_precision: int
    liquidation_fee: Decimal | None = None  # the clearance fee rate on a liquidated notional
    market_take_bound: Decimal | None = None
    filters: list[dict[str, Any]] = []


class FuturesExchangeInfo(Model, kw_only=True):
    timezone: str
    server_time: int
    symbols: list[FuturesSymbol]


class FuturesOrder(Model, kw_only=True):
    symbol: str
    order_id: Id
    client_order_id: str
    price: Decimal
    orig_qty: Decimal
    executed_qty: Decimal
    status: str
    type: str
    side: str
    time_in_force: str
    avg_price: Decimal | None = None
    cum_quote: Decimal | None = None
    position_side: str = "BOTH"
    reduce_only: bool = False
    price_match: str | None = None
    self_trade_prevention_mode: str | None = None
    good_till_date: int | None = None
    update_time: int = 0


class AlgoOrder(Model, kw_only=True):
    """A conditional (algo) order of `/fapi/v1/algoOrder`; once triggered, `actual_order_id` is the
    order it placed in the matching engine."""

    algo_id: Id
    client_algo_id: str
    algo_type: str
    order_type: str
    symbol: str
    side: str
    algo_status: str
    position_side: str = "BOTH"
    time_in_force: str | None = None
    quantity: Decimal | None = None
    trigger_price: Decimal | None = None
    price: Decimal | None = None
    iceberg_quantity: Decimal | None = None
    self_trade_prevention_mode: str | None = None
    working_type: str | None = None
    price_match: str | None = None
    close_position: bool = False
    price_protect: bool = False
    reduce_only: bool = False
    activate_price: Decimal | None = None
    callback_rate: Decimal | None = None
    actual_order_id: Id | None = None
    actual_price: Decimal | None = None
    create_time: int = 0
    update_time: int = 0
    trigger_time: int = 0
    good_till_date: int = 0


class AlgoCancel(Model, kw_only=True):
    """`DELETE /fapi/v1/algoOrder`: `code` is the string "200" on success."""

    algo_id: Id
    client_algo_id: str
    code: str
    msg: str


class FuturesBalance(Model, kw_only=True):
    asset: str
    balance: Decimal
    available_balance: Decimal
    cross_wallet_balance: Decimal | None = None
    update_time: int = 0


class FuturesAccountAsset(Model, kw_only=True):
    """An asset of `GET /fapi/v2/account`: `walletBalance`, not `balance` as in `/fapi/v2/balance`."""

    asset: str
    wallet_balance: Decimal
    unrealized_profit: Decimal
    margin_balance: Decimal
    available_balance: Decimal


class FuturesPosition(Model, kw_only=True):
    symbol: str
    position_amt: Decimal
    entry_price: Decimal
    unrealized_profit: Decimal
    leverage: Decimal
    position_side: str = "BOTH"


class FuturesAccount(Model, kw_only=True):
    total_wallet_balance: Decimal
    total_unrealized_profit: Decimal
    available_balance: Decimal
    assets: list[FuturesAccountAsset]
    positions: list[FuturesPosition] = []
