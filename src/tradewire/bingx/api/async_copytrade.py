"""Client methods of BingX copy trading, trader side (references copytrade-swap, copytrade-spot)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx import copytrade as C
from tradewire.bingx import copytrade_models as c
from tradewire.core.client import AsyncClient
from tradewire.core.codec import Id

Num = Decimal | int | str


class AsyncCopyTradeApi(AsyncClient):
    """The trader's copy orders, closes, TP/SL, profits and settings."""

    async def copy_current_orders(self, symbol: str, offset: int | None = None, limit: int | None = None,
                            **extra: Any) -> c.TrackPage:
        """The trader's open perpetual copy orders of one symbol."""
        result: c.TrackPage = await self._call(C.CURRENT_TRACK, symbol=symbol, offset=offset, limit=limit, **extra)
        return result

    async def copy_close_order(self, position_id: Id | int, **extra: Any) -> c.CopyOrder:
        """Close a perpetual copy order (by its position id) at market."""
        result: c.CopyOrder = await self._call(C.CLOSE_TRACK, positionId=position_id, **extra)
        return result

    async def copy_set_tpsl(self, position_id: Id | int, take_profit: Num, stop_loss: Num, **extra: Any) -> c.TpSl:
        """Take-profit and stop-loss mark prices of a perpetual copy order."""
        result: c.TpSl = await self._call(C.SET_TPSL, positionId=position_id, takeProfitMarkPrice=take_profit,
                                    stopLossMarkPrice=stop_loss, **extra)
        return result

    async def copy_swap_trader(self, day_size: int | None = None, **extra: Any) -> c.TraderDetail:
        """The trader's perpetual overview (`day_size` 7, 30, 90 or 180)."""
        result: c.TraderDetail = await self._call(C.SWAP_TRADER, daySize=day_size, **extra)
        return result

    async def copy_swap_profit_summary(self, start_time: int | None = None, end_time: int | None = None,
                                 **extra: Any) -> c.ProfitSummary:
        """Perpetual copy profits over a period."""
        result: c.ProfitSummary = await self._call(C.SWAP_PROFIT_SUMMARY, startTime=start_time, endTime=end_time,
                                              **extra)
        return result

    async def copy_swap_profit_detail(self, page_index: int = 1, page_size: int = 20, start_time: int | None = None,
                                end_time: int | None = None, **extra: Any) -> c.ProfitPage:
        """Each closed perpetual copy order, paged."""
        result: c.ProfitPage = await self._call(C.SWAP_PROFIT_DETAIL, pageIndex=page_index, pageSize=page_size,
                                          startTime=start_time, endTime=end_time, **extra)
        return result

    async def copy_set_commission(self, rate: Num, **extra: Any) -> c.Commission:
        """The commission followers pay the trader."""
        result: c.Commission = await self._call(C.SET_COMMISSION, newCommission=rate, **extra)
        return result

    async def copy_trading_pairs(self, contract_type: str = "PFUTURES", **extra: Any) -> list[c.CopyPair]:
        """Pairs open to copy trading (PFUTURES perpetual, SFUTURES standard)."""
        result: c.CopyPairs = await self._call(C.TRADING_PAIRS, contractType=contract_type, **extra)
        return result.items or []

    async def copy_spot_sell(self, order_id: Id | int, **extra: Any) -> c.CopyOrder:
        """Sell what a spot copy BUY order bought, at market."""
        result: c.CopyOrder = await self._call(C.SPOT_SELL, orderId=order_id, **extra)
        return result

    async def copy_spot_trader(self, **extra: Any) -> c.TraderDetail:
        """The trader's spot overview."""
        result: c.TraderDetail = await self._call(C.SPOT_TRADER, **extra)
        return result

    async def copy_spot_profit_summary(self, start_time: int | None = None, end_time: int | None = None,
                                 **extra: Any) -> c.ProfitSummary:
        """Spot copy profits over a period."""
        result: c.ProfitSummary = await self._call(C.SPOT_PROFIT_SUMMARY, startTime=start_time, endTime=end_time,
                                              **extra)
        return result

    async def copy_spot_profit_detail(self, page_index: int = 1, page_size: int = 20, start_time: int | None = None,
                                end_time: int | None = None, **extra: Any) -> c.ProfitPage:
        """Each spot copy buy sold back, paged."""
        result: c.ProfitPage = await self._call(C.SPOT_PROFIT_DETAIL, pageIndex=page_index, pageSize=page_size,
                                          startTime=start_time, endTime=end_time, **extra)
        return result

    async def copy_spot_history(self, page_index: int = 1, page_size: int = 20, symbol: str | None = None,
                          start_time: int | None = None, end_time: int | None = None,
                          **extra: Any) -> c.SpotCopyPage:
        """The trader's spot orders, paged."""
        result: c.SpotCopyPage = await self._call(C.SPOT_HISTORY, pageIndex=page_index, pageSize=page_size,
                                            symbol=symbol, startTime=start_time, endTime=end_time, **extra)
        return result
