"""USD-M futures calls beyond trading (sync).

Analytics series, index views, convert, downloads, account extras and order modification;
`async_futures_extra.py` is generated from this file by `tools/unasync.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tradewire.binance import fapi_endpoints as X
from tradewire.binance import fapi_models as fx
from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.binance.base import convert_accept_flow
from tradewire.core.client import SyncClient

Num = Decimal | int | str


class FuturesExtraApi(SyncClient):
    """The futures catalogue's analytics, convert, download and account-extra calls."""

    # --- market data and analytics -----------------------------------------------------------

    def futures_price_v1(self, symbol: str | None = None) -> fm.FuturesPrice | list[fm.FuturesPrice]:
        """Last price (`/fapi/v1/ticker/price`; one symbol, or all)."""
        result: fm.FuturesPrice | list[fm.FuturesPrice] = self._call(X.F_TICKER_PRICE_V1, symbol=symbol)
        return result

    def futures_premium_index_klines(self, symbol: str, interval: str, start_time: int | None = None,
                                     end_time: int | None = None, limit: int | None = None) -> list[m.Kline]:
        """Candles of the premium index (mark against index; volumes are 0, `trades` counts the data points)."""
        rows: list[m.RawKline] = self._call(X.F_PREMIUM_KLINES, symbol=symbol, interval=interval,
                                            startTime=start_time, endTime=end_time, limit=limit)
        return [m.kline_of(r) for r in rows]

    def futures_adl_risk(self, symbol: str | None = None) -> fx.AdlRisk | list[fx.AdlRisk]:
        """The symbol-level ADL risk rating (low, medium, high)."""
        result: fx.AdlRisk | list[fx.AdlRisk] = self._call(X.F_ADL_RISK, symbol=symbol)
        return result

    def futures_asset_index(self, symbol: str | None = None) -> fx.AssetIndex | list[fx.AssetIndex]:
        """Multi-Assets mode collateral index (e.g. `BTCUSD`) with its buffers and rates."""
        result: fx.AssetIndex | list[fx.AssetIndex] = self._call(X.F_ASSET_INDEX, symbol=symbol)
        return result

    def futures_index_info(self, symbol: str | None = None) -> list[fx.IndexInfo]:
        """Components of the composite indices."""
        result: list[fx.IndexInfo] = self._call(X.F_INDEX_INFO, symbol=symbol)
        return result

    def futures_constituents(self, symbol: str) -> fx.Constituents:
        """The exchanges and weights making up a symbol's index price."""
        result: fx.Constituents = self._call(X.F_CONSTITUENTS, symbol=symbol)
        return result

    def futures_insurance_balance(self, symbol: str | None = None
                                  ) -> fx.InsuranceBalance | list[fx.InsuranceBalance]:
        """Insurance fund balance snapshot (one group with a symbol, all groups without)."""
        result: fx.InsuranceBalance | list[fx.InsuranceBalance] = self._call(X.F_INSURANCE, symbol=symbol)
        return result

    def futures_rpi_depth(self, symbol: str) -> fm.FuturesDepth:
        """The order book with Retail Price Improvement orders (1000 levels)."""
        result: fm.FuturesDepth = self._call(X.F_RPI_DEPTH, symbol=symbol, limit=1000)
        return result

    def futures_trading_schedule(self) -> fx.TradingSchedule:
        """Market sessions of the TradFi perps' underlyings."""
        result: fx.TradingSchedule = self._call(X.F_TRADING_SCHEDULE)
        return result

    def futures_basis(self, pair: str, contract_type: str, period: str, limit: int | None = None,
                      start_time: int | None = None, end_time: int | None = None) -> list[fx.Basis]:
        """Futures price against the index per period (the last 30 days)."""
        result: list[fx.Basis] = self._call(X.F_BASIS, pair=pair, contractType=contract_type, period=period,
                                            limit=limit, startTime=start_time, endTime=end_time)
        return result

    def futures_open_interest_hist(self, symbol: str, period: str, limit: int | None = None,
                                   start_time: int | None = None, end_time: int | None = None
                                   ) -> list[fx.OpenInterestHist]:
        """Open interest per period (the last month)."""
        result: list[fx.OpenInterestHist] = self._call(X.F_OI_HIST, symbol=symbol, period=period, limit=limit,
                                                       startTime=start_time, endTime=end_time)
        return result

    def futures_global_long_short_ratio(self, symbol: str, period: str, limit: int | None = None,
                                        start_time: int | None = None, end_time: int | None = None
                                        ) -> list[fx.LongShortRatio]:
        """Accounts long against accounts short, per period."""
        result: list[fx.LongShortRatio] = self._call(X.F_GLOBAL_RATIO, symbol=symbol, period=period, limit=limit,
                                                     startTime=start_time, endTime=end_time)
        return result

    def futures_top_long_short_account_ratio(self, symbol: str, period: str, limit: int | None = None,
                                             start_time: int | None = None, end_time: int | None = None
                                             ) -> list[fx.LongShortRatio]:
        """The top traders' accounts long against short, per period."""
        result: list[fx.LongShortRatio] = self._call(X.F_TOP_ACCOUNT_RATIO, symbol=symbol, period=period,
                                                     limit=limit, startTime=start_time, endTime=end_time)
        return result

    def futures_top_long_short_position_ratio(self, symbol: str, period: str, limit: int | None = None,
                                              start_time: int | None = None, end_time: int | None = None
                                              ) -> list[fx.LongShortRatio]:
        """The top traders' positions long against short, per period."""
        result: list[fx.LongShortRatio] = self._call(X.F_TOP_POSITION_RATIO, symbol=symbol, period=period,
                                                     limit=limit, startTime=start_time, endTime=end_time)
        return result

    def futures_taker_volume(self, symbol: str, period: str, limit: int | None = None,
                             start_time: int | None = None, end_time: int | None = None) -> list[fx.TakerVolume]:
        """Taker buy and sell volume per period (`takerlongshortRatio`)."""
        result: list[fx.TakerVolume] = self._call(X.F_TAKER_RATIO, symbol=symbol, period=period, limit=limit,
                                                  startTime=start_time, endTime=end_time)
        return result

    def futures_delivery_price(self, pair: str) -> list[fx.DeliveryPrice]:
        """Delivery prices of a pair's quarterly contracts."""
        result: list[fx.DeliveryPrice] = self._call(X.F_DELIVERY_PRICE, pair=pair)
        return result

    # --- account extras ----------------------------------------------------------------------

    def futures_account_config(self) -> fx.AccountConfig:
        """Fee tier, permissions, position and Multi-Assets modes."""
        result: fx.AccountConfig = self._call(X.F_ACCOUNT_CONFIG)
        return result

    def futures_balance_v2(self) -> list[m.FuturesBalance]:
        """Futures balances (`/fapi/v2/balance`)."""
        result: list[m.FuturesBalance] = self._call(X.F_BALANCE_V2)
        return result

    def futures_positions_v2(self, symbol: str | None = None) -> list[fx.PositionRiskV2]:
        """Every symbol's position with its leverage and margin type (`/fapi/v2/positionRisk`)."""
        result: list[fx.PositionRiskV2] = self._call(X.F_POSITION_RISK_V2, symbol=symbol)
        return result

    def futures_trading_status(self, symbol: str | None = None) -> fx.TradingStatus:
        """The quantitative trading-rule indicators (locks) per symbol."""
        result: fx.TradingStatus = self._call(X.F_TRADING_STATUS, symbol=symbol)
        return result

    def futures_fee_burn(self) -> bool:
        """Whether fees are paid in BNB at a discount."""
        result: fx.FeeBurn = self._call(X.F_FEE_BURN)
        return result.fee_burn

    def futures_set_fee_burn(self, on: bool) -> fm.CodeMsg:
        """Turn the BNB fee discount on or off, for every symbol."""
        result: fm.CodeMsg = self._call(X.F_SET_FEE_BURN, feeBurn=on)
        return result

    def futures_order_download(self, start_time: int, end_time: int) -> fx.DownloadId:
        """Ask for the order history between two times (a year at most) as a file; poll the link by id."""
        result: fx.DownloadId = self._call(X.F_ORDER_DOWNLOAD, startTime=start_time, endTime=end_time)
        return result

    def futures_trade_download(self, start_time: int, end_time: int) -> fx.DownloadId:
        """Ask for the trade history as a file."""
        result: fx.DownloadId = self._call(X.F_TRADE_DOWNLOAD, startTime=start_time, endTime=end_time)
        return result

    def futures_income_download(self, start_time: int, end_time: int) -> fx.DownloadId:
        """Ask for the income history as a file."""
        result: fx.DownloadId = self._call(X.F_INCOME_DOWNLOAD, startTime=start_time, endTime=end_time)
        return result

    def futures_order_download_link(self, download_id: str) -> fx.DownloadLink:
        """The order history file: "processing", or "completed" with its url."""
        result: fx.DownloadLink = self._call(X.F_ORDER_DOWNLOAD_LINK, downloadId=download_id)
        return result

    def futures_trade_download_link(self, download_id: str) -> fx.DownloadLink:
        """The trade history file."""
        result: fx.DownloadLink = self._call(X.F_TRADE_DOWNLOAD_LINK, downloadId=download_id)
        return result

    def futures_income_download_link(self, download_id: str) -> fx.DownloadLink:
        """The income history file."""
        result: fx.DownloadLink = self._call(X.F_INCOME_DOWNLOAD_LINK, downloadId=download_id)
        return result

    def futures_order_rate_limit(self) -> list[m.RateLimit]:
        """The account's order-count limits."""
        result: list[m.RateLimit] = self._call(X.F_ORDER_RATE_LIMIT)
        return result

    def futures_adl_quantile(self, symbol: str | None = None) -> list[fx.AdlQuantile]:
        """Each held position's place (1-4) in the auto-deleverage queue."""
        result: list[fx.AdlQuantile] = self._call(X.F_ADL_QUANTILE, symbol=symbol)
        return result

    def futures_force_orders(self, symbol: str | None = None, auto_close_type: str | None = None,
                             start_time: int | None = None, end_time: int | None = None,
                             limit: int | None = None) -> list[m.FuturesOrder]:
        """Your liquidation (LIQUIDATION) and auto-deleverage (ADL) orders, newest `limit` (at most 100)."""
        result: list[m.FuturesOrder] = self._call(X.F_FORCE_ORDERS, symbol=symbol, autoCloseType=auto_close_type,
                                                  startTime=start_time, endTime=end_time, limit=limit)
        return result

    def futures_pm_account(self, asset: str) -> fx.PmAccount:
        """Classic portfolio margin: what of `asset` may go out to the spot wallet."""
        result: fx.PmAccount = self._call(X.F_PM_ACCOUNT, asset=asset)
        return result

    def futures_sign_tradfi_contract(self) -> fm.CodeMsg:
        """Sign the TradFi-Perps agreement."""
        result: fm.CodeMsg = self._call(X.F_TRADFI_CONTRACT)
        return result

    # --- convert -----------------------------------------------------------------------------

    def futures_convert_pairs(self, from_asset: str | None = None,
                              to_asset: str | None = None) -> list[fx.ConvertPair]:
        """The pairs the convert service quotes, with their amount bounds."""
        result: list[fx.ConvertPair] = self._call(X.F_CONVERT_PAIRS, fromAsset=from_asset, toAsset=to_asset)
        return result

    def futures_convert_quote(self, from_asset: str, to_asset: str, *, from_amount: Num | None = None,
                              to_amount: Num | None = None) -> fx.ConvertQuote:
        """A quote valid 10 s (`quote_id` only when the wallet can pay it); exactly one amount."""
        result: fx.ConvertQuote = self._call(X.F_CONVERT_QUOTE, fromAsset=from_asset, toAsset=to_asset,
                                             fromAmount=from_amount, toAmount=to_amount)
        return result

    def futures_convert_accept(self, quote_id: str) -> fx.ConvertAccept:
        """Accept a quote; sent once, a lost answer looked up by the quote id (UnknownOutcome when not found)."""
        result: fx.ConvertAccept = self._call_flow(convert_accept_flow(self.context, quote_id))
        return result

    def futures_convert_status(self, order_id: str | None = None, quote_id: str | None = None) -> fx.ConvertOrder:
        """A convert order by orderId or quoteId."""
        result: fx.ConvertOrder = self._call(X.F_CONVERT_STATUS, orderId=order_id, quoteId=quote_id)
        return result

    # --- modify and test ---------------------------------------------------------------------

    def futures_modify_order(self, symbol: str, side: str, quantity: Num, price: Num | None = None, *,
                             order_id: int | None = None, orig_client_order_id: str | None = None,
                             price_match: str | None = None) -> m.FuturesOrder:
        """Change a LIMIT order's price and quantity in place (same id, back of the queue)."""
        result: m.FuturesOrder = self._call(X.F_MODIFY_ORDER, symbol=symbol, side=side, quantity=quantity,
                                            price=price, orderId=order_id, origClientOrderId=orig_client_order_id,
                                            priceMatch=price_match)
        return result

    def futures_modify_orders(self, changes: list[dict[str, Any]]) -> list[m.FuturesOrder | fm.BatchError]:
        """Up to 5 modifications (each checked as `futures_modify_order`); a refused one is a BatchError."""
        rendered = [X.F_MODIFY_ORDER.build(c) for c in changes]
        raw: list[msgspec.Raw] = self._call(X.F_MODIFY_BATCH, batchOrders=rendered)
        return [fm.batch_element(bytes(r)) for r in raw]

    def futures_order_amendments(self, symbol: str, order_id: int | None = None,
                                 orig_client_order_id: str | None = None, start_time: int | None = None,
                                 end_time: int | None = None, limit: int | None = None) -> list[fx.OrderAmendment]:
        """An order's modification history."""
        result: list[fx.OrderAmendment] = self._call(X.F_AMENDMENTS, symbol=symbol, orderId=order_id,
                                                     origClientOrderId=orig_client_order_id, startTime=start_time,
                                                     endTime=end_time, limit=limit)
        return result

    def futures_cancel_algo_orders(self, symbol: str) -> fm.CodeMsg:
        """Cancel every algo order of a symbol that has not triggered yet."""
        result: fm.CodeMsg = self._call(X.F_CANCEL_ALGOS, symbol=symbol)
        return result

    def futures_test_order(self, symbol: str, side: str, type: str, **params: Any) -> None:
        """Validate an order on the server without placing it."""
        self._call(X.F_TEST_ORDER, symbol=symbol, side=side, type=type, **params)
