"""The Binance adapter: spot market data (USD-M futures market data through `on("swap")`), spot and USD-M futures
balances, futures positions, spot orders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.binance.client import Binance
from tradewire.core.errors import ValidationError
from tradewire.unified import symbols
from tradewire.unified.base import Exchange, NotSupported, average
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
    from tradewire.binance.aclient import AsyncBinance

VENUE = "binance"
#: where a simulator serves the USD-M futures streams, beside the spot ones (sim/binance/fstreams.py)
FUTURES_SOCKET = "/fstream"


class BinanceExchange(Exchange):
    """`Exchange` over a sync `Binance` client (spot)."""

    venue = VENUE
    accounts = ("spot", "swap")
    markets = ("spot",)
    trades_page = 1000
    data_market = "spot"

    def __init__(self, client: Binance) -> None:
        self._client = client
        self.env = client.env

    @property
    def client(self) -> Binance:
        """The Binance client."""
        return self._client

    def market_id(self, symbol: str) -> str:
        """`BTCUSDT`."""
        return symbols.binance(symbol)

    def balances(self, account: str | None = None) -> list[Balance]:
        """Spot and USD-M futures (`swap`) balances; assets with a zero balance are left out."""
        out: list[Balance] = []
        for acc in self.accounts if account is None else (account,):
            if acc == "spot":
                out += [Balance(venue=VENUE, account="spot", asset=b.asset, total=b.free + b.locked, free=b.free,
                                used=b.locked) for b in self._client.account().balances if b.free or b.locked]
            elif acc == "swap":
                out += [Balance(venue=VENUE, account="swap", asset=b.asset, total=b.balance, free=b.available_balance,
                                used=b.balance - b.available_balance) for b in self._client.futures_balance()
                        if b.balance]
            else:
                raise ValidationError("account", f"must be one of {', '.join(self.accounts)} (swap: USD-M futures)",
                                      account)
        return out

    def positions(self, symbol: str | None = None) -> list[Position]:
        """Open USD-M futures positions (`/fapi/v3/positionRisk`), with each symbol's leverage and margin type
        (`/fapi/v1/symbolConfig`: v3 position rows carry neither)."""
        sym = self.market_id(symbol) if symbol else None
        rows = [p for p in self._client.futures_positions(sym) if p.position_amt != 0]
        if not rows:
            return []
        config = {c.symbol: c for c in self._client.futures_symbol_config(sym)}
        return [_position(p, config.get(p.symbol)) for p in rows]

    def _on(self, market: str) -> Exchange:
        from tradewire.unified.binance_futures import BinanceFuturesData

        return BinanceFuturesData(self._client)

    def ticker(self, symbol: str) -> Ticker:
        """24 h ticker."""
        return _ticker(self._client.ticker_24h(self.market_id(symbol)))

    def tickers(self) -> list[Ticker]:
        """Every pair's 24 h ticker."""
        return [_ticker(t) for t in self._client.tickers_24h()]

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """Order book (limit up to 5000)."""
        d = self._client.depth(self.market_id(symbol), depth)
        return OrderBook(venue=VENUE, symbol=symbols.unified(symbol), bids=d.bids[:depth], asks=d.asks[:depth])

    def ohlcv(self, symbol: str, interval: str = "1h", since: int | None = None,
              limit: int | None = None, until: int | None = None) -> list[Candle]:
        """Candles, oldest first (limit up to 1000)."""
        rows = self._client.klines(self.market_id(symbol), interval, start_time=since, end_time=until, limit=limit)
        return [Candle(time=k.open_time, open=k.open, high=k.high, low=k.low, close=k.close, volume=k.volume)
                for k in sorted(rows, key=lambda k: k.open_time)]

    def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """Recent trades, oldest first (limit up to 1000)."""
        return _trades(symbol, self._client.trades(self.market_id(symbol), limit))

    def trades_from(self, symbol: str, from_id: int | None, limit: int) -> list[Trade]:
        """Trades from `from_id` on (historicalTrades, up to 1000; needs an API key)."""
        return _trades(symbol, self._client.historical_trades(self.market_id(symbol), min(limit, self.trades_page),
                                                              from_id))

    def place_order(self, req: OrderRequest) -> Order:
        """A spot order, checked against the symbol filters first."""
        self.check_market(req.market)
        if req.position_side is not None or req.reduce_only is not None:
            raise NotSupported("position side and reduce-only apply to perpetual orders, not Binance spot")
        return spot_order(self._client.new_order(self.market_id(req.symbol), req.side.upper(), req.type,
                                             quantity=req.amount, price=req.price, time_in_force=req.time_in_force,
                                             new_client_order_id=req.client_id))

    def check_order(self, req: OrderRequest) -> None:
        """The symbol filters, then Binance's test-order endpoint (which places nothing)."""
        self.check_market(req.market)
        if req.position_side is not None or req.reduce_only is not None:
            raise NotSupported("position side and reduce-only apply to perpetual orders, not Binance spot")
        self._client.test_order(self.market_id(req.symbol), req.side.upper(), req.type, quantity=req.amount,
                                price=req.price, time_in_force=req.time_in_force,
                                newClientOrderId=req.client_id)

    def cancel_order(self, symbol: str, market: str, id: str | None = None, client_id: str | None = None) -> Order:
        """Cancel a spot order."""
        self.check_market(market)
        return spot_order(self._client.cancel_order(self.market_id(symbol), _int_id(id), client_id))

    def fetch_order(self, symbol: str, market: str, id: str | None = None, client_id: str | None = None) -> Order:
        """A spot order in any status."""
        self.check_market(market)
        return spot_order(self._client.get_order(self.market_id(symbol), _int_id(id), client_id))

    def open_orders(self, market: str, symbol: str | None = None) -> list[Order]:
        """Open spot orders."""
        self.check_market(market)
        return [spot_order(o) for o in self._client.open_orders(self.market_id(symbol) if symbol else None)]

    def server_time(self) -> int:
        """Binance server time."""
        return self._client.server_time()

    def close(self) -> None:
        """Close the client."""
        self._client.close()

    # --- streams ---------------------------------------------------------------------------------

    def _async_twin(self) -> AsyncBinance:
        from tradewire.binance.aclient import AsyncBinance

        c = self._client
        twin = AsyncBinance(env=c.env, base_url=c.base_urls, futures_url=c.futures_url, ws_url=c.ws_url,
                            futures_ws_url=c.futures_ws_url, timeout=c.timeout)
        twin.context = c.context
        return twin

    async def _market(self, symbol: str, channel: str) -> AsyncIterator[Any]:
        from tradewire.binance import streams as bs

        stream = bs.Stream(self._client.ws_url, [f"{self.market_id(symbol).lower()}@{channel}"])
        try:
            async for ev in stream:
                yield StreamNotice(event="reconnected", detail=ev.reason) if isinstance(ev, bs.Reconnected) else ev
        finally:
            await stream.close()

    async def watch_trades(self, symbol: str) -> AsyncIterator[Trade | StreamNotice]:
        """Spot trades from the `@trade` stream."""
        from tradewire.binance import streams as bs

        async for ev in self._market(symbol, "trade"):
            if isinstance(ev, StreamNotice):
                yield ev
            elif isinstance(ev, bs.TradeEvent):
                yield Trade(venue=VENUE, symbol=symbols.unified(ev.s), id=str(ev.t), price=ev.p, amount=ev.q,
                            side="sell" if ev.m else "buy", time=ev.T)

    async def watch_ohlcv(self, symbol: str, interval: str = "1m") -> AsyncIterator[Candle | StreamNotice]:
        """The `@kline_<interval>` stream."""
        from tradewire.binance import streams as bs

        async for ev in self._market(symbol, f"kline_{interval}"):
            if isinstance(ev, StreamNotice):
                yield ev
            elif isinstance(ev, bs.KlineEvent):
                yield Candle(time=ev.k.t, open=ev.k.o, high=ev.k.h, low=ev.k.l, close=ev.k.c, volume=ev.k.v)

    async def watch_ticker(self, symbol: str) -> AsyncIterator[Ticker | StreamNotice]:
        """The `@ticker` stream."""
        from tradewire.binance import streams as bs

        async for ev in self._market(symbol, "ticker"):
            if isinstance(ev, StreamNotice):
                yield ev
            elif isinstance(ev, bs.TickerEvent):
                yield Ticker(venue=VENUE, symbol=symbols.unified(ev.s), last=ev.c, open=ev.o, high=ev.h, low=ev.l,
                             volume=ev.v, quote_volume=ev.q, change=ev.p, time=ev.E)

    async def watch_order_book(self, symbol: str, depth: int = 20) -> AsyncIterator[OrderBook | StreamNotice]:
        """The book synced by the documented snapshot + diff algorithm."""
        from tradewire.binance import streams as bs

        twin = self._async_twin()
        book = bs.LocalBook(twin, self.market_id(symbol), limit=max(depth, 100))
        events: Any = aiter(book)  # an async generator: closed below
        try:
            async for ev in events:
                if isinstance(ev, bs.Reconnected):
                    yield StreamNotice(event="reconnected", detail=ev.reason)
                elif isinstance(ev, bs.Resynced):
                    yield StreamNotice(event="resynced",
                                       detail=f"book rebuilt from snapshot {ev.last_update_id} ({ev.reason})")
                elif isinstance(ev, bs.DepthUpdate) and book.sync.synced:
                    bids, asks = book.book.top(depth)
                    yield OrderBook(venue=VENUE, symbol=symbols.unified(ev.s), bids=bids, asks=asks, time=ev.E)
        finally:
            await events.aclose()
            await twin.close()


def _position(p: fm.PositionRisk, config: fm.SymbolConfig | None) -> Position:
    side = p.position_side.lower()
    if side not in ("long", "short"):
        side = "long" if p.position_amt > 0 else "short"
    isolated = config.margin_type.upper() == "ISOLATED" if config else p.isolated_wallet != 0
    return Position(venue=VENUE, symbol=symbols.unified(p.symbol), side=side, amount=abs(p.position_amt),
                    entry_price=p.entry_price, mark_price=p.mark_price, unrealized_pnl=p.un_realized_profit,
                    liquidation_price=p.liquidation_price or None, leverage=config.leverage if config else 0,
                    margin_mode="isolated" if isolated else "cross")


def _int_id(id: str | None) -> int | None:
    if id is None:
        return None
    if not id.isdigit():
        raise ValidationError("order id", "Binance order ids are whole numbers", id)
    return int(id)


def _ticker(t: m.Ticker) -> Ticker:
    return Ticker(venue=VENUE, symbol=symbols.unified(t.symbol), last=t.last_price, bid=t.bid_price,
                  ask=t.ask_price, open=t.open_price, high=t.high_price, low=t.low_price, volume=t.volume,
                  quote_volume=t.quote_volume, change_percent=t.price_change_percent, time=t.close_time)


def _trades(symbol: str, rows: list[m.Trade]) -> list[Trade]:
    sym = symbols.unified(symbol)
    return [Trade(venue=VENUE, symbol=sym, id=str(t.id), price=t.price, amount=t.qty,
                  side="sell" if t.is_buyer_maker else "buy", time=t.time)
            for t in sorted(rows, key=lambda t: int(t.id))]


def spot_order(o: m.Order) -> Order:
    """A Binance spot order as a unified `Order` (fee: the sum of its fills, when they share one asset)."""
    assets = {f.commission_asset for f in o.fills or ()}
    fee = sum((f.commission for f in o.fills or ()), Decimal(0)) if len(assets) == 1 else None
    fee_asset = assets.pop() if len(assets) == 1 else None
    return Order(venue=VENUE, market="spot", symbol=symbols.unified(o.symbol), id=str(o.order_id),
                 client_id=o.client_order_id, side=(o.side or "").lower(), type=o.type or "", status=o.status,
                 price=o.price, amount=o.orig_qty, filled=o.executed_qty, time_in_force=o.time_in_force,
                 time=o.transact_time or o.time, stop_price=o.stop_price or None,
                 average=average(o.cummulative_quote_qty, o.executed_qty), fee=fee, fee_asset=fee_asset)


def open_binance(env: str = "live", api_key: str | None = None, secret_key: str | None = None,
                 **options: Any) -> BinanceExchange:
    """A `BinanceExchange` (options as for `Binance`: base_url, ws_url, timeout, recv_window...). A custom
    `base_url` (a simulator, a proxy) takes the futures calls too, and a custom `ws_url` the futures streams under
    `/fstream`, unless `futures_url` / `futures_ws_url` say otherwise: never the official futures hosts beside a
    private spot one."""
    if isinstance(options.get("base_url"), str):
        options.setdefault("futures_url", options["base_url"])
    if options.get("ws_url"):
        options.setdefault("futures_ws_url", options["ws_url"].rstrip("/") + FUTURES_SOCKET)
    return BinanceExchange(Binance(api_key, secret_key, env=env, **options))  # type: ignore[arg-type]
