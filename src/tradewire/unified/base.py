"""The `Exchange` interface every venue adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Self

from tradewire.unified.types import Balance, Candle, OrderBook, Position, Ticker, Trade


class Exchange(ABC):
    """One venue behind one interface; symbols may be written in any common spelling."""

    venue: str
    env: str
    #: the accounts `balances()` knows, in display order
    accounts: tuple[str, ...]

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
