"""The Binance client (sync). `aclient.py` is generated from this file by `tools/unasync.py`:
edit here, then run `python tools/unasync.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tradewire.binance import endpoints as E
from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.binance.api.futures_extra import FuturesExtraApi
from tradewire.binance.base import BinanceConfig
from tradewire.binance.filters import SymbolFilters
from tradewire.core.client import SyncClient
from tradewire.core.codec import decode
from tradewire.core.endpoint import Endpoint

Num = Decimal | int | str


class Binance(BinanceConfig, FuturesExtraApi, SyncClient):
    """Binance REST client: `with Binance(api_key, secret_key, env="testnet") as bn: bn.account()`."""

    def _weigh(self, ep: Endpoint, params: dict[str, Any]) -> Endpoint:
        return E.call_weight(ep, params)

    # --- escape hatch ------------------------------------------------------------------------

    def request(self, method: str, path: str, params: dict[str, Any] | None = None,
                signed: bool | None = None) -> Any:
        """Any endpoint (api, sapi, fapi): signed and weighted as the catalogue says; returns decoded JSON."""
        return self._call(self.raw_endpoint(method, path, signed), **(params or {}))

    # --- market data -------------------------------------------------------------------------

    def ping(self) -> None:
        """Test connectivity."""
        self._call(E.PING)

    def server_time(self) -> int:
        """Server time in Unix ms."""
        data: m.ServerTime = self._call(E.TIME)
        return data.server_time

    def exchange_info(self, symbol: str | None = None, symbols: list[str] | None = None,
                      **extra: Any) -> m.ExchangeInfo:
        """Rules and symbols; also refreshes the symbol filters used before orders are sent."""
        info: m.ExchangeInfo = self._call(E.EXCHANGE_INFO, symbol=symbol, symbols=_json_list(symbols), **extra)
        for s in info.symbols:
            self.filters[s.symbol] = SymbolFilters(s)
        return info

    def symbol_filters(self, symbol: str) -> SymbolFilters:
        """The filters of `symbol` (fetched once), with `round_price` / `round_qty` helpers."""
        result: SymbolFilters = self._call_flow(self._filters_flow(symbol))
        return result

    def depth(self, symbol: str, limit: int | None = None) -> m.Depth:
        """Order book snapshot (limit up to 5000; weight 1/5/10/50 by limit)."""
        result: m.Depth = self._call(E.DEPTH, symbol=symbol, limit=limit)
        return result

    def trades(self, symbol: str, limit: int | None = None) -> list[m.Trade]:
        """Recent trades."""
        result: list[m.Trade] = self._call(E.TRADES, symbol=symbol, limit=limit)
        return result

    def historical_trades(self, symbol: str, limit: int | None = None, from_id: int | None = None) -> list[m.Trade]:
        """Older trades (API key needed)."""
        result: list[m.Trade] = self._call(E.HISTORICAL_TRADES, symbol=symbol, limit=limit, fromId=from_id)
        return result

    def agg_trades(self, symbol: str, from_id: int | None = None, start_time: int | None = None,
                   end_time: int | None = None, limit: int | None = None) -> list[m.AggTrade]:
        """Compressed trades."""
        result: list[m.AggTrade] = self._call(E.AGG_TRADES, symbol=symbol, fromId=from_id, startTime=start_time,
                                              endTime=end_time, limit=limit)
        return result

    def klines(self, symbol: str, interval: str, start_time: int | None = None, end_time: int | None = None,
               limit: int | None = None) -> list[m.Kline]:
        """Candles."""
        rows: list[m.RawKline] = self._call(E.KLINES, symbol=symbol, interval=interval, startTime=start_time,
                                            endTime=end_time, limit=limit)
        return [m.kline_of(r) for r in rows]

    def ui_klines(self, symbol: str, interval: str, start_time: int | None = None, end_time: int | None = None,
                  limit: int | None = None) -> list[m.Kline]:
        """Candles tuned for charts."""
        rows: list[m.RawKline] = self._call(E.UI_KLINES, symbol=symbol, interval=interval, startTime=start_time,
                                            endTime=end_time, limit=limit)
        return [m.kline_of(r) for r in rows]

    def avg_price(self, symbol: str) -> m.AvgPrice:
        """Average price of the last minutes."""
        result: m.AvgPrice = self._call(E.AVG_PRICE, symbol=symbol)
        return result

    def ticker_24h(self, symbol: str, type: str | None = None) -> m.Ticker:
        """24 h rolling statistics of one symbol."""
        result: m.Ticker = self._call(E.TICKER_24H, symbol=symbol, type=type)
        return result

    def tickers_24h(self, symbols: list[str] | None = None, type: str | None = None) -> list[m.Ticker]:
        """24 h statistics of `symbols` (all when None)."""
        result: list[m.Ticker] = self._call(E.TICKER_24H, symbols=_json_list(symbols), type=type)
        return result

    def rolling_ticker(self, symbol: str, window_size: str | None = None, type: str | None = None) -> m.Ticker:
        """Statistics over a rolling window (1m..59m, 1h..23h, 1d..7d)."""
        result: m.Ticker = self._call(E.TICKER, symbol=symbol, windowSize=window_size, type=type)
        return result

    def price(self, symbol: str) -> m.TickerPrice:
        """Last price of one symbol."""
        result: m.TickerPrice = self._call(E.TICKER_PRICE, symbol=symbol)
        return result

    def prices(self, symbols: list[str] | None = None) -> list[m.TickerPrice]:
        """Last prices (all symbols when None)."""
        result: list[m.TickerPrice] = self._call(E.TICKER_PRICE, symbols=_json_list(symbols))
        return result

    def book_ticker(self, symbol: str) -> m.BookTicker:
        """Best bid and ask of one symbol."""
        result: m.BookTicker = self._call(E.BOOK_TICKER, symbol=symbol)
        return result

    def book_tickers(self, symbols: list[str] | None = None) -> list[m.BookTicker]:
        """Best bids and asks (all symbols when None)."""
        result: list[m.BookTicker] = self._call(E.BOOK_TICKER, symbols=_json_list(symbols))
        return result

    # --- trading -----------------------------------------------------------------------------

    def new_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                  price: Num | None = None, time_in_force: str | None = None, stop_price: Num | None = None,
                  quote_order_qty: Num | None = None, new_client_order_id: str | None = None,
                  **extra: Any) -> m.Order:
        """Place an order (filters checked first; an unknown outcome is reconciled by client order id)."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, price=price,
                      timeInForce=time_in_force, stopPrice=stop_price, quoteOrderQty=quote_order_qty,
                      newClientOrderId=new_client_order_id, **extra)
        result: m.Order = self._call_flow(self._order_flow(E.NEW_ORDER, params))
        return result

    def test_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                   price: Num | None = None, time_in_force: str | None = None, **extra: Any) -> None:
        """Validate an order on the server without placing it."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, price=price,
                      timeInForce=time_in_force, **extra)
        params = {k: v for k, v in params.items() if v is not None}
        E.TEST_ORDER.build(params)
        self._call_flow(self._check_flow(params))
        self._call(E.TEST_ORDER, **params)

    def get_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None) -> m.Order:
        """One order by id or client id."""
        result: m.Order = self._call(E.GET_ORDER, symbol=symbol, orderId=order_id,
                                     origClientOrderId=orig_client_order_id)
        return result

    def cancel_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None,
                     **extra: Any) -> m.Order:
        """Cancel one order."""
        result: m.Order = self._call(E.CANCEL_ORDER, symbol=symbol, orderId=order_id,
                                     origClientOrderId=orig_client_order_id, **extra)
        return result

    def cancel_open_orders(self, symbol: str) -> list[m.Order | m.OrderList]:
        """Cancel every open order (and OCO list) of a symbol."""
        raws: list[msgspec.Raw] = self._call(E.CANCEL_ALL, symbol=symbol)
        return [decode(bytes(r), m.OrderList if b'"contingencyType"' in bytes(r) else m.Order) for r in raws]

    def cancel_replace(self, symbol: str, side: str, type: str, *, cancel_replace_mode: str = "STOP_ON_FAILURE",
                       cancel_order_id: int | None = None, cancel_orig_client_order_id: str | None = None,
                       quantity: Num | None = None, price: Num | None = None, time_in_force: str | None = None,
                       **extra: Any) -> m.CancelReplace:
        """Cancel an order and place a new one in one call (failures raise `CancelReplaceFailed`)."""
        params = dict(symbol=symbol, side=side, type=type, cancelReplaceMode=cancel_replace_mode,
                      cancelOrderId=cancel_order_id, cancelOrigClientOrderId=cancel_orig_client_order_id,
                      quantity=quantity, price=price, timeInForce=time_in_force, **extra)
        params = {k: v for k, v in params.items() if v is not None}
        E.CANCEL_REPLACE.build(params)
        self._call_flow(self._check_flow(params))
        result: m.CancelReplace = self._call(E.CANCEL_REPLACE, **params)
        return result

    def new_oco(self, symbol: str, side: str, quantity: Num, price: Num, stop_price: Num, *,
                stop_limit_price: Num | None = None, stop_limit_time_in_force: str | None = None,
                list_client_order_id: str | None = None, **extra: Any) -> m.OrderList:
        """Place an OCO pair (a LIMIT_MAKER leg and a STOP_LOSS(_LIMIT) leg) with the legacy
        `POST /api/v3/order/oco`, which Binance deprecated for `new_order_list_oco`."""
        params = dict(symbol=symbol, side=side, quantity=quantity, price=price, stopPrice=stop_price,
                      stopLimitPrice=stop_limit_price, stopLimitTimeInForce=stop_limit_time_in_force,
                      listClientOrderId=list_client_order_id, **extra)
        result: m.OrderList = self._call_flow(self._order_flow(E.NEW_OCO, params, "listClientOrderId", E.GET_OCO,
                                                               "origClientOrderId"))
        return result

    def new_order_list_oco(self, symbol: str, side: str, quantity: Num, *, above_type: str, below_type: str,
                           above_price: Num | None = None, above_stop_price: Num | None = None,
                           above_time_in_force: str | None = None, below_price: Num | None = None,
                           below_stop_price: Num | None = None, below_time_in_force: str | None = None,
                           list_client_order_id: str | None = None, **extra: Any) -> m.OrderList:
        """Place an OCO with `POST /api/v3/orderList/oco` (the current endpoint: an above and a below leg,
        e.g. a SELL with a LIMIT_MAKER above and a STOP_LOSS_LIMIT below); reconciled by listClientOrderId."""
        params = dict(symbol=symbol, side=side, quantity=quantity, aboveType=above_type, abovePrice=above_price,
                      aboveStopPrice=above_stop_price, aboveTimeInForce=above_time_in_force, belowType=below_type,
                      belowPrice=below_price, belowStopPrice=below_stop_price, belowTimeInForce=below_time_in_force,
                      listClientOrderId=list_client_order_id, **extra)
        result: m.OrderList = self._call_flow(self._order_flow(E.NEW_ORDER_LIST_OCO, params, "listClientOrderId",
                                                               E.GET_OCO, "origClientOrderId"))
        return result

    def new_order_list_oto(self, symbol: str, *, working_type: str, working_side: str, working_price: Num,
                           working_quantity: Num, pending_type: str, pending_side: str, pending_quantity: Num,
                           working_time_in_force: str | None = None, pending_price: Num | None = None,
                           pending_stop_price: Num | None = None, pending_trailing_delta: int | None = None,
                           pending_time_in_force: str | None = None, list_client_order_id: str | None = None,
                           **extra: Any) -> m.OrderList:
        """Place an OTO (`POST /api/v3/orderList/oto`): a LIMIT/LIMIT_MAKER working order, and a pending order
        placed once it is fully filled; reconciled by listClientOrderId."""
        params = dict(symbol=symbol, workingType=working_type, workingSide=working_side, workingPrice=working_price,
                      workingQuantity=working_quantity, workingTimeInForce=working_time_in_force,
                      pendingType=pending_type, pendingSide=pending_side, pendingQuantity=pending_quantity,
                      pendingPrice=pending_price, pendingStopPrice=pending_stop_price,
                      pendingTrailingDelta=pending_trailing_delta, pendingTimeInForce=pending_time_in_force,
                      listClientOrderId=list_client_order_id, **extra)
        result: m.OrderList = self._call_flow(self._order_flow(E.NEW_ORDER_LIST_OTO, params, "listClientOrderId",
                                                               E.GET_OCO, "origClientOrderId"))
        return result

    def new_order_list_otoco(self, symbol: str, *, working_type: str, working_side: str, working_price: Num,
                             working_quantity: Num, pending_side: str, pending_quantity: Num,
                             pending_above_type: str, pending_below_type: str,
                             working_time_in_force: str | None = None, list_client_order_id: str | None = None,
                             **extra: Any) -> m.OrderList:
        """Place an OTOCO (`POST /api/v3/orderList/otoco`): a working order, then a pending OCO pair once it is
        fully filled (the legs' pendingAbove*/pendingBelow* prices, stops and trailing deltas in `extra`)."""
        params = dict(symbol=symbol, workingType=working_type, workingSide=working_side, workingPrice=working_price,
                      workingQuantity=working_quantity, workingTimeInForce=working_time_in_force,
                      pendingSide=pending_side, pendingQuantity=pending_quantity, pendingAboveType=pending_above_type,
                      pendingBelowType=pending_below_type, listClientOrderId=list_client_order_id, **extra)
        result: m.OrderList = self._call_flow(self._order_flow(E.NEW_ORDER_LIST_OTOCO, params, "listClientOrderId",
                                                               E.GET_OCO, "origClientOrderId"))
        return result

    def cancel_oco(self, symbol: str, order_list_id: int | None = None,
                   list_client_order_id: str | None = None) -> m.OrderList:
        """Cancel an OCO list."""
        result: m.OrderList = self._call(E.CANCEL_OCO, symbol=symbol, orderListId=order_list_id,
                                         listClientOrderId=list_client_order_id)
        return result

    def get_oco(self, order_list_id: int | None = None, list_client_order_id: str | None = None) -> m.OrderList:
        """One OCO list."""
        result: m.OrderList = self._call(E.GET_OCO, orderListId=order_list_id,
                                         origClientOrderId=list_client_order_id)
        return result

    def all_oco(self, from_id: int | None = None, limit: int | None = None) -> list[m.OrderList]:
        """OCO history."""
        result: list[m.OrderList] = self._call(E.ALL_OCO, fromId=from_id, limit=limit)
        return result

    def open_oco(self) -> list[m.OrderList]:
        """Open OCO lists."""
        result: list[m.OrderList] = self._call(E.OPEN_OCO)
        return result

    def open_orders(self, symbol: str | None = None) -> list[m.Order]:
        """Open orders (weight 3 with a symbol, 40 without)."""
        result: list[m.Order] = self._call(E.OPEN_ORDERS, symbol=symbol)
        return result

    def all_orders(self, symbol: str, order_id: int | None = None, start_time: int | None = None,
                   end_time: int | None = None, limit: int | None = None) -> list[m.Order]:
        """Every order of a symbol."""
        result: list[m.Order] = self._call(E.ALL_ORDERS, symbol=symbol, orderId=order_id, startTime=start_time,
                                           endTime=end_time, limit=limit)
        return result

    # --- account -----------------------------------------------------------------------------

    def account(self) -> m.Account:
        """Balances and permissions."""
        result: m.Account = self._call(E.ACCOUNT)
        return result

    def account_commission(self, symbol: str) -> m.AccountCommission:
        """The commission rates of a symbol (standard, special, tax, BNB discount)."""
        result: m.AccountCommission = self._call(E.ACCOUNT_COMMISSION, symbol=symbol)
        return result

    def my_trades(self, symbol: str, order_id: int | None = None, from_id: int | None = None,
                  start_time: int | None = None, end_time: int | None = None,
                  limit: int | None = None) -> list[m.MyTrade]:
        """Own trades of a symbol."""
        result: list[m.MyTrade] = self._call(E.MY_TRADES, symbol=symbol, orderId=order_id, fromId=from_id,
                                             startTime=start_time, endTime=end_time, limit=limit)
        return result

    def order_rate_limits(self) -> list[m.RateLimit]:
        """Current order counts against the ORDERS limits."""
        result: list[m.RateLimit] = self._call(E.ORDER_RATE_LIMITS)
        return result

    def prevented_matches(self, symbol: str, prevented_match_id: int | None = None, order_id: int | None = None,
                          from_prevented_match_id: int | None = None,
                          limit: int | None = None) -> list[m.PreventedMatch]:
        """Orders expired by self-trade prevention."""
        result: list[m.PreventedMatch] = self._call(E.PREVENTED_MATCHES, symbol=symbol,
                                                    preventedMatchId=prevented_match_id, orderId=order_id,
                                                    fromPreventedMatchId=from_prevented_match_id, limit=limit)
        return result

    # --- user data stream --------------------------------------------------------------------

    def create_listen_key(self) -> str:
        """A listen key for the user data stream (valid 60 min unless kept alive)."""
        result: m.ListenKey = self._call(E.LISTEN_KEY_CREATE)
        return result.listen_key

    def keepalive_listen_key(self, listen_key: str) -> None:
        """Extend a listen key by 60 minutes (send every 30)."""
        self._call(E.LISTEN_KEY_KEEPALIVE, listenKey=listen_key)

    def close_listen_key(self, listen_key: str) -> None:
        """Close the user data stream."""
        self._call(E.LISTEN_KEY_CLOSE, listenKey=listen_key)

    # --- wallet ------------------------------------------------------------------------------

    def system_status(self) -> m.SystemStatus:
        """0 normal, 1 maintenance."""
        result: m.SystemStatus = self._call(E.SYSTEM_STATUS)
        return result

    def account_status(self) -> m.AccountStatus:
        """Account status text ("Normal")."""
        result: m.AccountStatus = self._call(E.ACCOUNT_STATUS)
        return result

    def deposit_address(self, coin: str, network: str | None = None) -> m.DepositAddress:
        """Deposit address of a coin."""
        result: m.DepositAddress = self._call(E.DEPOSIT_ADDRESS, coin=coin, network=network)
        return result

    def deposit_history(self, coin: str | None = None, **extra: Any) -> list[m.Deposit]:
        """Deposits (status, startTime, endTime, offset, limit, txId in `extra`)."""
        result: list[m.Deposit] = self._call(E.DEPOSIT_HISTORY, coin=coin, **extra)
        return result

    def withdraw(self, coin: str, address: str, amount: Num, *, network: str | None = None,
                 withdraw_order_id: str | None = None, **extra: Any) -> str:
        """Request a withdrawal; returns its id."""
        result: m.WithdrawResult = self._call(E.WITHDRAW, coin=coin, address=address, amount=amount,
                                              network=network, withdrawOrderId=withdraw_order_id, **extra)
        return result.id

    def withdraw_history(self, coin: str | None = None, **extra: Any) -> list[m.Withdrawal]:
        """Withdrawals."""
        result: list[m.Withdrawal] = self._call(E.WITHDRAW_HISTORY, coin=coin, **extra)
        return result

    def asset_detail(self, asset: str | None = None) -> dict[str, m.AssetDetail]:
        """Withdraw fees, minimums and deposit/withdraw status per asset."""
        result: dict[str, m.AssetDetail] = self._call(E.ASSET_DETAIL, asset=asset)
        return result

    def coins(self) -> list[m.CoinInfo]:
        """Every coin's balances and networks (fees, limits, deposit/withdraw status)."""
        result: list[m.CoinInfo] = self._call(E.COINS)
        return result

    def trade_fee(self, symbol: str | None = None) -> list[m.TradeFee]:
        """Maker/taker commission per symbol."""
        result: list[m.TradeFee] = self._call(E.TRADE_FEE, symbol=symbol)
        return result

    def dust(self, assets: list[str]) -> m.DustResult:
        """Convert small balances to BNB."""
        result: m.DustResult = self._call(E.DUST, asset=",".join(assets))
        return result

    def dividends(self, asset: str | None = None, **extra: Any) -> m.Dividends:
        """Asset dividend records."""
        result: m.Dividends = self._call(E.DIVIDENDS, asset=asset, **extra)
        return result

    def universal_transfer(self, type: str, asset: str, amount: Num, *, from_symbol: str | None = None,
                           to_symbol: str | None = None) -> str:
        """Move funds between wallets (`type` e.g. MAIN_UMFUTURE, MAIN_MARGIN, UMFUTURE_MAIN); returns the tranId."""
        result: m.TranId = self._call(E.UNIVERSAL_TRANSFER, type=type, asset=asset, amount=amount,
                                      fromSymbol=from_symbol, toSymbol=to_symbol)
        return result.tran_id

    def universal_transfer_history(self, type: str, *, start_time: int | None = None, end_time: int | None = None,
                                   **extra: Any) -> m.TransferRecords:
        """Universal transfers of one type, newest first (current, size, fromSymbol, toSymbol in `extra`)."""
        result: m.TransferRecords = self._call(E.UNIVERSAL_TRANSFER_HISTORY, type=type, startTime=start_time,
                                               endTime=end_time, **extra)
        return result

    # --- margin ------------------------------------------------------------------------------

    def margin_transfer(self, asset: str, amount: Num, type: int) -> str:
        """Spot <-> cross margin (type 1: to margin, 2: to spot); returns the tranId."""
        result: m.TranId = self._call(E.MARGIN_TRANSFER, asset=asset, amount=amount, type=type)
        return result.tran_id

    def margin_borrow_repay(self, asset: str, amount: Num, type: str, *, is_isolated: bool = False,
                            symbol: str | None = None) -> str:
        """Borrow (`type="BORROW"`) or repay (`"REPAY"`) on cross or isolated margin; returns the tranId."""
        result: m.TranId = self._call(E.MARGIN_BORROW_REPAY, asset=asset, isIsolated=is_isolated, symbol=symbol,
                                      amount=amount, type=type)
        return result.tran_id

    def margin_borrow(self, asset: str, amount: Num, *, is_isolated: bool = False, symbol: str | None = None) -> str:
        """Borrow on margin (`POST /sapi/v1/margin/borrow-repay`, type BORROW); returns the tranId."""
        result: m.TranId = self._call(E.MARGIN_BORROW_REPAY, asset=asset, isIsolated=is_isolated, symbol=symbol,
                                      amount=amount, type="BORROW")
        return result.tran_id

    def margin_repay(self, asset: str, amount: Num, *, is_isolated: bool = False, symbol: str | None = None) -> str:
        """Repay a margin loan (`POST /sapi/v1/margin/borrow-repay`, type REPAY); returns the tranId."""
        result: m.TranId = self._call(E.MARGIN_BORROW_REPAY, asset=asset, isIsolated=is_isolated, symbol=symbol,
                                      amount=amount, type="REPAY")
        return result.tran_id

    def margin_borrow_repay_records(self, type: str, *, asset: str | None = None, tx_id: int | None = None,
                                    start_time: int | None = None, end_time: int | None = None,
                                    **extra: Any) -> m.BorrowRepayRecords:
        """Borrow or repay records, newest first (txId or startTime; isolatedSymbol, current, size in `extra`)."""
        result: m.BorrowRepayRecords = self._call(E.MARGIN_BORROW_REPAY_RECORDS, type=type, asset=asset, txId=tx_id,
                                                  startTime=start_time, endTime=end_time, **extra)
        return result

    def margin_new_order(self, symbol: str, side: str, type: str, *, is_isolated: bool | None = None,
                         **params: Any) -> m.Order:
        """Place a margin order (reconciled like spot orders); `is_isolated` is sent as isIsolated=TRUE/FALSE."""
        result: m.Order = self._call_flow(self._order_flow(E.MARGIN_NEW_ORDER, dict(
            symbol=symbol, side=side, type=type, isIsolated=is_isolated, **params), query=E.MARGIN_GET_ORDER))
        return result

    def margin_get_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None,
                         *, is_isolated: bool | None = None) -> m.Order:
        """One margin order."""
        result: m.Order = self._call(E.MARGIN_GET_ORDER, symbol=symbol, isIsolated=is_isolated, orderId=order_id,
                                     origClientOrderId=orig_client_order_id)
        return result

    def margin_cancel_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None,
                            *, is_isolated: bool | None = None) -> m.Order:
        """Cancel a margin order."""
        result: m.Order = self._call(E.MARGIN_CANCEL_ORDER, symbol=symbol, isIsolated=is_isolated,
                                     orderId=order_id, origClientOrderId=orig_client_order_id)
        return result

    def margin_open_orders(self, symbol: str | None = None, *, is_isolated: bool | None = None) -> list[m.Order]:
        """Open margin orders (isolated ones need `symbol`)."""
        result: list[m.Order] = self._call(E.MARGIN_OPEN_ORDERS, symbol=symbol, isIsolated=is_isolated)
        return result

    def margin_cancel_open_orders(self, symbol: str, *, is_isolated: bool | None = None) -> list[m.Order | m.OrderList]:
        """Cancel every open margin order (and OCO list) of a symbol."""
        raws: list[msgspec.Raw] = self._call(E.MARGIN_CANCEL_ALL, symbol=symbol, isIsolated=is_isolated)
        return [decode(bytes(r), m.OrderList if b'"contingencyType"' in bytes(r) else m.Order) for r in raws]

    def margin_all_orders(self, symbol: str, *, is_isolated: bool | None = None, **extra: Any) -> list[m.Order]:
        """Every margin order of a symbol (orderId, startTime, endTime, limit in `extra`)."""
        result: list[m.Order] = self._call(E.MARGIN_ALL_ORDERS, symbol=symbol, isIsolated=is_isolated, **extra)
        return result

    def margin_my_trades(self, symbol: str, *, is_isolated: bool | None = None, **extra: Any) -> list[m.MyTrade]:
        """Own margin trades of a symbol (orderId, startTime, endTime, fromId, limit in `extra`)."""
        result: list[m.MyTrade] = self._call(E.MARGIN_MY_TRADES, symbol=symbol, isIsolated=is_isolated, **extra)
        return result

    def margin_account(self) -> m.MarginAccount:
        """Cross margin account."""
        result: m.MarginAccount = self._call(E.MARGIN_ACCOUNT)
        return result

    # --- isolated margin ---------------------------------------------------------------------

    def isolated_enable(self, symbol: str) -> m.IsolatedToggle:
        """Enable (creating it the first time) the isolated margin account of a pair."""
        result: m.IsolatedToggle = self._call(E.ISOLATED_ENABLE, symbol=symbol)
        return result

    def isolated_disable(self, symbol: str) -> m.IsolatedToggle:
        """Disable an empty isolated margin account."""
        result: m.IsolatedToggle = self._call(E.ISOLATED_DISABLE, symbol=symbol)
        return result

    def isolated_account(self, symbols: list[str] | str | None = None) -> m.IsolatedAccount:
        """Isolated pair accounts (all, or at most 5 `symbols`) with margin level and liquidation price."""
        result: m.IsolatedAccount = self._call(E.ISOLATED_ACCOUNT, symbols=symbols)
        return result

    def isolated_account_limit(self) -> m.IsolatedAccountLimit:
        """How many isolated accounts are enabled, and how many may be."""
        result: m.IsolatedAccountLimit = self._call(E.ISOLATED_ACCOUNT_LIMIT)
        return result

    def isolated_pair(self, symbol: str) -> m.IsolatedPair:
        """One isolated margin symbol."""
        result: m.IsolatedPair = self._call(E.ISOLATED_PAIR, symbol=symbol)
        return result

    def isolated_all_pairs(self) -> list[m.IsolatedPair]:
        """Every isolated margin symbol."""
        result: list[m.IsolatedPair] = self._call(E.ISOLATED_ALL_PAIRS)
        return result

    def isolated_transfer(self, asset: str, symbol: str, amount: Num, trans_from: str, trans_to: str) -> str:
        """Spot <-> an isolated pair (`trans_from`/`trans_to`: SPOT, ISOLATED_MARGIN); returns the tranId."""
        result: m.TranId = self._call(E.ISOLATED_TRANSFER, asset=asset, symbol=symbol, amount=amount,
                                      transFrom=trans_from, transTo=trans_to)
        return result.tran_id

    def isolated_transfer_history(self, symbol: str, **extra: Any) -> m.IsolatedTransfers:
        """Transfers of an isolated pair (asset, transFrom, transTo, startTime, endTime, current, size)."""
        result: m.IsolatedTransfers = self._call(E.ISOLATED_TRANSFER_HISTORY, symbol=symbol, **extra)
        return result

    def margin_interest_history(self, *, isolated_symbol: str | None = None, **extra: Any) -> m.InterestRecords:
        """Interest charged (of an isolated pair with `isolated_symbol`, else of cross margin)."""
        result: m.InterestRecords = self._call(E.MARGIN_INTEREST_HISTORY, isolatedSymbol=isolated_symbol, **extra)
        return result

    def margin_max_borrowable(self, asset: str, *, isolated_symbol: str | None = None) -> m.MaxAmount:
        """What may still be borrowed (cross, or the pair `isolated_symbol`)."""
        result: m.MaxAmount = self._call(E.MARGIN_MAX_BORROWABLE, asset=asset, isolatedSymbol=isolated_symbol)
        return result

    def margin_max_transferable(self, asset: str, *, isolated_symbol: str | None = None) -> m.MaxAmount:
        """What may be transferred out (cross, or the pair `isolated_symbol`)."""
        result: m.MaxAmount = self._call(E.MARGIN_MAX_TRANSFERABLE, asset=asset, isolatedSymbol=isolated_symbol)
        return result

    # --- USD-M futures (futures_url) ---------------------------------------------------------

    def futures_ping(self) -> None:
        """Test connectivity to the futures API."""
        self._call(E.F_PING)

    def futures_server_time(self) -> int:
        """Futures server time in Unix ms."""
        data: m.ServerTime = self._call(E.F_TIME)
        return data.server_time

    def futures_exchange_info(self) -> m.FuturesExchangeInfo:
        """Futures symbols and rules."""
        result: m.FuturesExchangeInfo = self._call(E.F_EXCHANGE_INFO)
        return result

    def futures_depth(self, symbol: str, limit: int | None = None) -> fm.FuturesDepth:
        """Order book snapshot (limit 5, 10, 20, 50, 100, 500 or 1000)."""
        result: fm.FuturesDepth = self._call(E.F_DEPTH, symbol=symbol, limit=limit)
        return result

    def futures_trades(self, symbol: str, limit: int | None = None) -> list[fm.FuturesTrade]:
        """Recent trades."""
        result: list[fm.FuturesTrade] = self._call(E.F_TRADES, symbol=symbol, limit=limit)
        return result

    def futures_historical_trades(self, symbol: str, limit: int | None = None,
                                  from_id: int | None = None) -> list[fm.FuturesTrade]:
        """Older trades (API key)."""
        result: list[fm.FuturesTrade] = self._call(E.F_HISTORICAL_TRADES, symbol=symbol, limit=limit, fromId=from_id)
        return result

    def futures_agg_trades(self, symbol: str, from_id: int | None = None, start_time: int | None = None,
                           end_time: int | None = None, limit: int | None = None) -> list[fm.FuturesAggTrade]:
        """Compressed trades."""
        result: list[fm.FuturesAggTrade] = self._call(E.F_AGG_TRADES, symbol=symbol, fromId=from_id,
                                                      startTime=start_time, endTime=end_time, limit=limit)
        return result

    def futures_klines(self, symbol: str, interval: str, limit: int | None = None, **extra: Any) -> list[m.Kline]:
        """Futures candles (limit up to 1500)."""
        rows: list[m.RawKline] = self._call(E.F_KLINES, symbol=symbol, interval=interval, limit=limit, **extra)
        return [m.kline_of(r) for r in rows]

    def futures_continuous_klines(self, pair: str, interval: str, contract_type: str = "PERPETUAL",
                                  limit: int | None = None, **extra: Any) -> list[m.Kline]:
        """Candles of a pair's contract type (PERPETUAL, CURRENT_QUARTER, NEXT_QUARTER)."""
        rows: list[m.RawKline] = self._call(E.F_CONTINUOUS_KLINES, pair=pair, contractType=contract_type,
                                            interval=interval, limit=limit, **extra)
        return [m.kline_of(r) for r in rows]

    def futures_mark_price_klines(self, symbol: str, interval: str, limit: int | None = None,
                                  **extra: Any) -> list[m.Kline]:
        """Mark price candles (volumes are 0; `trades` counts the data points)."""
        rows: list[m.RawKline] = self._call(E.F_MARK_KLINES, symbol=symbol, interval=interval, limit=limit, **extra)
        return [m.kline_of(r) for r in rows]

    def futures_index_price_klines(self, pair: str, interval: str, limit: int | None = None,
                                   **extra: Any) -> list[m.Kline]:
        """Index price candles of a pair."""
        rows: list[m.RawKline] = self._call(E.F_INDEX_KLINES, pair=pair, interval=interval, limit=limit, **extra)
        return [m.kline_of(r) for r in rows]

    def futures_premium_index(self, symbol: str) -> fm.PremiumIndex:
        """Mark and index price, last funding rate and next funding time of a symbol."""
        result: fm.PremiumIndex = self._call(E.F_PREMIUM_INDEX, symbol=symbol)
        return result

    def futures_premium_indexes(self) -> list[fm.PremiumIndex]:
        """`futures_premium_index` of every symbol."""
        result: list[fm.PremiumIndex] = self._call(E.F_PREMIUM_INDEX)
        return result

    def futures_funding_rate(self, symbol: str | None = None, start_time: int | None = None,
                             end_time: int | None = None, limit: int | None = None) -> list[fm.FundingRate]:
        """Funding rate history."""
        result: list[fm.FundingRate] = self._call(E.F_FUNDING_RATE, symbol=symbol, startTime=start_time,
                                                  endTime=end_time, limit=limit)
        return result

    def futures_funding_info(self) -> list[fm.FundingInfo]:
        """Symbols with adjusted funding caps, floors or intervals."""
        result: list[fm.FundingInfo] = self._call(E.F_FUNDING_INFO)
        return result

    def futures_ticker_24h(self, symbol: str) -> fm.FuturesTicker:
        """24 h statistics of a symbol."""
        result: fm.FuturesTicker = self._call(E.F_TICKER_24H, symbol=symbol)
        return result

    def futures_tickers_24h(self) -> list[fm.FuturesTicker]:
        """24 h statistics of every symbol (weight 40)."""
        result: list[fm.FuturesTicker] = self._call(E.F_TICKER_24H)
        return result

    def futures_price(self, symbol: str) -> fm.FuturesPrice:
        """Futures last price (`/fapi/v2/ticker/price`)."""
        result: fm.FuturesPrice = self._call(E.F_PRICE, symbol=symbol)
        return result

    def futures_prices(self) -> list[fm.FuturesPrice]:
        """Last price of every symbol."""
        result: list[fm.FuturesPrice] = self._call(E.F_PRICE)
        return result

    def futures_book_ticker(self, symbol: str) -> fm.FuturesBookTicker:
        """Best bid and ask of a symbol."""
        result: fm.FuturesBookTicker = self._call(E.F_BOOK_TICKER, symbol=symbol)
        return result

    def futures_book_tickers(self) -> list[fm.FuturesBookTicker]:
        """Best bid and ask of every symbol."""
        result: list[fm.FuturesBookTicker] = self._call(E.F_BOOK_TICKER)
        return result

    def futures_open_interest(self, symbol: str) -> fm.OpenInterest:
        """Open interest of a symbol, in contracts."""
        result: fm.OpenInterest = self._call(E.F_OPEN_INTEREST, symbol=symbol)
        return result

    def futures_new_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                          price: Num | None = None, time_in_force: str | None = None,
                          reduce_only: bool | None = None, price_match: str | None = None,
                          new_client_order_id: str | None = None, **extra: Any) -> m.FuturesOrder:
        """Place a LIMIT or MARKET futures order (reconciled like spot orders). A LIMIT order takes
        `price` or `price_match` (OPPONENT, QUEUE, ..._5/10/20). Conditional types (STOP, TAKE_PROFIT,
        ..., TRAILING_STOP_MARKET) go through `futures_new_algo_order`."""
        params = dict(symbol=symbol, side=side, type=type, quantity=quantity, price=price, timeInForce=time_in_force,
                      reduceOnly=reduce_only, priceMatch=price_match, newClientOrderId=new_client_order_id, **extra)
        result: m.FuturesOrder = self._call_flow(self._order_flow(E.F_NEW_ORDER, params, query=E.F_GET_ORDER,
                                                                  check=False))
        return result

    def futures_new_algo_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                               trigger_price: Num | None = None, price: Num | None = None,
                               working_type: str | None = None, reduce_only: bool | None = None,
                               close_position: bool | None = None, callback_rate: Num | None = None,
                               activate_price: Num | None = None, time_in_force: str | None = None,
                               client_algo_id: str | None = None, **extra: Any) -> m.AlgoOrder:
        """Place a conditional futures order (`POST /fapi/v1/algoOrder`, algoType CONDITIONAL): STOP and
        TAKE_PROFIT (limit, with `price`), STOP_MARKET and TAKE_PROFIT_MARKET, TRAILING_STOP_MARKET
        (`callback_rate` in percent). It fires when the `working_type` price (CONTRACT_PRICE by default,
        or MARK_PRICE) reaches `trigger_price`; an unknown outcome is reconciled by clientAlgoId."""
        params = dict(algoType="CONDITIONAL", symbol=symbol, side=side, type=type, quantity=quantity, price=price,
                      triggerPrice=trigger_price, workingType=working_type, reduceOnly=reduce_only,
                      closePosition=close_position, callbackRate=callback_rate, activatePrice=activate_price,
                      timeInForce=time_in_force, clientAlgoId=client_algo_id, **extra)
        result: m.AlgoOrder = self._call_flow(self._order_flow(E.F_NEW_ALGO, params, "clientAlgoId", E.F_GET_ALGO,
                                                               "clientAlgoId", check=False))
        return result

    def futures_get_algo_order(self, algo_id: int | None = None, client_algo_id: str | None = None) -> m.AlgoOrder:
        """One algo order by algoId or clientAlgoId."""
        result: m.AlgoOrder = self._call(E.F_GET_ALGO, algoId=algo_id, clientAlgoId=client_algo_id)
        return result

    def futures_cancel_algo_order(self, algo_id: int | None = None,
                                  client_algo_id: str | None = None) -> m.AlgoCancel:
        """Cancel an algo order that has not triggered yet."""
        result: m.AlgoCancel = self._call(E.F_CANCEL_ALGO, algoId=algo_id, clientAlgoId=client_algo_id)
        return result

    def futures_open_algo_orders(self, symbol: str | None = None) -> list[m.AlgoOrder]:
        """Algo orders waiting for their trigger (weight 1 with a symbol, 40 without)."""
        result: list[m.AlgoOrder] = self._call(E.F_OPEN_ALGO, symbol=symbol)
        return result

    def futures_all_algo_orders(self, symbol: str, algo_id: int | None = None, start_time: int | None = None,
                                end_time: int | None = None, limit: int | None = None) -> list[m.AlgoOrder]:
        """Algo orders of a symbol in any state (the last 7 days by default)."""
        result: list[m.AlgoOrder] = self._call(E.F_ALL_ALGO, symbol=symbol, algoId=algo_id, startTime=start_time,
                                               endTime=end_time, limit=limit)
        return result

    def futures_get_order(self, symbol: str, order_id: int | None = None,
                          orig_client_order_id: str | None = None) -> m.FuturesOrder:
        """One futures order."""
        result: m.FuturesOrder = self._call(E.F_GET_ORDER, symbol=symbol, orderId=order_id,
                                            origClientOrderId=orig_client_order_id)
        return result

    def futures_cancel_order(self, symbol: str, order_id: int | None = None,
                             orig_client_order_id: str | None = None) -> m.FuturesOrder:
        """Cancel a futures order."""
        result: m.FuturesOrder = self._call(E.F_CANCEL_ORDER, symbol=symbol, orderId=order_id,
                                            origClientOrderId=orig_client_order_id)
        return result

    def futures_account(self) -> fm.AccountV3:
        """Futures account (`/fapi/v3/account`): totals, the USDT asset, open positions."""
        result: fm.AccountV3 = self._call(E.F_ACCOUNT_V3)
        return result

    def futures_account_v2(self) -> m.FuturesAccount:
        """The v2 account: every symbol with its leverage and entry price."""
        result: m.FuturesAccount = self._call(E.F_ACCOUNT)
        return result

    def futures_balance(self) -> list[m.FuturesBalance]:
        """Futures balances (`/fapi/v3/balance`)."""
        result: list[m.FuturesBalance] = self._call(E.F_BALANCE)
        return result

    def futures_positions(self, symbol: str | None = None) -> list[fm.PositionRisk]:
        """Open positions (`/fapi/v3/positionRisk`) with mark, liquidation price and margins."""
        result: list[fm.PositionRisk] = self._call(E.F_POSITION_RISK, symbol=symbol)
        return result

    def futures_symbol_config(self, symbol: str | None = None) -> list[fm.SymbolConfig]:
        """Leverage and margin type per symbol."""
        result: list[fm.SymbolConfig] = self._call(E.F_SYMBOL_CONFIG, symbol=symbol)
        return result

    def futures_set_leverage(self, symbol: str, leverage: int) -> fm.Leverage:
        """Set a symbol's initial leverage (1 to the first bracket's maximum)."""
        result: fm.Leverage = self._call(E.F_LEVERAGE, symbol=symbol, leverage=leverage)
        return result

    def futures_set_margin_type(self, symbol: str, margin_type: str) -> fm.CodeMsg:
        """ISOLATED or CROSSED; refused (-4046/-4047/-4048) when unchanged or with open orders or a position."""
        result: fm.CodeMsg = self._call(E.F_MARGIN_TYPE, symbol=symbol, marginType=margin_type)
        return result

    def futures_set_position_mode(self, dual_side: bool) -> fm.CodeMsg:
        """Hedge mode (True) or one-way mode (False), for every symbol."""
        result: fm.CodeMsg = self._call(E.F_SET_POSITION_MODE, dualSidePosition=dual_side)
        return result

    def futures_position_mode(self) -> bool:
        """Whether hedge mode is on."""
        result: fm.PositionMode = self._call(E.F_POSITION_MODE)
        return result.dual_side_position

    def futures_set_multi_assets(self, on: bool) -> fm.CodeMsg:
        """Multi-Assets mode on or off."""
        result: fm.CodeMsg = self._call(E.F_SET_MULTI_ASSETS, multiAssetsMargin=on)
        return result

    def futures_multi_assets(self) -> bool:
        """Whether Multi-Assets mode is on."""
        result: fm.MultiAssetsMode = self._call(E.F_MULTI_ASSETS)
        return result.multi_assets_margin

    def futures_position_margin(self, symbol: str, amount: Num, type: int,
                                position_side: str | None = None) -> fm.PositionMarginResult:
        """Add (type 1) or remove (type 2) margin of an isolated position."""
        result: fm.PositionMarginResult = self._call(E.F_POSITION_MARGIN, symbol=symbol, amount=amount, type=type,
                                                     positionSide=position_side)
        return result

    def futures_position_margin_history(self, symbol: str, type: int | None = None, start_time: int | None = None,
                                        end_time: int | None = None,
                                        limit: int | None = None) -> list[fm.PositionMarginRecord]:
        """Margin added to or removed from isolated positions."""
        result: list[fm.PositionMarginRecord] = self._call(E.F_POSITION_MARGIN_HISTORY, symbol=symbol, type=type,
                                                           startTime=start_time, endTime=end_time, limit=limit)
        return result

    def futures_commission_rate(self, symbol: str) -> fm.CommissionRate:
        """The user's maker and taker rates on a symbol."""
        result: fm.CommissionRate = self._call(E.F_COMMISSION_RATE, symbol=symbol)
        return result

    def futures_leverage_brackets(self, symbol: str | None = None) -> list[fm.LeverageBracket]:
        """Notional brackets: maximum leverage and maintenance margin rate per notional."""
        result: fm.LeverageBracket | list[fm.LeverageBracket] = self._call(E.F_LEVERAGE_BRACKET, symbol=symbol)
        return result if isinstance(result, list) else [result]

    def futures_income(self, symbol: str | None = None, income_type: str | None = None,
                       start_time: int | None = None, end_time: int | None = None, page: int | None = None,
                       limit: int | None = None) -> list[fm.Income]:
        """Income history: realized PnL, commission, funding, transfers."""
        result: list[fm.Income] = self._call(E.F_INCOME, symbol=symbol, incomeType=income_type,
                                             startTime=start_time, endTime=end_time, page=page, limit=limit)
        return result

    def futures_user_trades(self, symbol: str, order_id: int | None = None, start_time: int | None = None,
                            end_time: int | None = None, from_id: int | None = None,
                            limit: int | None = None) -> list[fm.UserTrade]:
        """The user's fills on a symbol."""
        result: list[fm.UserTrade] = self._call(E.F_USER_TRADES, symbol=symbol, orderId=order_id,
                                                startTime=start_time, endTime=end_time, fromId=from_id, limit=limit)
        return result

    def futures_open_orders(self, symbol: str | None = None) -> list[m.FuturesOrder]:
        """Open orders (weight 1 with a symbol, 40 without)."""
        result: list[m.FuturesOrder] = self._call(E.F_OPEN_ORDERS, symbol=symbol)
        return result

    def futures_open_order(self, symbol: str, order_id: int | None = None,
                           orig_client_order_id: str | None = None) -> m.FuturesOrder:
        """One open order (-2013 once it is done)."""
        result: m.FuturesOrder = self._call(E.F_OPEN_ORDER, symbol=symbol, orderId=order_id,
                                            origClientOrderId=orig_client_order_id)
        return result

    def futures_all_orders(self, symbol: str, order_id: int | None = None, start_time: int | None = None,
                           end_time: int | None = None, limit: int | None = None) -> list[m.FuturesOrder]:
        """Orders of a symbol in any state."""
        result: list[m.FuturesOrder] = self._call(E.F_ALL_ORDERS, symbol=symbol, orderId=order_id,
                                                  startTime=start_time, endTime=end_time, limit=limit)
        return result

    def futures_batch_orders(self, orders: list[dict[str, Any]]) -> list[m.FuturesOrder | fm.BatchError]:
        """Place 1-5 LIMIT/MARKET orders in one call; each element is checked like `futures_new_order` and gets
        a client id, so an unknown outcome is reconciled order by order (an element not found raises
        `UnknownOrderState`). A refused element comes back as a `BatchError` in its place."""
        result: list[m.FuturesOrder | fm.BatchError] = self._call_flow(self._batch_flow(orders))
        return result

    def futures_cancel_batch(self, symbol: str, order_ids: list[int] | None = None,
                             orig_client_order_ids: list[str] | None = None) -> list[m.FuturesOrder | fm.BatchError]:
        """Cancel 1-10 orders by id or client id; an element that failed is a `BatchError`."""
        rows: list[Any] = self._call(E.F_BATCH_CANCEL, symbol=symbol, orderIdList=order_ids,
                                     origClientOrderIdList=orig_client_order_ids)
        return [fm.batch_element(bytes(r)) for r in rows]

    def futures_cancel_all(self, symbol: str) -> fm.CodeMsg:
        """Cancel every open order of a symbol."""
        result: fm.CodeMsg = self._call(E.F_CANCEL_ALL, symbol=symbol)
        return result

    def futures_countdown_cancel_all(self, symbol: str, countdown_ms: int) -> fm.Countdown:
        """Cancel all open orders of a symbol unless called again within `countdown_ms` (0 stops the timer)."""
        result: fm.Countdown = self._call(E.F_COUNTDOWN, symbol=symbol, countdownTime=countdown_ms)
        return result

    def futures_create_listen_key(self) -> str:
        """A futures user-data listen key (the live one, extended, when there is one)."""
        result: m.ListenKey = self._call(E.F_LISTEN_KEY)
        return result.listen_key

    def futures_keepalive_listen_key(self) -> None:
        """Extend the futures listen key by 60 minutes."""
        self._call(E.F_LISTEN_KEY_KEEPALIVE)

    def futures_close_listen_key(self) -> None:
        """Close the futures listen key."""
        self._call(E.F_LISTEN_KEY_CLOSE)


def _json_list(values: list[str] | None) -> str | None:
    """`["A","B"]` as the `symbols` parameter wants it (URL-encoded when sent)."""
    return None if values is None else "[" + ",".join(f'"{v}"' for v in values) + "]"
