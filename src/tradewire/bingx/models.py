"""Typed BingX REST results: money is `Decimal`, ids are `str`, `""` is `None`.

Attribute names are the wire names in snake_case (`rename="camel"` maps them back).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tradewire.core.codec import Id, Percent


class Model(msgspec.Struct, rename="camel", kw_only=True):
    """Base of every BingX model."""


# --- swap market -----------------------------------------------------------------------------

class ServerTime(Model, kw_only=True):
    server_time: int


class Contract(Model, kw_only=True):
    contract_id: Id
    symbol: str
    size: Decimal | None = None
    quantity_precision: int
    price_precision: int
    fee_rate: Decimal | None = None
    maker_fee_rate: Decimal | None = None
    taker_fee_rate: Decimal | None = None
    trade_min_limit: Decimal | None = None
    trade_min_quantity: Decimal | None = None
    trade_min_usdt: Decimal | None = msgspec.field(default=None, name="tradeMinUSDT")
    max_long_leverage: int | None = None
    max_short_leverage: int | None = None
    currency: str | None = None
    asset: str | None = None
    status: int | None = None
    api_state_open: str | None = None
    api_state_close: str | None = None
    broker_state: str | None = None
    launch_time: int | None = None
    maintain_time: int | None = None
    off_time: int | None = None
    #: not in bingx-skills/swap-market/api-reference.md; live answers carry them (ccxt fetch_swap_markets capture)
    ensure_trigger: bool | None = None
    trigger_fee_rate: Decimal | None = None

    @property
    def tick_size(self) -> Decimal:
        """Smallest price step."""
        return Decimal(1).scaleb(-self.price_precision)

    @property
    def step_size(self) -> Decimal:
        """Smallest quantity step."""
        return Decimal(1).scaleb(-self.quantity_precision)


Level = tuple[Decimal, Decimal]


class Depth(Model, kw_only=True):
    """Order book, best level first on both sides (BingX may send asks worst-first)."""

    time: int | None = msgspec.field(default=None, name="T")
    bids: list[Level]
    asks: list[Level]
    bids_coin: list[Level] | None = None
    asks_coin: list[Level] | None = None

    def __post_init__(self) -> None:
        for side, rev in ((self.bids, True), (self.asks, False), (self.bids_coin, True), (self.asks_coin, False)):
            if side:
                side.sort(key=lambda lv: lv[0], reverse=rev)


class Trade(Model, kw_only=True):
    """A recent trade. bingx-skills/swap-market/api-reference.md lists `id` and `buyerMaker`; live answers (ccxt and
    BingX.Net captures) carry no `id` and name the flag `isBuyerMaker`. Both are read; `buyer_maker` holds
    the flag whichever name arrived, and `id` is `None` when the venue sent none."""

    id: Id | None = None
    price: Decimal
    qty: Decimal
    quote_qty: Decimal | None = None
    time: int
    buyer_maker: bool | None = None
    is_buyer_maker: bool | None = None

    def __post_init__(self) -> None:
        if self.buyer_maker is None:
            self.buyer_maker = self.is_buyer_maker
        elif self.is_buyer_maker is None:
            self.is_buyer_maker = self.buyer_maker


class HistoricalTrade(Model, kw_only=True):
    id: Id
    price: Decimal
    qty: Decimal
    quote_qty: Decimal | None = None
    time: int
    is_buyer_maker: bool | None = None


class PremiumIndex(Model, kw_only=True):
    symbol: str
    mark_price: Decimal
    index_price: Decimal | None = None
    last_funding_rate: Decimal | None = None
    next_funding_time: int | None = None
    time: int | None = None
    #: not in bingx-skills/swap-market/api-reference.md; read by ccxt (parse_funding_rate) from live answers
    funding_interval_hours: int | None = None
    update_time: int | None = None


class FundingRate(Model, kw_only=True):
    symbol: str
    funding_rate: Decimal
    funding_time: int
    next_funding_time: int | None = None  # in bingx-skills/swap-market/api-reference.md; absent from live history rows


class Kline(Model, kw_only=True):
    """One candle; `time` is the open time (ms), `close_time` when the venue sent it."""

    time: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    close_time: int | None = None


class KlineRow(Model, kw_only=True):
    """A candle object as it arrives: `time` (klines; markPriceKlines per bingx-skills/swap-market/api-reference.md) or
    `openTime`/`closeTime` (markPriceKlines live answers: ccxt fetch_ohlcv and BingX.Net captures)."""

    time: int | None = None
    open_time: int | None = None
    close_time: int | None = None
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal

    def __post_init__(self) -> None:
        if self.time is None and self.open_time is None:
            raise ValueError("candle without `time` or `openTime`")


#: klines arrive as objects (docs-v3, live) or as arrays (bingx-skills/swap-market/api-reference.md): both are read
RawKline = KlineRow | list[Any]


def kline_of(row: RawKline) -> Kline:
    """A `Kline` from either wire form (`[openTime, open, high, low, close, volume, closeTime, ...]`)."""
    if isinstance(row, KlineRow):
        start = row.time if row.time is not None else row.open_time
        assert start is not None  # __post_init__
        return Kline(time=start, open=row.open, high=row.high, low=row.low, close=row.close, volume=row.volume,
                     close_time=row.close_time)
    t, o, h, low, c, v = row[:6]
    return Kline(time=int(t), open=Decimal(str(o)), high=Decimal(str(h)), low=Decimal(str(low)),
                 close=Decimal(str(c)), volume=Decimal(str(v)), close_time=int(row[6]) if len(row) > 6 else None)


class OpenInterest(Model, kw_only=True):
    symbol: str
    open_interest: Decimal
    time: int


class Ticker(Model, kw_only=True):
    """24 h statistics. `priceChangePercent` is `"4.15"` in bingx-skills/swap-market/api-reference.md and the
    BingX.Net capture, `"0.31%"` in live answers ccxt quotes; both read as `Decimal("4.15")` / `Decimal("0.31")`
    (percent units)."""

    symbol: str
    price_change: Decimal | None = None
    price_change_percent: Percent | None = None
    last_price: Decimal
    last_qty: Decimal | None = None
    open_price: Decimal | None = None
    high_price: Decimal | None = None
    low_price: Decimal | None = None
    volume: Decimal | None = None
    quote_volume: Decimal | None = None
    ask_price: Decimal | None = None
    ask_qty: Decimal | None = None
    bid_price: Decimal | None = None
    bid_qty: Decimal | None = None
    open_time: int | None = None
    close_time: int | None = None


class BookTicker(Model, kw_only=True):
    symbol: str
    bid_price: Decimal
    bid_qty: Decimal
    ask_price: Decimal
    ask_qty: Decimal
    time: int | None = None


class _SnakeBook(msgspec.Struct, kw_only=True):
    symbol: str
    bid_price: Decimal
    bid_qty: Decimal
    ask_price: Decimal
    ask_qty: Decimal
    time: int | None = None


class BookTickerAnswer(Model, kw_only=True):
    """The bookTicker `data`. **CONFLICT**: bingx-skills/swap-market/api-reference.md documents flat camelCase fields
    (`bidPrice`, ...); live answers (ccxt fetch_bids_asks, BingX.Net capture) nest snake_case fields, as JSON
    numbers, under `book_ticker`. Both are read; an answer with neither does not decode."""

    symbol: str | None = None
    bid_price: Decimal | None = None
    bid_qty: Decimal | None = None
    ask_price: Decimal | None = None
    ask_qty: Decimal | None = None
    time: int | None = None
    book_ticker: _SnakeBook | None = msgspec.field(default=None, name="book_ticker")

    def __post_init__(self) -> None:
        if self.book_ticker is not None:
            return
        if (self.symbol is None or self.bid_price is None or self.bid_qty is None or self.ask_price is None
                or self.ask_qty is None):
            raise ValueError("book ticker without `book_ticker` or symbol/bidPrice/bidQty/askPrice/askQty")
        self.book_ticker = _SnakeBook(symbol=self.symbol, bid_price=self.bid_price, bid_qty=self.bid_qty,
                                      ask_price=self.ask_price, ask_qty=self.ask_qty, time=self.time)

    def ticker(self) -> BookTicker:
        """The best bid and ask, whichever shape arrived."""
        b = self.book_ticker
        assert b is not None  # __post_init__
        return BookTicker(symbol=b.symbol, bid_price=b.bid_price, bid_qty=b.bid_qty, ask_price=b.ask_price,
                          ask_qty=b.ask_qty, time=b.time)


class TickerPrice(Model, kw_only=True):
    symbol: str
    price: Decimal
    time: int | None = None


class TradingRules(Model, kw_only=True):
    min_size_coin: Decimal | None = None
    min_size_usd: Decimal | None = None
    max_num_order: Decimal | None = None
    protection_threshold: Decimal | None = None
    buy_max_price: Decimal | None = None
    buy_min_price: Decimal | None = None
    sell_max_price: Decimal | None = None
    sell_min_price: Decimal | None = None
    market_ratio: Decimal | None = None


# --- swap account ----------------------------------------------------------------------------

class SwapBalance(Model, kw_only=True):
    """One margin asset of the perpetual account (`""` fields of an unused asset are `None`)."""

    user_id: Id | None = None
    asset: str
    balance: Decimal | None = None
    equity: Decimal | None = None
    unrealized_profit: Decimal | None = None
    realised_profit: Decimal | None = None
    available_margin: Decimal | None = None
    used_margin: Decimal | None = None
    freezed_margin: Decimal | None = None
    short_uid: Id | None = None


class Position(Model, kw_only=True):
    position_id: Id
    symbol: str
    currency: str | None = None
    position_amt: Decimal
    available_amt: Decimal | None = None
    position_side: str
    isolated: bool
    avg_price: Decimal
    initial_margin: Decimal | None = None
    margin: Decimal | None = None
    leverage: int
    unrealized_profit: Decimal | None = None
    realised_profit: Decimal | None = None
    liquidation_price: Decimal | None = None
    pnl_ratio: Decimal | None = None
    max_margin_reduction: Decimal | None = None
    risk_rate: Decimal | None = None
    mark_price: Decimal | None = None
    position_value: Decimal | None = None
    only_one_position: bool | None = None
    update_time: int | None = None


class Commission(Model, kw_only=True):
    taker_commission_rate: Decimal
    maker_commission_rate: Decimal


class CommissionData(Model, kw_only=True):
    commission: Commission


class Income(Model, kw_only=True):
    symbol: str | None = None
    income_type: str
    income: Decimal
    asset: str
    info: str | None = None
    time: int
    tran_id: Id
    trade_id: Id | None = None


# --- spot account and wallet -----------------------------------------------------------------

class AssetBalance(Model, kw_only=True):
    asset: str
    free: Decimal
    locked: Decimal


class Balances(Model, kw_only=True):
    balances: list[AssetBalance]


class FundBalances(Model, kw_only=True):
    """Fund account. The live server answers `data.assets[{asset, free, locked}]` (captured by ccxt,
    2025); the skills' api-reference documents `data.balance` (an object) and older answers carried
    `data.balances[]`. All three are read; an answer with none of them does not decode (a
    `DecodeError` naming `$.data`), so an unknown shape never reads as an empty account."""

    assets: list[AssetBalance] | None = None
    balances: list[AssetBalance] | None = None
    balance: list[AssetBalance] | AssetBalance | None = None

    def __post_init__(self) -> None:
        if self.assets is None and self.balances is None and self.balance is None:
            raise ValueError("fund balance without `assets`, `balances` or `balance`")

    def rows(self) -> list[AssetBalance]:
        """Every asset row, whichever shape arrived."""
        if self.assets is not None:
            return self.assets
        if self.balances is not None:
            return self.balances
        if isinstance(self.balance, AssetBalance):
            return [self.balance]
        return self.balance or []


class AccountBalance(Model, kw_only=True):
    account_type: str
    usdt_balance: Decimal


class TransferResult(Model, kw_only=True):
    """`tranId` (official reference; the id `transfer_history` takes) and `transferId` (live answers,
    ccxt capture 2025: the id `transfer_records` rows carry and take as a filter)."""

    tran_id: Id
    transfer_id: Id | None = None


class TransferRow(Model, kw_only=True):
    asset: str
    amount: Decimal
    type: str | None = None
    status: str | None = None
    tran_id: Id
    timestamp: int


_ABSENT = -1  # `total` not in the answer: neither the bare nor the enveloped shape


class TransferHistory(Model, kw_only=True):
    """`{total, rows}`. **CONFLICT**: the spot-account api-reference says this answer is NOT enveloped
    (and live `transferRecord` answers are bare, ccxt capture), the fund-account api-reference example
    wraps it in `{code, msg, data}`; both are read."""

    total: int = _ABSENT
    rows: list[TransferRow] = msgspec.field(default_factory=list)
    data: TransferHistoryPage | None = None

    def __post_init__(self) -> None:
        if self.data is not None:
            self.total, self.rows, self.data = self.data.total, self.data.rows, None
        elif self.total == _ABSENT:
            raise ValueError("transfer history without `total`/`rows` or `data`")


class TransferHistoryPage(Model, kw_only=True):
    total: int
    rows: list[TransferRow]


class TransferRecord(Model, kw_only=True):
    transfer_id: Id
    asset: str
    amount: Decimal
    from_account: str
    to_account: str
    timestamp: int
    status: str | None = None


class TransferRecords(Model, kw_only=True):
    """`{total, rows}`, bare (api-reference, live) or enveloped as `TransferHistory` may be."""

    total: int = _ABSENT
    rows: list[TransferRecord] = msgspec.field(default_factory=list)
    data: TransferRecordsPage | None = None

    def __post_init__(self) -> None:
        if self.data is not None:
            self.total, self.rows, self.data = self.data.total, self.data.rows, None
        elif self.total == _ABSENT:
            raise ValueError("transfer records without `total`/`rows` or `data`")


class TransferRecordsPage(Model, kw_only=True):
    total: int
    rows: list[TransferRecord]


class SupportCoin(Model, kw_only=True):
    coin: str
    name: str | None = None


class InnerTransferResult(Model, kw_only=True):
    id: Id
    transfer_client_id: str | None = None


class InnerTransfer(Model, kw_only=True):
    id: Id
    coin: str
    receiver: Id | None = None
    amount: Decimal
    status: int
    from_uid: Id | None = None
    record_type: str | None = None
    transfer_client_id: str | None = None
    time: int | None = None


class InnerTransfers(Model, kw_only=True):
    data: list[InnerTransfer]
    total: int


class Uid(Model, kw_only=True):
    uid: Id


class ListenKey(Model, kw_only=True):
    listen_key: str
