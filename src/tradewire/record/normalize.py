"""Venue stream models to the dataset's normalized events (exact Decimals from the wire strings)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

import msgspec

from tradewire.binance import futures_streams as bf
from tradewire.binance import streams as bn
from tradewire.bingx import ws_models as bx
from tradewire.record.schema import Level, Mark, Market, StreamEvent, Ticker, Trade, Venue


def levels(raw: Sequence[tuple[str, str]] | Sequence[tuple[Decimal, Decimal]]) -> tuple[Level, ...]:
    """Wire levels as exact `Level`s (msgspec parses the decimal strings)."""
    return msgspec.convert(raw, _LEVELS) if raw else ()


_LEVELS = tuple[Level, ...]


def _numeric(trade_id: object) -> int | None:
    text = str(trade_id)
    return int(text) if text.isdigit() else None


def event(venue: Venue, market: Market, symbol: str, ts_local: int, kind: str, stream: str | None,
          detail: str | None) -> StreamEvent:
    """A gap/resync/reconnect/start/stop/snapshot marker."""
    return StreamEvent(venue=venue, symbol=symbol, ts_local=ts_local, market=market, kind=kind,  # type: ignore[arg-type]
                       stream=stream, detail=detail)


# ---------------------------------------------------------------- BingX


def bingx_trade(market: Market, symbol: str, ts_local: int, t: bx.Trade) -> Trade:
    """``@trade``: ``m`` true means the buyer was the maker, so the taker sold."""
    side: Literal["buy", "sell"] | None = None
    if t.buyer_is_maker is not None:
        side = "sell" if t.buyer_is_maker else "buy"
    tid = None if t.trade_id is None else str(t.trade_id)
    return Trade(venue="bingx", symbol=symbol, ts_local=ts_local, ts_event=t.event_time or t.time,
                 seq=_numeric(tid) if tid is not None else None, market=market, trade_id=tid, price=t.price,
                 qty=t.quantity, side=side)


def bingx_ticker(market: Market, symbol: str, ts_local: int, t: bx.Ticker) -> Ticker:
    """``@ticker``: 24 h statistics, best bid/ask when sent."""
    return Ticker(venue="bingx", symbol=symbol, ts_local=ts_local, ts_event=t.event_time or t.close_time,
                  market=market, bid=t.bid_price, bid_qty=t.bid_quantity, ask=t.ask_price, ask_qty=t.ask_quantity,
                  last=t.last_price, open=t.open, high=t.high, low=t.low, volume=t.volume,
                  quote_volume=t.quote_volume)


def bingx_mark(market: Market, symbol: str, ts_local: int, m: bx.MarkPrice) -> Mark:
    """``@markPrice``: the mark price only (BingX sends no index or funding on this topic)."""
    return Mark(venue="bingx", symbol=symbol, ts_local=ts_local, ts_event=m.event_time or m.time, market=market,
                mark_price=m.price)


# ---------------------------------------------------------------- Binance


def binance_trade(market: Market, ts_local: int, t: bn.TradeEvent | bn.AggTradeEvent | bf.FuturesAggTrade) -> Trade:
    """``@trade`` / ``@aggTrade``: ``m`` true means the buyer was the maker, so the taker sold."""
    tid = str(t.t) if isinstance(t, bn.TradeEvent) else str(t.a)
    return Trade(venue="binance", symbol=t.s, ts_local=ts_local, ts_event=t.E, seq=_numeric(tid), market=market,
                 trade_id=tid, price=t.p, qty=t.q, side="sell" if t.m else "buy")


def binance_ticker(market: Market, ts_local: int, t: bn.TickerEvent) -> Ticker:
    """``@ticker`` (24hrTicker)."""
    return Ticker(venue="binance", symbol=t.s, ts_local=ts_local, ts_event=t.E, market=market, last=t.c,
                  open=t.o, high=t.h, low=t.l, volume=t.v, quote_volume=t.q)


def binance_mark(ts_local: int, m: bf.MarkPriceUpdate) -> Mark:
    """``@markPrice`` (futures): mark, index, funding rate and the next funding time."""
    return Mark(venue="binance", symbol=m.s, ts_local=ts_local, ts_event=m.E, market="futures",
                mark_price=m.p, index_price=m.i, funding_rate=m.r, next_funding_time=m.T)
