"""The BingX client (sync). `aclient.py` is generated from this file by `tools/unasync.py`:
edit here, then run `python tools/unasync.py`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tradewire.bingx import endpoints as E
from tradewire.bingx import models as m
from tradewire.bingx.base import BingXConfig
from tradewire.core.call import Flow, flow, run_sync, sync_clock
from tradewire.core.codec import Id
from tradewire.core.endpoint import Endpoint
from tradewire.core.http import SyncTransport

Num = Decimal | int | str


class BingX(BingXConfig):
    """BingX REST client: `with BingX(api_key, secret_key, env="vst") as bx: bx.swap_balance()`."""

    def _call_flow(self, gen: Flow) -> Any:
        if not hasattr(self, "_transport"):
            self._transport = SyncTransport(self.timeout)
        return run_sync(gen, self._transport.send)

    def _call(self, ep: Endpoint, **params: Any) -> Any:
        return self._call_flow(flow(self.context, ep, params))

    def close(self) -> None:
        """Release pooled connections."""
        if hasattr(self, "_transport"):
            self._transport.close()

    def __enter__(self) -> BingX:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- escape hatch ------------------------------------------------------------------------

    def request(self, method: str, path: str, params: dict[str, Any] | None = None,
                signed: bool | None = None) -> Any:
        """Any BingX endpoint: signs when `signed` (default: when credentials are set), returns `data`."""
        return self._call(self.raw_endpoint(method, path, signed), **(params or {}))

    def sync_time(self) -> int:
        """Measure the server-time offset now; returns it in ms."""
        self._call_flow(sync_clock(self.context))
        return self.context.clock.offset_ms

    # --- swap market data --------------------------------------------------------------------

    def server_time(self) -> int:
        """Server time in Unix ms."""
        data: m.ServerTime = self._call(E.SERVER_TIME)
        return data.server_time

    def contracts(self, symbol: str | None = None, **extra: Any) -> list[m.Contract]:
        """Perpetual contracts with their precisions, minimums and fees."""
        result: list[m.Contract] = self._call(E.CONTRACTS, symbol=symbol, **extra)
        return result

    def depth(self, symbol: str, limit: int | None = None, **extra: Any) -> m.Depth:
        """Order book, best first (limit 5/10/20/50/100/500/1000, default 20)."""
        result: m.Depth = self._call(E.DEPTH, symbol=symbol, limit=limit, **extra)
        return result

    def trades(self, symbol: str, limit: int | None = None, **extra: Any) -> list[m.Trade]:
        """Recent trades (limit up to 1000)."""
        result: list[m.Trade] = self._call(E.TRADES, symbol=symbol, limit=limit, **extra)
        return result

    def historical_trades(self, symbol: str, from_id: int | None = None, limit: int | None = None,
                          **extra: Any) -> list[m.HistoricalTrade]:
        """Older trades from `from_id` (limit up to 100)."""
        result: list[m.HistoricalTrade] = self._call(E.HISTORICAL_TRADES, symbol=symbol, fromId=from_id,
                                                     limit=limit, **extra)
        return result

    def premium_index(self, symbol: str, **extra: Any) -> m.PremiumIndex:
        """Mark price, index price and funding of one contract."""
        result: m.PremiumIndex = self._call(E.PREMIUM_INDEX, symbol=symbol, **extra)
        return result

    def premium_indexes(self, **extra: Any) -> list[m.PremiumIndex]:
        """Mark price, index price and funding of every contract."""
        result: list[m.PremiumIndex] = self._call(E.PREMIUM_INDEX, **extra)
        return result

    def funding_rates(self, symbol: str | None = None, start_time: int | None = None,
                      end_time: int | None = None, limit: int | None = None, **extra: Any) -> list[m.FundingRate]:
        """Funding-rate history, oldest first."""
        result: list[m.FundingRate] = self._call(E.FUNDING_RATE, symbol=symbol, startTime=start_time,
                                                 endTime=end_time, limit=limit, **extra)
        return result

    def klines(self, symbol: str, interval: str, start_time: int | None = None, end_time: int | None = None,
               limit: int | None = None, **extra: Any) -> list[m.Kline]:
        """Candles (limit up to 1440, default 500)."""
        rows: list[m.RawKline] = self._call(E.KLINES, symbol=symbol, interval=interval, startTime=start_time,
                                            endTime=end_time, limit=limit, **extra)
        return [m.kline_of(r) for r in rows]

    def mark_price_klines(self, symbol: str, interval: str, start_time: int | None = None,
                          end_time: int | None = None, limit: int | None = None, **extra: Any) -> list[m.Kline]:
        """Mark-price candles."""
        rows: list[m.RawKline] = self._call(E.MARK_PRICE_KLINES, symbol=symbol, interval=interval,
                                            startTime=start_time, endTime=end_time, limit=limit, **extra)
        return [m.kline_of(r) for r in rows]

    def open_interest(self, symbol: str, **extra: Any) -> m.OpenInterest:
        """Open interest of one contract."""
        result: m.OpenInterest = self._call(E.OPEN_INTEREST, symbol=symbol, **extra)
        return result

    def ticker(self, symbol: str, **extra: Any) -> m.Ticker:
        """24 h ticker of one contract."""
        result: m.Ticker = self._call(E.TICKER, symbol=symbol, **extra)
        return result

    def tickers(self, **extra: Any) -> list[m.Ticker]:
        """24 h tickers of every contract."""
        result: list[m.Ticker] = self._call(E.TICKER, **extra)
        return result

    def book_ticker(self, symbol: str, **extra: Any) -> m.BookTicker:
        """Best bid and ask."""
        result: m.BookTicker = self._call(E.BOOK_TICKER, symbol=symbol, **extra)
        return result

    def price(self, symbol: str, **extra: Any) -> m.TickerPrice:
        """Last price of one contract."""
        result: m.TickerPrice = self._call(E.TICKER_PRICE, symbol=symbol, **extra)
        return result

    def prices(self, **extra: Any) -> list[m.TickerPrice]:
        """Last price of every contract."""
        result: list[m.TickerPrice] = self._call(E.TICKER_PRICE, **extra)
        return result

    def trading_rules(self, symbol: str, **extra: Any) -> m.TradingRules:
        """Order size and price protection rules of one contract."""
        result: m.TradingRules = self._call(E.TRADING_RULES, symbol=symbol, **extra)
        return result

    # --- swap account ------------------------------------------------------------------------

    def swap_balance(self, **extra: Any) -> list[m.SwapBalance]:
        """Perpetual account, one row per margin asset."""
        result: list[m.SwapBalance] = self._call(E.SWAP_BALANCE, **extra)
        return result

    def positions(self, symbol: str | None = None, **extra: Any) -> list[m.Position]:
        """Open positions (all symbols when `symbol` is omitted)."""
        result: list[m.Position] = self._call(E.POSITIONS, symbol=symbol, **extra)
        return result

    def commission_rate(self, **extra: Any) -> m.Commission:
        """Taker and maker commission rates (fractions: 0.0005 = 0.05%)."""
        data: m.CommissionData = self._call(E.COMMISSION, **extra)
        return data.commission

    def income(self, symbol: str | None = None, income_type: str | None = None, start_time: int | None = None,
               end_time: int | None = None, limit: int | None = None, **extra: Any) -> list[m.Income]:
        """Income history; without a time range the exchange returns the last 7 days."""
        result: list[m.Income] = self._call(E.INCOME, symbol=symbol, incomeType=income_type,
                                            startTime=start_time, endTime=end_time, limit=limit, **extra)
        return result

    def export_income(self, symbol: str | None = None, income_type: str | None = None,
                      start_time: int | None = None, end_time: int | None = None, limit: int | None = None,
                      path: str | Path | None = None, **extra: Any) -> bytes:
        """Income as the exchange's .xlsx file; also written to `path` when given."""
        data: bytes = self._call(E.INCOME_EXPORT, symbol=symbol, incomeType=income_type, startTime=start_time,
                                 endTime=end_time, limit=limit, **extra)
        if path is not None:
            Path(path).write_bytes(data)
        return data

    # --- spot account and wallet -------------------------------------------------------------

    def spot_balance(self, **extra: Any) -> list[m.AssetBalance]:
        """Spot account assets."""
        data: m.Balances = self._call(E.SPOT_BALANCE, **extra)
        return data.balances

    def fund_balance(self, asset: str | None = None, **extra: Any) -> list[m.AssetBalance]:
        """Fund account assets."""
        data: m.FundBalances = self._call(E.FUND_BALANCE, asset=asset, **extra)
        return data.rows()

    def account_balances(self, account_type: str | None = None, **extra: Any) -> list[m.AccountBalance]:
        """USDT value of every account (sopt, stdFutures, coinMPerp, USDTMPerp, ...)."""
        result: list[m.AccountBalance] = self._call(E.ALL_ACCOUNT_BALANCE, accountType=account_type, **extra)
        return result

    def transfer(self, asset: str, amount: Num, type: str | None = None, from_account: str | None = None,
                 to_account: str | None = None, **extra: Any) -> m.TransferResult:
        """Move `amount` of `asset` between your accounts (by TransferType or from/to accounts).

        An unknown outcome (timeout, HTTP 504) raises `UnknownOutcome` and is never re-sent.
        """
        result: m.TransferResult = self._call(E.TRANSFER, asset=asset, amount=amount, type=type,
                                              fromAccount=from_account, toAccount=to_account, **extra)
        return result

    def transfer_history(self, type: str | None = None, tran_id: int | None = None, start_time: int | None = None,
                         end_time: int | None = None, current: int | None = None, size: int | None = None,
                         **extra: Any) -> m.TransferHistory:
        """Transfers by TransferType (or one by id)."""
        result: m.TransferHistory = self._call(E.TRANSFER_HISTORY, type=type, tranId=tran_id,
                                               startTime=start_time, endTime=end_time, current=current,
                                               size=size, **extra)
        return result

    def transfer_records(self, from_account: str | None = None, to_account: str | None = None,
                         transfer_id: str | None = None, page_index: int | None = None,
                         page_size: int | None = None, start_time: int | None = None,
                         end_time: int | None = None, **extra: Any) -> m.TransferRecords:
        """Transfers between two accounts (or one by id)."""
        result: m.TransferRecords = self._call(E.TRANSFER_RECORDS, fromAccount=from_account,
                                               toAccount=to_account, transferId=transfer_id,
                                               pageIndex=page_index, pageSize=page_size, startTime=start_time,
                                               endTime=end_time, **extra)
        return result

    def transfer_coins(self, from_account: str, to_account: str, **extra: Any) -> list[m.SupportCoin]:
        """Coins that can move between two accounts."""
        result: list[m.SupportCoin] = self._call(E.SUPPORT_COINS, fromAccount=from_account,
                                                 toAccount=to_account, **extra)
        return result

    def inner_transfer(self, coin: str, amount: Num, user_account_type: int, user_account: str,
                       wallet_type: int, calling_code: str | None = None, transfer_client_id: str | None = None,
                       **extra: Any) -> m.InnerTransferResult:
        """Send `amount` of `coin` to another BingX user (1 uid, 2 phone, 3 email)."""
        result: m.InnerTransferResult = self._call(
            E.INNER_TRANSFER, coin=coin, amount=amount, userAccountType=user_account_type,
            userAccount=user_account, walletType=wallet_type, callingCode=calling_code,
            transferClientId=transfer_client_id, **extra)
        return result

    def inner_transfer_records(self, coin: str, id: Id | str | None = None, transfer_client_id: str | None = None,
                               start_time: int | None = None, end_time: int | None = None,
                               offset: int | None = None, limit: int | None = None,
                               **extra: Any) -> m.InnerTransfers:
        """Internal transfers of one coin."""
        result: m.InnerTransfers = self._call(E.INNER_TRANSFER_RECORDS, coin=coin, id=id,
                                              transferClientId=transfer_client_id, startTime=start_time,
                                              endTime=end_time, offset=offset, limit=limit, **extra)
        return result

    def uid(self) -> str:
        """Your user id."""
        data: m.Uid = self._call(E.UID)
        return data.uid

    # --- listen keys -------------------------------------------------------------------------

    def create_listen_key(self) -> str:
        """A new listen key for the account stream (valid 60 minutes)."""
        data: m.ListenKey = self._call(E.LISTEN_KEY_CREATE)
        return data.listen_key

    def extend_listen_key(self, listen_key: str) -> None:
        """Reset the key's validity to 60 minutes; `NotFound` when it has expired."""
        self._call(E.LISTEN_KEY_EXTEND, listenKey=listen_key)

    def delete_listen_key(self, listen_key: str) -> None:
        """Delete the key."""
        self._call(E.LISTEN_KEY_DELETE, listenKey=listen_key)
