"""Coin-M perpetuals (bingx-skills/cswap-market, cswap-trade): market data, orders, positions, settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx import cswap as C
from tradewire.bingx import cswap_models as cm
from tradewire.bingx.base import row_of
from tradewire.core.client import AsyncClient

Num = Decimal | int | str


class AsyncCSwapApi(AsyncClient):
    """Coin-M (inverse) perpetual calls: symbols `BASE-USD`, quantities in contracts, money in the coin."""

    # --- market data ---------------------------------------------------------------------------

    async def cswap_contracts(self, symbol: str | None = None, **extra: Any) -> list[cm.CSwapContract]:
        """Coin-M contracts with their face value (`min_tick_size`, USD) and minimums."""
        result: list[cm.CSwapContract] = await self._call(C.CONTRACTS, symbol=symbol, **extra)
        return result

    async def cswap_depth(self, symbol: str, limit: int | None = None, **extra: Any) -> cm.CSwapDepth:
        """Coin-M order book in contracts, best first (limit 5/10/20/50/100/500/1000, default 20)."""
        result: cm.CSwapDepth = await self._call(C.DEPTH, symbol=symbol, limit=limit, **extra)
        return result

    async def cswap_klines(self, symbol: str, interval: str, start_time: int | None = None, end_time: int | None = None,
                     limit: int | None = None, **extra: Any) -> list[cm.CSwapKline]:
        """Coin-M candles, oldest first (limit up to 1440, default 500)."""
        rows: list[list[Any]] = await self._call(C.KLINES, symbol=symbol, interval=interval, startTime=start_time,
                                           endTime=end_time, limit=limit, **extra)
        return [cm.cswap_kline_of(r) for r in rows]

    async def cswap_premium_index(self, symbol: str, **extra: Any) -> cm.CSwapPremiumIndex:
        """Mark price, index price and funding rate of one contract."""
        result: cm.CSwapPremiumIndex | list[cm.CSwapPremiumIndex] = await self._call(C.PREMIUM_INDEX, symbol=symbol,
                                                                               **extra)
        return row_of(result, symbol, C.PREMIUM_INDEX)

    async def cswap_premium_indexes(self, **extra: Any) -> list[cm.CSwapPremiumIndex]:
        """Mark price and funding rate of every contract."""
        result: cm.CSwapPremiumIndex | list[cm.CSwapPremiumIndex] = await self._call(C.PREMIUM_INDEX, **extra)
        return result if isinstance(result, list) else [result]

    async def cswap_open_interest(self, symbol: str, **extra: Any) -> cm.CSwapOpenInterest:
        """Open interest in contracts."""
        result: cm.CSwapOpenInterest = await self._call(C.OPEN_INTEREST, symbol=symbol, **extra)
        return result

    async def cswap_ticker(self, symbol: str, **extra: Any) -> cm.CSwapTicker:
        """24 h statistics of one contract."""
        result: cm.CSwapTicker | list[cm.CSwapTicker] = await self._call(C.TICKER, symbol=symbol, **extra)
        return row_of(result, symbol, C.TICKER)

    async def cswap_tickers(self, **extra: Any) -> list[cm.CSwapTicker]:
        """24 h statistics of every contract."""
        result: cm.CSwapTicker | list[cm.CSwapTicker] = await self._call(C.TICKER, **extra)
        return result if isinstance(result, list) else [result]

    # --- orders --------------------------------------------------------------------------------

    async def cswap_place_order(self, symbol: str, side: str, type: str, quantity: int, price: Num | None = None,
                          stop_price: Num | None = None, position_side: str | None = None,
                          time_in_force: str | None = None, client_order_id: str | None = None,
                          working_type: str | None = None, **extra: Any) -> cm.CSwapPlaced:
        """Place a coin-M order of `quantity` contracts."""
        result: cm.CSwapPlaced = await self._call(
            C.ORDER, symbol=symbol, side=side, type=type, quantity=quantity, price=price, stopPrice=stop_price,
            positionSide=position_side, timeInForce=time_in_force, clientOrderId=client_order_id,
            workingType=working_type, **extra)
        return result

    async def cswap_cancel_order(self, symbol: str, order_id: str | None = None, client_order_id: str | None = None,
                           **extra: Any) -> cm.CSwapOrder:
        """Cancel one open coin-M order."""
        result: cm.CSwapOrder = await self._call(C.CANCEL, symbol=symbol, orderId=order_id,
                                           clientOrderId=client_order_id, **extra)
        return result

    async def cswap_cancel_all(self, symbol: str | None = None, **extra: Any) -> cm.CSwapCancelled:
        """Cancel every open coin-M order (of `symbol`, else all)."""
        result: cm.CSwapCancelled = await self._call(C.CANCEL_ALL, symbol=symbol, **extra)
        return result

    async def cswap_close_all_positions(self, symbol: str | None = None, **extra: Any) -> None:
        """Close every coin-M position (of `symbol`, else all) at market."""
        await self._call(C.CLOSE_ALL, symbol=symbol, **extra)

    async def cswap_open_orders(self, symbol: str | None = None, **extra: Any) -> list[cm.CSwapOrder]:
        """Open coin-M orders."""
        result: cm.CSwapOrders = await self._call(C.OPEN_ORDERS, symbol=symbol, **extra)
        return result.orders

    async def cswap_order(self, symbol: str, order_id: str | None = None, client_order_id: str | None = None,
                    **extra: Any) -> cm.CSwapOrder:
        """One coin-M order by id or client id."""
        result: cm.CSwapOrderDetail = await self._call(C.ORDER_DETAIL, symbol=symbol, orderId=order_id,
                                                 clientOrderId=client_order_id, **extra)
        return result.order

    async def cswap_order_history(self, symbol: str | None = None, order_id: str | None = None,
                            start_time: int | None = None, end_time: int | None = None, limit: int = 100,
                            **extra: Any) -> list[cm.CSwapOrder]:
        """Finished coin-M orders (limit up to 1000)."""
        result: cm.CSwapOrders = await self._call(C.ORDER_HISTORY, symbol=symbol, orderId=order_id,
                                            startTime=start_time, endTime=end_time, limit=limit, **extra)
        return result.orders

    async def cswap_fills(self, order_id: str, page_index: int | None = None, page_size: int | None = None,
                    **extra: Any) -> list[cm.CSwapFill]:
        """The fills of one coin-M order."""
        result: list[cm.CSwapFill] = await self._call(C.FILLS, orderId=order_id, pageIndex=page_index,
                                                pageSize=page_size, **extra)
        return result

    async def cswap_force_orders(self, symbol: str | None = None, auto_close_type: str | None = None,
                           start_time: int | None = None, end_time: int | None = None, limit: int | None = None,
                           **extra: Any) -> list[cm.CSwapForceOrder]:
        """Liquidation (`LIQUIDATION`) or auto-deleveraging (`ADL`) orders."""
        result: list[cm.CSwapForceOrder] = await self._call(C.FORCE_ORDERS, symbol=symbol,
                                                      autoCloseType=auto_close_type, startTime=start_time,
                                                      endTime=end_time, limit=limit, **extra)
        return result

    # --- settings and account ------------------------------------------------------------------

    async def cswap_leverage(self, symbol: str, **extra: Any) -> cm.CSwapLeverage:
        """Leverage of both sides of a contract, with the maxima."""
        result: cm.CSwapLeverage = await self._call(C.LEVERAGE, symbol=symbol, **extra)
        return result

    async def cswap_set_leverage(self, symbol: str, side: str, leverage: int, **extra: Any) -> cm.CSwapLeverage:
        """Set the leverage of the LONG or SHORT side (BOTH: both)."""
        result: cm.CSwapLeverage = await self._call(C.SET_LEVERAGE, symbol=symbol, side=side, leverage=leverage,
                                              **extra)
        return result

    async def cswap_margin_type(self, symbol: str, **extra: Any) -> str:
        """`CROSSED` or `ISOLATED`."""
        result: cm.CSwapMarginType = await self._call(C.MARGIN_TYPE, symbol=symbol, **extra)
        return result.margin_type

    async def cswap_set_margin_type(self, symbol: str, margin_type: str, **extra: Any) -> None:
        """Switch a contract to `ISOLATED` or `CROSSED` margin."""
        await self._call(C.SET_MARGIN_TYPE, symbol=symbol, marginType=margin_type, **extra)

    async def cswap_adjust_margin(self, symbol: str, position_side: str, amount: Num, add: bool = True,
                            **extra: Any) -> None:
        """Add (or, with `add=False`, remove) coin margin of an isolated position."""
        await self._call(C.POSITION_MARGIN, symbol=symbol, positionSide=position_side, amount=amount,
                   type=1 if add else 2, **extra)

    async def cswap_commission(self, **extra: Any) -> cm.CSwapCommission:
        """Your coin-M taker and maker rates."""
        result: cm.CSwapCommission = await self._call(C.COMMISSION, **extra)
        return result

    async def cswap_balance(self, symbol: str | None = None, **extra: Any) -> list[cm.CSwapBalance]:
        """The coins of the coin-M account (the margin coin of `symbol` only, when given)."""
        result: list[cm.CSwapBalance] = await self._call(C.BALANCE, symbol=symbol, **extra)
        return result

    async def cswap_positions(self, symbol: str | None = None, **extra: Any) -> list[cm.CSwapPosition]:
        """Open coin-M positions."""
        result: list[cm.CSwapPosition] = await self._call(C.POSITIONS, symbol=symbol, **extra)
        return result
