"""Spot trading beyond orders (bingx-skills/spot-trade): commission, kill switch, OCO list queries."""

from __future__ import annotations

from typing import Any

from tradewire.bingx import spot_trade as S
from tradewire.bingx import spot_trade_models as st
from tradewire.core.client import SyncClient


class SpotTradeApi(SyncClient):
    """Signed spot-trade calls that are not single orders."""

    def spot_commission(self, symbol: str, **extra: Any) -> st.SpotCommission:
        """Your maker and taker commission rates on a spot pair."""
        result: st.SpotCommission = self._call(S.SPOT_COMMISSION, symbol=symbol, **extra)
        return result

    def spot_cancel_all_after(self, timeout_s: int, **extra: Any) -> st.CancelAllAfter:
        """Arm (10..120 s) or, with 0, close the kill switch that cancels every open spot order."""
        kind = "ACTIVATE" if timeout_s else "CLOSE"
        result: st.CancelAllAfter = self._call(S.SPOT_CANCEL_ALL_AFTER, type=kind, timeOut=timeout_s, **extra)
        return result

    def spot_open_oco_lists(self, page_index: int = 1, page_size: int = 100, **extra: Any) -> st.OcoOrders:
        """Open OCO lists, a page at a time."""
        result: st.OcoOrders = self._call(S.OCO_OPEN_LISTS, pageIndex=page_index, pageSize=page_size, **extra)
        return result

    def spot_oco_history(self, start_time: int | None = None, end_time: int | None = None, page_index: int = 1,
                         page_size: int = 100, **extra: Any) -> st.OcoOrders:
        """Finished OCO lists, a page at a time."""
        result: st.OcoOrders = self._call(S.OCO_HISTORY_LISTS, startTime=start_time, endTime=end_time,
                                          pageIndex=page_index, pageSize=page_size, **extra)
        return result
