"""The BingX client (sync). `aclient.py` is generated from this file by `tools/unasync.py`:
edit here, then run `python tools/unasync.py`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradewire.bingx import endpoints as E
from tradewire.bingx import models as m
from tradewire.bingx import orders as O
from tradewire.bingx import trade as T
from tradewire.bingx import trade_models as tm
from tradewire.bingx.api.agent import AgentApi
from tradewire.bingx.api.copytrade import CopyTradeApi
from tradewire.bingx.api.cswap import CSwapApi
from tradewire.bingx.api.spot_market import SpotMarketApi
from tradewire.bingx.api.spot_trade import SpotTradeApi
from tradewire.bingx.api.standard import StandardApi
from tradewire.bingx.api.subaccount import SubAccountApi
from tradewire.bingx.api.swap_trade import SwapTradeApi
from tradewire.bingx.api.wallet import WalletApi
from tradewire.bingx.base import BingXConfig, row_of
from tradewire.core.client import SyncClient
from tradewire.core.codec import Id

if TYPE_CHECKING:
    from tradewire.bingx.streams import SyncBingXStreams

Num = Decimal | int | str


class BingX(BingXConfig, SpotMarketApi, SpotTradeApi, SwapTradeApi, StandardApi, CopyTradeApi, WalletApi,
            SubAccountApi, AgentApi, CSwapApi, SyncClient):
    """BingX REST client: `with BingX(api_key, secret_key, env="vst") as bx: bx.swap_balance()`."""

    @cached_property
    def streams(self) -> SyncBingXStreams:
        """Websocket streams of this environment: market channels, local order book, account events."""
        from tradewire.bingx.streams import SyncBingXStreams

        return SyncBingXStreams(self.ws_url, self.async_twin())

    def close(self) -> None:
        """Release pooled connections and any open streams."""
        if "streams" in self.__dict__:
            self.streams.close()
        super().close()

    # --- escape hatch ------------------------------------------------------------------------

    def request(self, method: str, path: str, params: dict[str, Any] | None = None,
                signed: bool | None = None) -> Any:
        """Any BingX endpoint: signs when `signed` (default: when credentials are set), returns `data`."""
        return self._call(self.raw_endpoint(method, path, signed), **(params or {}))

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
        result: m.PremiumIndex | list[m.PremiumIndex] = self._call(E.PREMIUM_INDEX, symbol=symbol, **extra)
        return row_of(result, symbol, E.PREMIUM_INDEX)

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
        result: m.Ticker | list[m.Ticker] = self._call(E.TICKER, symbol=symbol, **extra)
        return row_of(result, symbol, E.TICKER)

    def tickers(self, **extra: Any) -> list[m.Ticker]:
        """24 h tickers of every contract."""
        result: list[m.Ticker] = self._call(E.TICKER, **extra)
        return result

    def book_ticker(self, symbol: str, **extra: Any) -> m.BookTicker:
        """Best bid and ask."""
        data: m.BookTickerAnswer = self._call(E.BOOK_TICKER, symbol=symbol, **extra)
        return data.ticker()

    def price(self, symbol: str, **extra: Any) -> m.TickerPrice:
        """Last price of one contract."""
        result: m.TickerPrice | list[m.TickerPrice] = self._call(E.TICKER_PRICE, symbol=symbol, **extra)
        return row_of(result, symbol, E.TICKER_PRICE)

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
        """Move `amount` of `asset` between your accounts: by direction (`type`, a TransferType such as
        FUND_PFUTURES) or by `from_account`/`to_account` (fund, spot, stdFutures, coinMPerp, USDTMPerp).
        Either way the wire carries `fromAccount`/`toAccount`, as the exchange requires.

        An unknown outcome (timeout, HTTP 504) raises `UnknownOutcome` and is never re-sent.
        """
        src, dst = E.transfer_route(type, from_account, to_account)
        result: m.TransferResult = self._call(E.TRANSFER, asset=asset, amount=amount, fromAccount=src,
                                              toAccount=dst, **extra)
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

    # === trading (issue 5): spot and perpetual-swap orders, positions, leverage ====================
    # Orders go through `orders.place`: rules and symbol precision are checked before the wire, a
    # client order id is attached, and an unknown outcome is reconciled by it, never re-sent.

    def load_spot_rules(self) -> list[tm.SpotSymbol]:
        """Fetch the spot pairs and check every later spot order against their tick and step sizes."""
        data: tm.SpotSymbols = self._call(T.SPOT_SYMBOLS)
        O.precision_of(self).load_spot(data.symbols)
        return data.symbols

    def load_swap_rules(self) -> list[m.Contract]:
        """Fetch the contracts and check every later swap order against their precisions."""
        contracts: list[m.Contract] = self._call(E.CONTRACTS)
        O.precision_of(self).load_contracts(contracts)
        return contracts

    def spot_order(self, symbol: str, side: str, type: str, quantity: Num | None = None,
                   quote_order_qty: Num | None = None, price: Num | None = None, stop_price: Num | None = None,
                   time_in_force: str | None = None, client_order_id: str | None = None,
                   **extra: Any) -> tm.SpotOrder:
        """Place a spot order (MARKET, LIMIT, TAKE_STOP_*, TRIGGER_*); `OrderNotPlaced`/`UnknownOrderState`
        when a lost answer could not be turned into the real order."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, quoteOrderQty=quote_order_qty,
                      price=price, stopPrice=stop_price, timeInForce=time_in_force,
                      newClientOrderId=client_order_id, **extra)
        result: tm.SpotOrder = self._call_flow(O.place(self.context, O.SPOT, T.SPOT_ORDER, params,
                                                       O.precision_of(self)))
        return result

    def check_spot_order(self, symbol: str, side: str, type: str, quantity: Num | None = None,
                         quote_order_qty: Num | None = None, price: Num | None = None, stop_price: Num | None = None,
                         time_in_force: str | None = None, client_order_id: str | None = None,
                         **extra: Any) -> None:
        """Check a spot order against the parameter rules and the pair's precision without sending it (BingX has
        no spot test endpoint); raises `ValidationError` as `spot_order` would."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, quoteOrderQty=quote_order_qty,
                      price=price, stopPrice=stop_price, timeInForce=time_in_force,
                      newClientOrderId=client_order_id, **extra)
        given = {k: v for k, v in params.items() if v is not None}
        T.SPOT_ORDER.build(given)
        self._call_flow(O.check(self.context, O.SPOT, given, O.precision_of(self)))

    def spot_batch_orders(self, orders: list[dict[str, Any]], sync: bool | None = None) -> list[tm.SpotOrder]:
        """Place up to 5 spot orders (wire parameter names); each is checked like a single order."""
        data = O.batch(T.SPOT_ORDER, O.SPOT, orders, O.precision_of(self))
        result: tm.SpotOrders = self._call(T.SPOT_BATCH, data=data, sync=sync)
        return result.orders or []

    def cancel_spot_order(self, symbol: str, order_id: Id | int | None = None, client_order_id: str | None = None,
                          cancel_restrictions: str | None = None, **extra: Any) -> tm.SpotOrder:
        """Cancel one spot order by id or client id (only in a given status with `cancel_restrictions`)."""
        result: tm.SpotOrder = self._call(T.SPOT_CANCEL, symbol=symbol, orderId=order_id,
                                          clientOrderID=client_order_id, cancelRestrictions=cancel_restrictions,
                                          **extra)
        return result

    def cancel_spot_orders(self, symbol: str, order_ids: list[str] | None = None,
                           client_order_ids: list[str] | None = None, **extra: Any) -> list[tm.SpotOrder]:
        """Cancel several spot orders of one pair."""
        result: tm.SpotOrders = self._call(
            T.SPOT_CANCEL_ORDERS, symbol=symbol, orderIds=",".join(order_ids) if order_ids else None,
            clientOrderIDs=",".join(client_order_ids) if client_order_ids else None, **extra)
        return result.orders or []

    def cancel_spot_open_orders(self, symbol: str | None = None, **extra: Any) -> list[tm.SpotOrder]:
        """Cancel every open spot order (of one pair, or of all)."""
        result: tm.SpotOrders = self._call(T.SPOT_CANCEL_OPEN, symbol=symbol, **extra)
        return result.orders or []

    def cancel_replace_spot_order(self, symbol: str, cancel_replace_mode: str, side: str, type: str,
                                  cancel_order_id: Id | int | None = None, cancel_client_order_id: str | None = None,
                                  cancel_restrictions: str | None = None, quantity: Num | None = None,
                                  quote_order_qty: Num | None = None, price: Num | None = None,
                                  stop_price: Num | None = None, time_in_force: str | None = None,
                                  client_order_id: str | None = None, **extra: Any) -> tm.SpotCancelReplace:
        """Cancel an order and place a new one (STOP_ON_FAILURE or ALLOW_FAILURE)."""
        params = dict(symbol=symbol, cancelReplaceMode=cancel_replace_mode, side=side, type=type,
                      cancelOrderId=cancel_order_id, cancelClientOrderID=cancel_client_order_id,
                      cancelRestrictions=cancel_restrictions, quantity=quantity, quoteOrderQty=quote_order_qty,
                      price=price, stopPrice=stop_price, timeInForce=time_in_force,
                      newClientOrderId=client_order_id, **extra)
        O.precision_of(self).check("spot", params)
        result: tm.SpotCancelReplace = self._call(T.SPOT_CANCEL_REPLACE, **params)
        return result

    def spot_order_info(self, symbol: str, order_id: Id | int | None = None, client_order_id: str | None = None,
                        **extra: Any) -> tm.SpotOrder:
        """One spot order in any status."""
        result: tm.SpotOrder = self._call(T.SPOT_QUERY, symbol=symbol, orderId=order_id,
                                          clientOrderID=client_order_id, **extra)
        return result

    def spot_open_orders(self, symbol: str | None = None, **extra: Any) -> list[tm.SpotOrder]:
        """Open spot orders."""
        result: tm.SpotOrders = self._call(T.SPOT_OPEN_ORDERS, symbol=symbol, **extra)
        return result.orders or []

    def spot_order_history(self, symbol: str | None = None, order_id: Id | int | None = None,
                           start_time: int | None = None, end_time: int | None = None, page_index: int | None = None,
                           page_size: int | None = None, status: str | None = None, type: str | None = None,
                           **extra: Any) -> list[tm.SpotOrder]:
        """Closed spot orders (FILLED, CANCELED, FAILED)."""
        result: tm.SpotOrders = self._call(T.SPOT_HISTORY, symbol=symbol, orderId=order_id, startTime=start_time,
                                           endTime=end_time, pageIndex=page_index, pageSize=page_size,
                                           status=status, type=type, **extra)
        return result.orders or []

    def spot_fills(self, symbol: str, order_id: Id | int | None = None, start_time: int | None = None,
                   end_time: int | None = None, from_id: Id | int | None = None, limit: int | None = None,
                   **extra: Any) -> list[tm.SpotFill]:
        """Your spot fills (myTrades)."""
        result: tm.SpotFills = self._call(T.SPOT_MY_TRADES, symbol=symbol, orderId=order_id, startTime=start_time,
                                          endTime=end_time, fromId=from_id, limit=limit, **extra)
        return result.fills or []

    def oco_order(self, symbol: str, side: str, quantity: Num, limit_price: Num, trigger_price: Num,
                  order_price: Num, list_client_order_id: str | None = None, **extra: Any) -> tm.OcoOrder:
        """A limit order and a stop-limit order; when one fills or triggers the other is cancelled."""
        result: tm.OcoOrder = self._call(T.OCO_ORDER, symbol=symbol, side=side, quantity=quantity,
                                         limitPrice=limit_price, triggerPrice=trigger_price, orderPrice=order_price,
                                         listClientOrderId=list_client_order_id, **extra)
        return result

    def cancel_oco_order(self, order_id: Id | int | None = None, client_order_id: str | None = None,
                         **extra: Any) -> tm.OcoOrder:
        """Cancel an OCO pair by the id of either leg."""
        result: tm.OcoOrder = self._call(T.OCO_CANCEL, orderId=order_id, clientOrderId=client_order_id, **extra)
        return result

    def oco_order_info(self, order_list_id: Id | int | None = None, client_order_id: str | None = None,
                       **extra: Any) -> tm.OcoOrder:
        """One OCO pair."""
        result: tm.OcoOrder = self._call(T.OCO_QUERY, orderListId=order_list_id, clientOrderId=client_order_id,
                                         **extra)
        return result

    def swap_order(self, symbol: str, side: str, type: str, quantity: Num | None = None, price: Num | None = None,
                   stop_price: Num | None = None, position_side: str | None = None, time_in_force: str | None = None,
                   client_order_id: str | None = None, reduce_only: bool | None = None,
                   close_position: bool | None = None, working_type: str | None = None,
                   price_rate: Num | None = None, activation_price: Num | None = None,
                   stop_loss: dict[str, Any] | None = None, take_profit: dict[str, Any] | None = None,
                   quote_order_qty: Num | None = None, **extra: Any) -> tm.SwapOrder:
        """Place a perpetual order (MARKET, LIMIT, STOP*, TAKE_PROFIT*, TRIGGER_*, TRAILING_*), sized by
        `quantity` or by `quote_order_qty` USDT (`quantity` wins when both are given); an unknown outcome is
        reconciled by client order id (MARKET/LIMIT), else `UnknownOrderState`."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, quoteOrderQty=quote_order_qty,
                      price=price, stopPrice=stop_price, positionSide=position_side, timeInForce=time_in_force,
                      clientOrderId=client_order_id, reduceOnly=reduce_only, closePosition=close_position,
                      workingType=working_type, priceRate=price_rate, activationPrice=activation_price,
                      stopLoss=stop_loss, takeProfit=take_profit, **extra)
        result: tm.SwapOrder = self._call_flow(O.place(self.context, O.SWAP, T.SWAP_ORDER, params,
                                                       O.precision_of(self), O.modes_of(self)))
        return result

    def test_swap_order(self, symbol: str, side: str, type: str, quantity: Num | None = None,
                        price: Num | None = None, stop_price: Num | None = None, position_side: str | None = None,
                        time_in_force: str | None = None, quote_order_qty: Num | None = None,
                        **extra: Any) -> tm.SwapOrder:
        """Check an order with the exchange without placing it (position side settled as `swap_order` does)."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, quoteOrderQty=quote_order_qty,
                      price=price, stopPrice=stop_price, positionSide=position_side, timeInForce=time_in_force,
                      **extra)
        result: tm.SwapOrder = self._call_flow(O.dry_run(self.context, O.SWAP, T.SWAP_ORDER_TEST, params,
                                                      O.precision_of(self), O.modes_of(self)))
        return result

    def swap_batch_orders(self, orders: list[dict[str, Any]]) -> list[tm.SwapOrder]:
        """Place up to 5 perpetual orders (wire parameter names); each is checked like a single order."""
        settled: list[dict[str, Any]] = self._call_flow(O.sides(self.context, orders, O.modes_of(self)))
        data = O.batch(T.SWAP_ORDER, O.SWAP, settled, O.precision_of(self))
        result: tm.SwapOrders = self._call(T.SWAP_BATCH, batchOrders=data)
        return result.orders or []

    def cancel_swap_order(self, symbol: str, order_id: Id | int | None = None, client_order_id: str | None = None,
                          **extra: Any) -> tm.SwapOrder:
        """Cancel one perpetual order."""
        result: tm.SwapOrderData = self._call(T.SWAP_CANCEL, symbol=symbol, orderId=order_id,
                                              clientOrderId=client_order_id, **extra)
        return result.order

    def cancel_swap_orders(self, symbol: str, order_ids: list[int] | None = None,
                           client_order_ids: list[str] | None = None, **extra: Any) -> tm.SwapCancelResult:
        """Cancel up to 10 perpetual orders of one symbol."""
        result: tm.SwapCancelResult = self._call(T.SWAP_CANCEL_BATCH, symbol=symbol, orderIdList=order_ids,
                                                 clientOrderIdList=client_order_ids, **extra)
        return result

    def cancel_all_swap_orders(self, symbol: str | None = None, type: str | None = None,
                               **extra: Any) -> tm.SwapCancelResult:
        """Cancel every open perpetual order (of one symbol / type, or all)."""
        result: tm.SwapCancelResult = self._call(T.SWAP_CANCEL_ALL, symbol=symbol, type=type, **extra)
        return result

    def swap_order_info(self, symbol: str, order_id: Id | int | None = None, client_order_id: str | None = None,
                        **extra: Any) -> tm.SwapOrder:
        """One perpetual order in any status."""
        result: tm.SwapOrderData = self._call(T.SWAP_QUERY, symbol=symbol, orderId=order_id,
                                              clientOrderId=client_order_id, **extra)
        return result.order

    def swap_open_orders(self, symbol: str | None = None, type: str | None = None,
                         **extra: Any) -> list[tm.SwapOrder]:
        """Open perpetual orders."""
        result: tm.SwapOrders = self._call(T.SWAP_OPEN_ORDERS, symbol=symbol, type=type, **extra)
        return result.orders or []

    def swap_order_history(self, symbol: str | None = None, limit: int = 500, order_id: Id | int | None = None,
                           start_time: int | None = None, end_time: int | None = None,
                           **extra: Any) -> list[tm.SwapOrder]:
        """Perpetual orders in every status (a time range spans at most 7 days)."""
        result: tm.SwapOrders = self._call(T.SWAP_HISTORY, symbol=symbol, limit=limit, orderId=order_id,
                                           startTime=start_time, endTime=end_time, **extra)
        return result.orders or []

    def swap_fills(self, start_ts: int, end_ts: int, order_id: Id | int | None = None, trading_unit: str = "COIN",
                   **extra: Any) -> list[tm.SwapFill]:
        """Your perpetual fills between two times (ms)."""
        result: tm.SwapFills = self._call(T.SWAP_FILLS, startTs=start_ts, endTs=end_ts, orderId=order_id,
                                          tradingUnit=trading_unit, **extra)
        return result.fill_orders or []

    def close_all_positions(self, symbol: str | None = None, **extra: Any) -> tm.CloseResult:
        """Close every position (of one symbol) at market."""
        result: tm.CloseResult = self._call(T.SWAP_CLOSE_ALL, symbol=symbol, **extra)
        return result

    def close_position(self, position_id: Id | int, **extra: Any) -> tm.ClosedPosition:
        """Close one position at market."""
        result: tm.ClosedPosition = self._call(T.SWAP_CLOSE_POSITION, positionId=position_id, **extra)
        return result

    def adjust_isolated_margin(self, symbol: str, amount: Num, type: int, position_side: str | None = None,
                               position_id: Id | int | None = None, **extra: Any) -> tm.MarginChange:
        """Add (type 1) or remove (type 2) margin of an isolated position."""
        result: tm.MarginChange = self._call(T.SWAP_POSITION_MARGIN, symbol=symbol, amount=amount, type=type,
                                             positionSide=position_side, positionId=position_id, **extra)
        return result

    def margin_type(self, symbol: str, **extra: Any) -> str:
        """ISOLATED or CROSSED."""
        result: tm.MarginType = self._call(T.SWAP_MARGIN_TYPE, symbol=symbol, **extra)
        return result.margin_type

    def set_margin_type(self, symbol: str, margin_type: str, **extra: Any) -> None:
        """Switch to ISOLATED, CROSSED or SEPARATE_ISOLATED."""
        self._call(T.SWAP_SET_MARGIN_TYPE, symbol=symbol, marginType=margin_type, **extra)

    def leverage(self, symbol: str, **extra: Any) -> tm.Leverage:
        """Long and short leverage of a symbol, with their maximums."""
        result: tm.Leverage = self._call(T.SWAP_LEVERAGE, symbol=symbol, **extra)
        return result

    def set_leverage(self, symbol: str, side: str, leverage: int, **extra: Any) -> tm.LeverageSet:
        """Set the leverage of one side (LONG/SHORT in hedge mode, BOTH in one-way mode)."""
        result: tm.LeverageSet = self._call(T.SWAP_SET_LEVERAGE, symbol=symbol, side=side, leverage=leverage,
                                            **extra)
        return result

    def position_mode(self, **extra: Any) -> bool:
        """True in hedge (dual-side) mode, False in one-way mode (also refreshes the mode orders rely on)."""
        result: tm.PositionMode = self._call(T.SWAP_POSITION_MODE, **extra)
        O.modes_of(self).hedge = result.hedge
        return result.hedge

    def set_position_mode(self, hedge: bool, **extra: Any) -> None:
        """Switch between hedge and one-way mode (no open positions or orders allowed)."""
        modes = O.modes_of(self)
        modes.hedge = None  # unknown until the answer says the switch happened
        self._call(T.SWAP_SET_POSITION_MODE, dualSidePosition="true" if hedge else "false", **extra)
        modes.hedge = hedge

    def cancel_replace_swap_order(self, symbol: str, cancel_replace_mode: str, side: str, type: str,
                                  cancel_order_id: Id | int | None = None, cancel_client_order_id: str | None = None,
                                  cancel_restrictions: str | None = None, quantity: Num | None = None,
                                  price: Num | None = None, position_side: str | None = None,
                                  time_in_force: str | None = None, **extra: Any) -> tm.SwapCancelReplace:
        """Cancel a perpetual order and place a new one."""
        params = dict(symbol=symbol, cancelReplaceMode=cancel_replace_mode, side=side, type=type,
                      cancelOrderId=cancel_order_id, cancelClientOrderId=cancel_client_order_id,
                      cancelRestrictions=cancel_restrictions, quantity=quantity, price=price,
                      positionSide=position_side, timeInForce=time_in_force, **extra)
        O.precision_of(self).check("swap", params)
        settled: list[dict[str, Any]] = self._call_flow(O.sides(self.context, [params], O.modes_of(self)))
        result: tm.SwapCancelReplace = self._call(T.SWAP_CANCEL_REPLACE, **settled[0])
        return result
