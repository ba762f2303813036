"""Client methods of the rest of BingX perpetual trading (reference swap-trade)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx import swap_trade as S
from tradewire.bingx import swap_trade_models as s
from tradewire.bingx import trade_models as tm
from tradewire.core.client import AsyncClient
from tradewire.core.codec import Id

Num = Decimal | int | str


class AsyncSwapTradeApi(AsyncClient):
    """Kill switch, histories, liquidation orders, tiers, amend, reverse, multi-assets, TWAP, VST."""

    async def cancel_all_after(self, seconds: int, **extra: Any) -> s.CancelAllAfter:
        """Cancel every open perpetual order after `seconds` (10-120) unless called again; 0 stops the timer."""
        result: s.CancelAllAfter = await self._call(S.CANCEL_ALL_AFTER, type="ACTIVATE" if seconds else "CLOSE",
                                              timeOut=seconds, **extra)
        return result

    async def swap_open_order(self, symbol: str, order_id: Id | int | None = None, client_order_id: str | None = None,
                        **extra: Any) -> tm.SwapOrder:
        """One perpetual order while it is open."""
        result: tm.SwapOrderData = await self._call(S.OPEN_ORDER, symbol=symbol, orderId=order_id,
                                              clientOrderId=client_order_id, **extra)
        return result.order

    async def swap_full_orders(self, symbol: str | None = None, limit: int = 500, order_id: Id | int | None = None,
                         start_time: int | None = None, end_time: int | None = None,
                         **extra: Any) -> list[tm.SwapOrder]:
        """Every perpetual order (open, filled, cancelled)."""
        result: tm.SwapOrders = await self._call(S.FULL_ORDER, symbol=symbol, limit=limit, orderId=order_id,
                                           startTime=start_time, endTime=end_time, **extra)
        return result.orders or []

    async def force_orders(self, symbol: str | None = None, auto_close_type: str | None = None,
                     start_time: int | None = None, end_time: int | None = None, limit: int | None = None,
                     **extra: Any) -> list[tm.SwapOrder]:
        """Liquidation (LIQUIDATION) and auto-deleveraging (ADL) orders, newest first."""
        result: tm.SwapOrders = await self._call(S.FORCE_ORDERS, symbol=symbol, autoCloseType=auto_close_type,
                                           startTime=start_time, endTime=end_time, limit=limit, **extra)
        return result.orders or []

    async def swap_fill_history(self, symbol: str, start_ts: int, end_ts: int, order_id: Id | int | None = None,
                          last_fill_id: int | None = None, page_index: int | None = None,
                          page_size: int | None = None, **extra: Any) -> list[tm.SwapFill]:
        """Perpetual fills of one symbol, paged."""
        result: s.FillPage = await self._call(S.FILL_HISTORY, symbol=symbol, startTs=start_ts, endTs=end_ts,
                                        orderId=order_id, lastFillId=last_fill_id, pageIndex=page_index,
                                        pageSize=page_size, **extra)
        return result.fill_orders or []

    async def position_history(self, symbol: str, start_ts: int, end_ts: int, position_id: Id | int | None = None,
                         page_index: int | None = None, page_size: int | None = None,
                         **extra: Any) -> list[s.PositionRecord]:
        """Positions of one symbol open between two times (at most 3 months apart), closed ones included."""
        result: s.PositionHistory = await self._call(S.POSITION_HISTORY, symbol=symbol, startTs=start_ts, endTs=end_ts,
                                               positionId=position_id, pageIndex=page_index, pageSize=page_size,
                                               **extra)
        return result.rows

    async def position_margin_history(self, symbol: str, position_id: Id | int, start_time: int, end_time: int,
                                page_index: int = 1, page_size: int = 100, **extra: Any) -> s.MarginHistory:
        """Isolated-margin changes of one position."""
        result: s.MarginHistory = await self._call(S.MARGIN_HISTORY, symbol=symbol, positionId=position_id,
                                             startTime=start_time, endTime=end_time, pageIndex=page_index,
                                             pageSize=page_size, **extra)
        return result

    async def maint_margin_tiers(self, symbol: str, **extra: Any) -> list[s.MaintTier]:
        """Position-value tiers and their maintenance margin ratios."""
        return s.maint_tiers(await self._call(S.MAINT_MARGIN_RATIO, symbol=symbol, **extra))

    async def amend_swap_order(self, symbol: str, quantity: Num, order_id: Id | int | None = None,
                         client_order_id: str | None = None, **extra: Any) -> s.Amended:
        """A new quantity for an open perpetual order."""
        result: s.Amended = await self._call(S.AMEND, symbol=symbol, quantity=quantity, orderId=order_id,
                                       clientOrderId=client_order_id, **extra)
        return result

    async def batch_cancel_replace_swap(self, orders: list[dict[str, Any]], **extra: Any) -> list[tm.SwapCancelReplace]:
        """Several cancel-and-replace operations, each on its own."""
        result: s.BatchCancelReplace = await self._call(S.BATCH_CANCEL_REPLACE, batchOrders=orders, **extra)
        return result.result

    async def reverse_position(self, symbol: str, type: str = "Reverse", trigger_price: Num | None = None,
                         working_type: str | None = None, **extra: Any) -> s.Reversed:
        """Close the symbol's position and open the same size on the other side."""
        result: s.Reversed = await self._call(S.REVERSE, symbol=symbol, type=type, triggerPrice=trigger_price,
                                        workingType=working_type, **extra)
        return result

    async def asset_mode(self, **extra: Any) -> str:
        """`singleAssetMode` or `multiAssetsMode`."""
        result: s.AssetMode = await self._call(S.ASSET_MODE, **extra)
        return result.asset_mode

    async def set_asset_mode(self, mode: str, **extra: Any) -> str:
        """Switch the multi-assets mode (no open positions or orders allowed)."""
        result: s.AssetMode = await self._call(S.SET_ASSET_MODE, assetMode=mode, **extra)
        return result.asset_mode

    async def multi_assets_rules(self, **extra: Any) -> list[s.MarginAssetRule]:
        """Margin assets of multi-assets mode and their discount rates."""
        result: s.MultiAssetsRules = await self._call(S.MULTI_ASSETS_RULES, **extra)
        return result.rules

    async def margin_assets(self, **extra: Any) -> list[s.MarginAsset]:
        """Margin assets and their valuations."""
        result: s.MarginAssets = await self._call(S.MARGIN_ASSETS, **extra)
        return result.assets

    async def set_auto_add_margin(self, symbol: str, position_id: Id | int, enabled: bool, amount: Num | None = None,
                            **extra: Any) -> bool:
        """Switch automatic margin addition of an isolated position."""
        result: s.Success = await self._call(S.AUTO_ADD_MARGIN, symbol=symbol, positionId=position_id,
                                       functionSwitch="true" if enabled else "false", amount=amount, **extra)
        return result.success

    async def apply_vst(self, amount: int | None = None, decrease: bool = False, **extra: Any) -> Decimal:
        """Add (or remove) demo VST funds; returns the new balance."""
        result: s.VstBalance = await self._call(S.GET_VST, adjustType=1 if decrease else 0, amount=amount, **extra)
        return result.balance

    async def twap_order(self, symbol: str, side: str, position_side: str, price_type: str, price_variance: Num,
                   trigger_price: Num, interval: int, amount_per_order: Num, total_amount: Num,
                   **extra: Any) -> str:
        """Place a TWAP strategy order; returns its main order id."""
        result: s.TwapId = await self._call(S.TWAP_ORDER, symbol=symbol, side=side, positionSide=position_side,
                                      priceType=price_type, priceVariance=price_variance, triggerPrice=trigger_price,
                                      interval=interval, amountPerOrder=amount_per_order, totalAmount=total_amount,
                                      **extra)
        return result.main_order_id

    async def cancel_twap_order(self, main_order_id: Id | int, **extra: Any) -> str:
        """Stop a TWAP order (children already placed stay)."""
        result: s.TwapId = await self._call(S.TWAP_CANCEL, mainOrderId=main_order_id, **extra)
        return result.main_order_id

    async def twap_open_orders(self, symbol: str | None = None, **extra: Any) -> list[s.TwapOrder]:
        """Running TWAP orders."""
        result: s.TwapPage = await self._call(S.TWAP_OPEN, symbol=symbol, **extra)
        return result.items or []

    async def twap_history(self, start_time: int, end_time: int, symbol: str | None = None, page_index: int = 1,
                     page_size: int = 100, **extra: Any) -> list[s.TwapOrder]:
        """Finished TWAP orders."""
        result: s.TwapPage = await self._call(S.TWAP_HISTORY, symbol=symbol, startTime=start_time, endTime=end_time,
                                        pageIndex=page_index, pageSize=page_size, **extra)
        return result.items or []

    async def twap_order_detail(self, main_order_id: Id | int, **extra: Any) -> s.TwapOrder:
        """A TWAP order with its child orders."""
        result: s.TwapOrder = await self._call(S.TWAP_DETAIL, mainOrderId=main_order_id, **extra)
        return result
