"""The BingX adapter: USDT-M perpetual market data (spot market data through `on("spot")`) and positions,
spot, fund and swap balances."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tradewire.bingx import models as m
from tradewire.bingx import trade_models as tm
from tradewire.bingx.client import BingX
from tradewire.bingx.endpoints import DEPTH_LIMITS
from tradewire.core.codec import Id
from tradewire.core.errors import ValidationError
from tradewire.unified import symbols
from tradewire.unified.base import Exchange, average, book_size
from tradewire.unified.types import (
    Balance,
    Candle,
    Order,
    OrderBook,
    OrderRequest,
    Position,
    StreamNotice,
    Ticker,
    Trade,
)

if TYPE_CHECKING:
    from tradewire.bingx.streams import BingXStreams

VENUE = "bingx"
ZERO = Decimal(0)


class BingXExchange(Exchange):
    """`Exchange` over a sync `BingX` client."""

    venue = VENUE
    accounts = ("spot", "fund", "swap")
    markets = ("spot", "swap")
    trades_page = 100
    data_market = "swap"

    def __init__(self, client: BingX) -> None:
        self._client = client
        self.env = client.env

    @property
    def client(self) -> BingX:
        """The BingX client."""
        return self._client

    def market_id(self, symbol: str) -> str:
        """`BTC-USDT`."""
        return symbols.bingx(symbol)

    def balances(self, account: str | None = None) -> list[Balance]:
        """Spot, fund and perpetual-swap balances (unused swap assets are left out)."""
        out: list[Balance] = []
        for acc in self.accounts if account is None else (account,):
            if acc == "spot":
                out += [_asset_balance("spot", b) for b in self._client.spot_balance()]
            elif acc == "fund":
                out += [_asset_balance("fund", b) for b in self._client.fund_balance()]
            elif acc == "swap":
                out += [_swap_balance(b) for b in self._client.swap_balance() if b.balance is not None]
            else:
                raise ValidationError("account", f"must be one of {', '.join(self.accounts)}", account)
        return out

    def positions(self, symbol: str | None = None) -> list[Position]:
        """Open perpetual positions."""
        rows = self._client.positions(self.market_id(symbol) if symbol else None)
        return [_position(p) for p in rows if p.position_amt != 0]

    def ticker(self, symbol: str) -> Ticker:
        """24 h ticker."""
        return _ticker(self._client.ticker(self.market_id(symbol)))

    def tickers(self) -> list[Ticker]:
        """Every contract's 24 h ticker."""
        return [_ticker(t) for t in self._client.tickers()]

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """Order book, any depth up to 1000 (fetched at the next size the venue allows: 5, 10, 20, 50, 100,
        500 or 1000)."""
        d = self._client.depth(self.market_id(symbol), book_size(depth, DEPTH_LIMITS))
        return OrderBook(venue=VENUE, symbol=symbols.unified(symbol), bids=d.bids[:depth], asks=d.asks[:depth],
                         time=d.time)

    def ohlcv(self, symbol: str, interval: str = "1h", since: int | None = None,
              limit: int | None = None, until: int | None = None) -> list[Candle]:
        """Candles, oldest first (limit up to 1440)."""
        rows = self._client.klines(self.market_id(symbol), interval, start_time=since, end_time=until, limit=limit)
        return sorted((_candle(k) for k in rows), key=lambda c: c.time)

    def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """Recent trades, oldest first (limit up to 1000)."""
        sym = symbols.unified(symbol)
        rows = self._client.trades(self.market_id(symbol), limit)
        return sorted((_trade(sym, t) for t in rows), key=lambda t: (t.time, t.id or ""))

    def _on(self, market: str) -> Exchange:
        from tradewire.unified.bingx_spot import BingXSpotData

        return BingXSpotData(self._client)

    def trades_from(self, symbol: str, from_id: int | None, limit: int) -> list[Trade]:
        """Perpetual trades from `from_id` on (historicalTrades, up to 100)."""
        sym = symbols.unified(symbol)
        rows = self._client.historical_trades(self.market_id(symbol), from_id, min(limit, self.trades_page))
        return [Trade(venue=VENUE, symbol=sym, id=str(t.id), price=t.price, amount=t.qty,
                      side=None if t.is_buyer_maker is None else ("sell" if t.is_buyer_maker else "buy"), time=t.time)
                for t in sorted(rows, key=lambda t: int(t.id))]

    def place_order(self, req: OrderRequest) -> Order:
        """A spot or perpetual order, checked against the symbol's precision first."""
        self.check_market(req.market)
        sym = self.market_id(req.symbol)
        if req.market == "spot":
            return spot_order(self._client.spot_order(
                sym, req.side.upper(), req.type, quantity=req.amount, price=req.price,
                time_in_force=req.time_in_force, client_order_id=req.client_id))
        return swap_order(self._client.swap_order(
            sym, req.side.upper(), req.type, quantity=req.amount, price=req.price, position_side=req.position_side,
            time_in_force=req.time_in_force, client_order_id=req.client_id, reduce_only=req.reduce_only))

    def check_order(self, req: OrderRequest) -> None:
        """Spot: parameter rules and precision (BingX has no spot test endpoint); perpetual: precision, then the
        test endpoint."""
        self.check_market(req.market)
        sym = self.market_id(req.symbol)
        if req.market == "spot":
            self._client.check_spot_order(sym, req.side.upper(), req.type, quantity=req.amount, price=req.price,
                                          time_in_force=req.time_in_force, client_order_id=req.client_id)
            return
        self._client.test_swap_order(sym, req.side.upper(), req.type, quantity=req.amount, price=req.price,
                                     position_side=req.position_side, time_in_force=req.time_in_force,
                                     clientOrderId=req.client_id, reduceOnly=req.reduce_only)

    def cancel_order(self, symbol: str, market: str, id: str | None = None, client_id: str | None = None) -> Order:
        """Cancel a spot or perpetual order."""
        self.check_market(market)
        if market == "spot":
            return spot_order(self._client.cancel_spot_order(self.market_id(symbol), _id(id), client_id))
        return swap_order(self._client.cancel_swap_order(self.market_id(symbol), _id(id), client_id))

    def fetch_order(self, symbol: str, market: str, id: str | None = None, client_id: str | None = None) -> Order:
        """A spot or perpetual order in any status."""
        self.check_market(market)
        if market == "spot":
            return spot_order(self._client.spot_order_info(self.market_id(symbol), _id(id), client_id))
        return swap_order(self._client.swap_order_info(self.market_id(symbol), _id(id), client_id))

    def open_orders(self, market: str, symbol: str | None = None) -> list[Order]:
        """Open spot or perpetual orders."""
        self.check_market(market)
        sym = self.market_id(symbol) if symbol else None
        if market == "spot":
            return [spot_order(o) for o in self._client.spot_open_orders(sym)]
        return [swap_order(o) for o in self._client.swap_open_orders(sym)]

    def server_time(self) -> int:
        """BingX server time."""
        return self._client.server_time()

    def close(self) -> None:
        """Close the client."""
        self._client.close()

    # --- streams ---------------------------------------------------------------------------------

    @asynccontextmanager
    async def _streams(self) -> AsyncIterator[BingXStreams]:
        from tradewire.bingx.streams import BingXStreams

        twin = self._client.async_twin()
        try:
            async with BingXStreams(self._client.ws_url, twin) as streams:
                yield streams
        finally:
            await twin.close()

    async def watch_trades(self, symbol: str) -> AsyncIterator[Trade | StreamNotice]:
        """Perpetual trades from the `@trade` channel."""
        from tradewire.core.ws import StreamEvent

        sym = self.market_id(symbol)
        async with self._streams() as streams:
            async for ev in streams.trades(sym):
                if isinstance(ev, StreamEvent):
                    yield notice(ev)
                else:
                    yield Trade(venue=VENUE, symbol=symbols.unified(ev.symbol or sym),
                                id="" if ev.trade_id is None else str(ev.trade_id), price=ev.price,
                                amount=ev.quantity, time=ev.time,
                                side=None if ev.buyer_is_maker is None else "sell" if ev.buyer_is_maker else "buy")

    async def watch_order_book(self, symbol: str, depth: int = 20) -> AsyncIterator[OrderBook | StreamNotice]:
        """The book kept locally from `@incrDepth`."""
        from tradewire.core.ws import StreamEvent

        sym = self.market_id(symbol)
        async with self._streams() as streams:
            async for ev in streams.order_book(sym):
                if isinstance(ev, StreamEvent):
                    yield notice(ev)
                else:
                    bids, asks = ev.top(depth)
                    yield OrderBook(venue=VENUE, symbol=symbols.unified(sym), bids=bids, asks=asks)

    async def watch_ohlcv(self, symbol: str, interval: str = "1m") -> AsyncIterator[Candle | StreamNotice]:
        """The `@kline_<interval>` channel."""
        from tradewire.core.ws import StreamEvent

        async with self._streams() as streams:
            async for ev in streams.klines(self.market_id(symbol), interval):
                yield notice(ev) if isinstance(ev, StreamEvent) else ws_candle(ev)

    async def watch_ticker(self, symbol: str) -> AsyncIterator[Ticker | StreamNotice]:
        """The `@ticker` channel."""
        from tradewire.core.ws import StreamEvent

        async with self._streams() as streams:
            async for ev in streams.ticker(self.market_id(symbol)):
                if isinstance(ev, StreamEvent):
                    yield notice(ev)
                else:
                    yield Ticker(venue=VENUE, symbol=symbols.unified(ev.symbol), last=ev.last_price,
                                 bid=ev.bid_price, ask=ev.ask_price, open=ev.open, high=ev.high, low=ev.low,
                                 volume=ev.volume, quote_volume=ev.quote_volume, change=ev.price_change,
                                 change_percent=ev.price_change_percent, time=ev.event_time)


def ws_candle(k: Any) -> Candle:
    """A candle of a swap or spot `@kline` frame (its start time when sent, else `T`)."""
    return Candle(time=k.start_time if k.start_time is not None else k.time, open=k.open, high=k.high, low=k.low,
                  close=k.close, volume=k.volume)


def _asset_balance(account: str, b: m.AssetBalance) -> Balance:
    return Balance(venue=VENUE, account=account, asset=b.asset, total=b.free + b.locked, free=b.free, used=b.locked)


def _swap_balance(b: m.SwapBalance) -> Balance:
    total = b.balance or ZERO
    return Balance(venue=VENUE, account="swap", asset=b.asset, total=total,
                   free=b.available_margin if b.available_margin is not None else total,
                   used=b.used_margin or ZERO, equity=b.equity, unrealized_pnl=b.unrealized_profit)


def _position(p: m.Position) -> Position:
    side = p.position_side.lower()
    if side not in ("long", "short"):
        side = "long" if p.position_amt > 0 else "short"
    return Position(venue=VENUE, symbol=symbols.unified(p.symbol), side=side, amount=abs(p.position_amt),
                    entry_price=p.avg_price, mark_price=p.mark_price, unrealized_pnl=p.unrealized_profit,
                    liquidation_price=p.liquidation_price, leverage=p.leverage,
                    margin_mode="isolated" if p.isolated else "cross", id=p.position_id)


def _ticker(t: m.Ticker) -> Ticker:
    return Ticker(venue=VENUE, symbol=symbols.unified(t.symbol), last=t.last_price, bid=t.bid_price,
                  ask=t.ask_price, open=t.open_price, high=t.high_price, low=t.low_price, volume=t.volume,
                  quote_volume=t.quote_volume, change_percent=t.price_change_percent, time=t.close_time)


def _candle(k: m.Kline) -> Candle:
    return Candle(time=k.time, open=k.open, high=k.high, low=k.low, close=k.close, volume=k.volume)


def _trade(symbol: str, t: m.Trade) -> Trade:
    side = None if t.buyer_maker is None else ("sell" if t.buyer_maker else "buy")
    return Trade(venue=VENUE, symbol=symbol, id=t.id, price=t.price, amount=t.qty, side=side, time=t.time)


def _id(id: str | None) -> Id | None:
    return None if id is None else Id(id)


def spot_order(o: tm.SpotOrder) -> Order:
    """A BingX spot order as a unified `Order`."""
    return Order(venue=VENUE, market="spot", symbol=symbols.unified(o.symbol), id=str(o.order_id),
                 client_id=o.client_order_id or None, side=(o.side or "").lower(), type=o.type or "",
                 status=o.status, price=o.price, amount=o.orig_qty, filled=o.executed_qty,
                 time_in_force=o.time_in_force, time=o.transact_time or o.time, stop_price=o.stop_price or None,
                 average=average(o.cummulative_quote_qty, o.executed_qty), fee=o.fee if o.executed_qty else None,
                 fee_asset=o.fee_asset or None if o.executed_qty else None)


def swap_order(o: tm.SwapOrder) -> Order:
    """A perpetual order as a unified `Order`."""
    return Order(venue=VENUE, market="swap", symbol=symbols.unified(o.symbol), id=str(o.order_id),
                 client_id=o.client_order_id or None, side=(o.side or "").lower(), type=o.type or "",
                 status=o.status, price=o.price, amount=o.orig_qty, filled=o.executed_qty,
                 time_in_force=o.time_in_force, position_side=o.position_side, reduce_only=o.reduce_only,
                 time=o.time or o.update_time, stop_price=o.stop_price or None, average=o.avg_price or None,
                 fee=o.commission if o.executed_qty else None, fee_asset="USDT" if o.executed_qty else None)


def notice(ev: Any) -> StreamNotice:
    """A websocket engine event as a `StreamNotice`."""
    return StreamNotice(event=type(ev).__name__.lower(), detail=str(ev))


def open_bingx(env: str = "live", api_key: str | None = None, secret_key: str | None = None,
               **options: Any) -> BingXExchange:
    """A `BingXExchange` (options as for `BingX`: base_url, timeout, recv_window...)."""
    return BingXExchange(BingX(api_key, secret_key, env=env, **options))  # type: ignore[arg-type]
