"""The `Exchange` interface every venue adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any, Self

from tradewire.core.errors import TradewireError, ValidationError
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


class NotSupported(TradewireError):
    """The venue has no such thing (e.g. positions on Binance spot); nothing was sent."""


class Exchange(ABC):
    """One venue behind one interface; symbols may be written in any common spelling."""

    venue: str
    env: str
    #: the accounts `balances()` knows, in display order
    accounts: tuple[str, ...]
    #: the markets orders can be placed on ("spot", "swap")
    markets: tuple[str, ...]
    #: the largest page `trades_from` returns
    trades_page: int
    #: the market types `on()` reads market data from ("spot", "swap": USDT-M perpetual futures)
    data_markets: tuple[str, ...] = ("spot", "swap")
    #: the market type this object's market data (ticker, book, candles, trades, streams) comes from
    data_market: str

    @property
    @abstractmethod
    def client(self) -> Any:
        """The venue's own client, for what only that venue has."""

    @abstractmethod
    def market_id(self, symbol: str) -> str:
        """The venue's spelling of `symbol`."""

    @abstractmethod
    def balances(self, account: str | None = None) -> list[Balance]:
        """Balances of one account, or of every account in `accounts`."""

    @abstractmethod
    def positions(self, symbol: str | None = None) -> list[Position]:
        """Open derivatives positions."""

    @abstractmethod
    def ticker(self, symbol: str) -> Ticker:
        """24 h ticker of one market."""

    @abstractmethod
    def tickers(self) -> list[Ticker]:
        """24 h tickers of every market."""

    @abstractmethod
    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """The order book, best levels first."""

    @abstractmethod
    def ohlcv(self, symbol: str, interval: str = "1h", since: int | None = None,
              limit: int | None = None, until: int | None = None) -> list[Candle]:
        """Candles, oldest first; `since`/`until` are UTC ms."""

    @abstractmethod
    def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """Recent public trades, oldest first."""

    @abstractmethod
    def trades_from(self, symbol: str, from_id: int | None, limit: int) -> list[Trade]:
        """Public trades with id >= `from_id` (the latest when `None`), oldest first, each with its id (at most
        `trades_page`)."""

    @abstractmethod
    def watch_trades(self, symbol: str) -> AsyncIterator[Trade | StreamNotice]:
        """Every public trade as it prints (async; reconnects arrive as `StreamNotice`)."""

    @abstractmethod
    def watch_order_book(self, symbol: str, depth: int = 20) -> AsyncIterator[OrderBook | StreamNotice]:
        """The top `depth` levels of a locally kept book, after each change (resyncs arrive as `StreamNotice`)."""

    @abstractmethod
    def watch_ticker(self, symbol: str) -> AsyncIterator[Ticker | StreamNotice]:
        """The 24 h ticker as it changes."""

    @abstractmethod
    def watch_ohlcv(self, symbol: str, interval: str = "1m") -> AsyncIterator[Candle | StreamNotice]:
        """The current candle of `interval` as it changes."""

    def on(self, market: str) -> Exchange:
        """This account with its market data read from `market` (`spot` or `swap`); the same client, so closing
        either closes both."""
        if market not in self.data_markets:
            raise NotSupported(f"{self.venue} has no {market} market data here "
                               f"(available: {', '.join(self.data_markets)})")
        return self if market == self.data_market else self._on(market)

    @abstractmethod
    def _on(self, market: str) -> Exchange:
        """The adapter reading market data from `market` (one of `data_markets`, not `data_market`)."""

    @abstractmethod
    def place_order(self, req: OrderRequest) -> Order:
        """Place an order; an unknown outcome is reconciled by client order id, never re-sent."""

    @abstractmethod
    def check_order(self, req: OrderRequest) -> None:
        """Validate an order completely without placing it: parameters, the symbol's rules, and the exchange's
        test endpoint where it has one. Raises what `place_order` would raise before sending."""

    @abstractmethod
    def cancel_order(self, symbol: str, market: str, id: str | None = None, client_id: str | None = None) -> Order:
        """Cancel one order by id or client id."""

    @abstractmethod
    def fetch_order(self, symbol: str, market: str, id: str | None = None, client_id: str | None = None) -> Order:
        """One order in any status."""

    @abstractmethod
    def open_orders(self, market: str, symbol: str | None = None) -> list[Order]:
        """Open orders of one market (one symbol, or all)."""

    def check_market(self, market: str) -> None:
        """Raise `NotSupported` unless orders can be placed on `market` here."""
        if market not in self.markets:
            raise NotSupported(f"{self.venue} has no {market} market here (available: {', '.join(self.markets)})")

    @abstractmethod
    def server_time(self) -> int:
        """The venue's clock, UTC ms."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} venue={self.venue} env={self.env}>"


def average(quote: Decimal | None, filled: Decimal | None) -> Decimal | None:
    """The average fill price from the quote amount and the base amount filled (`None` when nothing filled)."""
    return quote / filled if quote and filled else None


def book_size(depth: int, sizes: tuple[int, ...]) -> int:
    """The smallest book size the venue accepts that holds `depth` levels (the answer is then trimmed)."""
    if depth < 1:
        raise ValidationError("depth", "must be at least 1", depth)
    for size in sizes:
        if size >= depth:
            return size
    raise ValidationError("depth", f"must be at most {sizes[-1]}", depth)
