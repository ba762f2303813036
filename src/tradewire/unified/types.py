"""The venue-neutral result types: money is `Decimal`, ids are `str`, times are UTC Unix ms."""

from __future__ import annotations

from decimal import Decimal

import msgspec


class Balance(msgspec.Struct, frozen=True, kw_only=True):
    """One asset of one account. `free` can be spent or moved; `used` is locked or in margin."""

    venue: str
    account: str
    asset: str
    total: Decimal
    free: Decimal
    used: Decimal
    #: derivatives accounts: balance plus unrealized PnL
    equity: Decimal | None = None
    unrealized_pnl: Decimal | None = None


class Position(msgspec.Struct, frozen=True, kw_only=True):
    """An open derivatives position; `amount` is never negative, `side` says which way."""

    venue: str
    symbol: str
    side: str  # "long" or "short"
    amount: Decimal
    entry_price: Decimal
    mark_price: Decimal | None
    unrealized_pnl: Decimal | None
    liquidation_price: Decimal | None
    leverage: int
    margin_mode: str  # "cross" or "isolated"
    id: str | None = None


class Ticker(msgspec.Struct, frozen=True, kw_only=True):
    """24 h statistics and the best prices of one market."""

    venue: str
    symbol: str
    last: Decimal
    bid: Decimal | None = None
    ask: Decimal | None = None
    open: Decimal | None = None
    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None
    quote_volume: Decimal | None = None
    change_percent: Decimal | None = None
    change: Decimal | None = None
    time: int | None = None


Level = tuple[Decimal, Decimal]


class OrderBook(msgspec.Struct, frozen=True, kw_only=True):
    """Price levels, best first on both sides: `(price, amount)`."""

    venue: str
    symbol: str
    bids: list[Level]
    asks: list[Level]
    time: int | None = None


class Candle(msgspec.Struct, frozen=True, kw_only=True):
    """One OHLCV candle; `time` is its open time."""

    time: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal


class Trade(msgspec.Struct, frozen=True, kw_only=True):
    """A public trade; `side` is the taker's side ("buy" or "sell"), `side` and `id` are `None` when not
    published (BingX's recent trades carry no id live; `trades_from` rows always have one)."""

    venue: str
    symbol: str
    id: str | None
    price: Decimal
    amount: Decimal
    side: str | None
    time: int


class Order(msgspec.Struct, frozen=True, kw_only=True):
    """An order as placed, cancelled or listed; `side` is "buy" or "sell", `type`/`status` as the venue says."""

    venue: str
    market: str  # "spot" or "swap"
    symbol: str
    id: str
    client_id: str | None
    side: str
    type: str
    status: str | None
    price: Decimal | None
    amount: Decimal | None
    filled: Decimal | None
    time_in_force: str | None = None
    position_side: str | None = None
    reduce_only: bool | None = None
    time: int | None = None
    #: the trigger of a stop, take-profit or trailing order
    stop_price: Decimal | None = None
    #: average fill price and total fee, where the answer carries them (else `None`, never `0`)
    average: Decimal | None = None
    fee: Decimal | None = None
    fee_asset: str | None = None


class OrderRequest(msgspec.Struct, frozen=True, kw_only=True):
    """What to place; `side` "buy"/"sell", `type` MARKET/LIMIT, amounts exact."""

    symbol: str
    side: str
    type: str
    amount: Decimal
    price: Decimal | None = None
    market: str = "spot"
    time_in_force: str | None = None
    client_id: str | None = None
    position_side: str | None = None
    reduce_only: bool | None = None


class StreamNotice(msgspec.Struct, frozen=True, kw_only=True):
    """Something that happened to a stream itself: a reconnect, a resync, a refused topic. Never silent."""

    event: str
    detail: str
