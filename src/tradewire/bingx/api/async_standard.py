"""Client methods of the BingX standard contract account (reference standard-trade)."""

from __future__ import annotations

from typing import Any

from tradewire.bingx import standard as D
from tradewire.core.client import AsyncClient
from tradewire.core.codec import Id


class AsyncStandardApi(AsyncClient):
    """Standard contract positions, closed orders and balance."""

    async def standard_positions(self, **extra: Any) -> list[D.StdPosition]:
        """Open standard-contract positions."""
        result: list[D.StdPosition] = await self._call(D.STD_POSITIONS, **extra)
        return result

    async def standard_orders(self, symbol: str, order_id: Id | int | None = None, start_time: int | None = None,
                        end_time: int | None = None, limit: int | None = None, **extra: Any) -> list[D.StdOrder]:
        """Closed standard-contract orders of one symbol."""
        result: list[D.StdOrder] = await self._call(D.STD_ORDERS, symbol=symbol, orderId=order_id, startTime=start_time,
                                              endTime=end_time, limit=limit, **extra)
        return result

    async def standard_balance(self, **extra: Any) -> list[D.StdBalance]:
        """The standard-contract account's balances."""
        result: D.StdBalance | list[D.StdBalance] = await self._call(D.STD_BALANCE, **extra)
        return result if isinstance(result, list) else [result]
