"""Typed BingX swap websocket pushes: market channels and account events.

Money is `Decimal` whether the server sent a string or a JSON number; ids are `str` (`Id`) even
when the wire carried a number above 2^53; `""` reads as None. Attribute names are readable,
mapped from the one-letter wire names. Exception, on purpose: `IncrDepth` keeps its levels as
the server's strings, because they feed `OrderBook`, whose per-level path avoids Decimal.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Generic, TypeVar

import msgspec
from msgspec import field

from tradewire.core.codec import Id, blank_to_null, decoder

T = TypeVar("T")

Level = tuple[Decimal, Decimal]
RawLevel = tuple[str, str]


class Frame(msgspec.Struct, Generic[T]):
    """A market data frame: ``{"code":0,"dataType":<topic>,"data":…}``."""

    data_type: str = field(name="dataType")
    data: T
    code: int = 0
    ts: int | None = None
    symbol: str | None = field(default=None, name="s")


# --------------------------------------------------------------------------- market


class Depth(msgspec.Struct, kw_only=True):
    """``<symbol>@depth<level>@<interval>``: a full snapshot of the top levels, best first."""

    bids: list[Level]
    asks: list[Level]
    #: Snapshot time (ms): the skills' ``data.T``, else the frame's ``ts``.
    time: int | None = field(default=None, name="T")

    def __post_init__(self) -> None:
        # the official sample (and the simulator) send asks worst-first
        self.bids.sort(key=lambda lv: lv[0], reverse=True)
        self.asks.sort(key=lambda lv: lv[0])


class IncrDepth(msgspec.Struct, kw_only=True):
    """``<symbol>@incrDepth``: ``action`` "all" (full book) or "update"; levels as sent (strings)."""

    action: str
    last_update_id: int = field(name="lastUpdateId")
    # The samples carry `time`; the skills name it `T`.
    time: int | None = None
    bids: list[RawLevel] = []
    asks: list[RawLevel] = []


class Trade(msgspec.Struct, kw_only=True):
    """``<symbol>@trade``: one trade (the swap frame's ``data`` is a list of them)."""

    time: int = field(name="T")
    symbol: str | None = field(default=None, name="s")
    price: Decimal = field(name="p")
    quantity: Decimal = field(name="q")
    buyer_is_maker: bool | None = field(default=None, name="m")
    trade_id: Id | None = field(default=None, name="t")
    event_time: int | None = field(default=None, name="E")


class Kline(msgspec.Struct, kw_only=True):
    """``<symbol>@kline_<interval>``: one candle."""

    open: Decimal = field(name="o")
    high: Decimal = field(name="h")
    low: Decimal = field(name="l")
    close: Decimal = field(name="c")
    volume: Decimal = field(name="v")
    #: The candle's time (ms): its close time in the skills' shape, its start in the live list.
    time: int = field(name="T")
    start_time: int | None = field(default=None, name="t")
    quote_volume: Decimal | None = field(default=None, name="q")


class KlineEvent(msgspec.Struct, kw_only=True):
    """The skills' documented kline shape ``{s, K:{t,T,o,h,l,c,v}}``."""

    symbol: str | None = field(default=None, name="s")
    kline: Kline = field(name="K")


class Ticker(msgspec.Struct, kw_only=True):
    """``<symbol>@ticker``: 24 h statistics, pushed every second.

    Note the letters: here ``B``/``b`` are best bid price/quantity and ``A``/``a`` best ask
    price/quantity, the reverse of ``@bookTicker`` (ccxt's captured frame: A > B).
    """

    symbol: str = field(name="s")
    last_price: Decimal = field(name="c")
    price_change: Decimal | None = field(default=None, name="p")
    price_change_percent: Decimal | None = field(default=None, name="P")
    last_quantity: Decimal | None = field(default=None, name="L")
    high: Decimal | None = field(default=None, name="h")
    low: Decimal | None = field(default=None, name="l")
    volume: Decimal | None = field(default=None, name="v")
    quote_volume: Decimal | None = field(default=None, name="q")
    open: Decimal | None = field(default=None, name="o")
    open_time: int | None = field(default=None, name="O")
    close_time: int | None = field(default=None, name="C")
    bid_price: Decimal | None = field(default=None, name="B")
    bid_quantity: Decimal | None = field(default=None, name="b")
    ask_price: Decimal | None = field(default=None, name="A")
    ask_quantity: Decimal | None = field(default=None, name="a")
    event_time: int | None = field(default=None, name="E")


class LastPrice(msgspec.Struct, kw_only=True):
    """``<symbol>@lastPrice``."""

    symbol: str = field(name="s")
    price: Decimal = field(name="c")
    time: int | None = field(default=None, name="T")


class MarkPrice(msgspec.Struct, kw_only=True):
    """``<symbol>@markPrice`` (the sample has ``E``; the skills say ``T``)."""

    symbol: str = field(name="s")
    price: Decimal = field(name="p")
    event_time: int | None = field(default=None, name="E")
    time: int | None = field(default=None, name="T")


class BookTicker(msgspec.Struct, kw_only=True):
    """``<symbol>@bookTicker``: best bid and ask."""

    symbol: str = field(name="s")
    bid_price: Decimal = field(name="b")
    bid_quantity: Decimal = field(name="B")
    ask_price: Decimal = field(name="a")
    ask_quantity: Decimal = field(name="A")
    update_id: int | None = field(default=None, name="u")
    event_time: int | None = field(default=None, name="E")
    time: int | None = field(default=None, name="T")


# --------------------------------------------------------------------------- account


class Balance(msgspec.Struct, kw_only=True):
    """One asset in ``ACCOUNT_UPDATE.a.B``."""

    asset: str = field(name="a")
    wallet_balance: Decimal | None = field(default=None, name="wb")
    cross_wallet_balance: Decimal | None = field(default=None, name="cw")
    balance_change: Decimal | None = field(default=None, name="bc")
    locked: Decimal | None = field(default=None, name="lk")  # spot only


class Position(msgspec.Struct, kw_only=True):
    """One position in ``ACCOUNT_UPDATE.a.P``."""

    symbol: str = field(name="s")
    position_amount: Decimal | None = field(default=None, name="pa")
    entry_price: Decimal | None = field(default=None, name="ep")
    unrealized_pnl: Decimal | None = field(default=None, name="up")
    margin_type: str | None = field(default=None, name="mt")
    isolated_margin: Decimal | None = field(default=None, name="iw")
    position_side: str | None = field(default=None, name="ps")
    cr: Decimal | None = None  # in the 2025 sample, undocumented


class AccountData(msgspec.Struct, kw_only=True):
    """``ACCOUNT_UPDATE.a``."""

    reason: str | None = field(default=None, name="m")
    balances: list[Balance] = field(default_factory=list, name="B")
    positions: list[Position] = field(default_factory=list, name="P")


class AccountUpdate(msgspec.Struct, kw_only=True):
    """``ACCOUNT_UPDATE``: balances and positions changed."""

    event: str = field(name="e")
    event_time: int = field(name="E")
    push_time: int | None = field(default=None, name="T")
    account: AccountData = field(name="a")


class Order(msgspec.Struct, kw_only=True):
    """``ORDER_TRADE_UPDATE.o``."""

    symbol: str = field(name="s")
    client_order_id: str | None = field(default=None, name="c")
    order_id: Id = field(name="i")
    side: str = field(name="S")
    type: str = field(name="o")
    quantity: Decimal | None = field(default=None, name="q")
    price: Decimal | None = field(default=None, name="p")
    stop_price: Decimal | None = field(default=None, name="sp")
    average_price: Decimal | None = field(default=None, name="ap")
    execution_type: str | None = field(default=None, name="x")
    status: str | None = field(default=None, name="X")
    fee_asset: str | None = field(default=None, name="N")
    fee: Decimal | None = field(default=None, name="n")
    trade_time: int | None = field(default=None, name="T")
    trigger_price_type: str | None = field(default=None, name="wt")
    position_side: str | None = field(default=None, name="ps")
    realized_pnl: Decimal | None = field(default=None, name="rp")
    filled_quantity: Decimal | None = field(default=None, name="z")
    last_filled_quantity: Decimal | None = field(default=None, name="l")
    last_filled_price: Decimal | None = field(default=None, name="L")
    # In the 2025 sample, undocumented: kept under their wire names.
    sg: str | None = None
    ti: int | None = None
    ro: bool | None = None
    td: Id | None = None
    tv: Decimal | None = None


class OrderTradeUpdate(msgspec.Struct, kw_only=True):
    """``ORDER_TRADE_UPDATE`` (docs-v3's sample spells it ``TRADE_UPDATE``; both are accepted)."""

    event: str = field(name="e")
    event_time: int = field(name="E")
    transaction_time: int | None = field(default=None, name="T")
    order: Order = field(name="o")


class AccountConfig(msgspec.Struct, kw_only=True):
    """``ACCOUNT_CONFIG_UPDATE.ac``."""

    symbol: str = field(name="s")
    long_leverage: int | None = field(default=None, name="l")
    short_leverage: int | None = field(default=None, name="S")
    margin_type: str | None = field(default=None, name="mt")


class AccountConfigUpdate(msgspec.Struct, kw_only=True):
    """``ACCOUNT_CONFIG_UPDATE``: leverage or margin mode (full push on connect, then every 5 s)."""

    event: str = field(name="e")
    event_time: int = field(name="E")
    config: AccountConfig = field(name="ac")


class ListenKeyExpired(msgspec.Struct, kw_only=True):
    """``listenKeyExpired``: the key this socket uses expired; the stream is silent until a new one."""

    event: str = field(name="e")
    event_time: int = field(name="E")
    listen_key: str = field(name="listenKey")


class UnknownEvent(msgspec.Struct, kw_only=True):
    """An account frame of a type this version does not model (e.g. ``SNAPSHOT``), kept raw."""

    event: str | None
    raw: dict[str, Any]


AccountEvent = AccountUpdate | OrderTradeUpdate | AccountConfigUpdate | ListenKeyExpired | UnknownEvent


class _EventType(msgspec.Struct):
    e: str | None = None


_EVENTS: dict[str, type[msgspec.Struct]] = {
    "ACCOUNT_UPDATE": AccountUpdate,
    "ORDER_TRADE_UPDATE": OrderTradeUpdate,
    "TRADE_UPDATE": OrderTradeUpdate,
    "ACCOUNT_CONFIG_UPDATE": AccountConfigUpdate,
    "listenKeyExpired": ListenKeyExpired,
}
_EVENT_TYPE = msgspec.json.Decoder(_EventType)


def decode_account_event(raw: bytes) -> AccountEvent:
    """Decode one account-stream frame; an event type not modelled comes back as `UnknownEvent`."""
    raw = blank_to_null(raw)
    kind = _EVENT_TYPE.decode(raw).e
    model = _EVENTS.get(kind) if kind is not None else None
    if model is None:
        return UnknownEvent(event=kind, raw=decoder(dict[str, Any]).decode(raw))
    event: AccountEvent = decoder(model).decode(raw)
    return event


# --------------------------------------------------------------------------- channel decoders


def _frame_decoder(tp: Any) -> Callable[[bytes], Any]:
    decode = decoder(Frame[tp]).decode

    def run(raw: bytes) -> Any:
        return decode(blank_to_null(raw))

    return run


_depth = _frame_decoder(Depth)
_incr = msgspec.json.Decoder(Frame[IncrDepth]).decode  # hot path: levels are strings, no "" rewrite
_trades = _frame_decoder(list[Trade] | Trade)
_klines = _frame_decoder(list[Kline] | KlineEvent)
_ticker = _frame_decoder(Ticker)
_last_price = _frame_decoder(LastPrice)
_mark_price = _frame_decoder(MarkPrice)
_book_ticker = _frame_decoder(BookTicker)


def decode_depth(raw: bytes) -> list[Depth]:
    """A ``@depth<level>@<interval>`` frame (``time`` falls back to the frame's ``ts``)."""
    frame = _depth(raw)
    depth: Depth = frame.data
    if depth.time is None:
        depth.time = frame.ts
    return [depth]


def decode_incr_depth(raw: bytes) -> list[IncrDepth]:
    """An ``@incrDepth`` frame."""
    return [_incr(raw).data]


def decode_trades(raw: bytes) -> list[Trade]:
    """A ``@trade`` frame: a list of trades on swap (one object on coin-M)."""
    data = _trades(raw).data
    return data if isinstance(data, list) else [data]


def decode_klines(raw: bytes) -> list[Kline]:
    """A ``@kline_<interval>`` frame.

    The live swap server sends ``data`` as a list of candles (ccxt's captured frame); the skills
    document ``data.K``. Both are accepted.
    """
    data = _klines(raw).data
    return data if isinstance(data, list) else [data.kline]


def decode_ticker(raw: bytes) -> list[Ticker]:
    """A ``@ticker`` frame."""
    return [_ticker(raw).data]


def decode_last_price(raw: bytes) -> list[LastPrice]:
    """A ``@lastPrice`` frame."""
    return [_last_price(raw).data]


def decode_mark_price(raw: bytes) -> list[MarkPrice]:
    """A ``@markPrice`` frame."""
    return [_mark_price(raw).data]


def decode_book_ticker(raw: bytes) -> list[BookTicker]:
    """A ``@bookTicker`` frame."""
    return [_book_ticker(raw).data]
