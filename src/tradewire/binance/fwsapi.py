"""The USD-M futures WebSocket API (`wss://ws-fapi.binance.com/ws-fapi/v1`, binance-usdm-endpoints.json).

`async with AsyncFuturesWsApi(api_key, secret_key) as api: await api.new_order("BTCUSDT", "BUY", "MARKET", ...)`.

The protocol, signing and unknown-outcome rules are the spot WebSocket API's (`wsapi.WsApiSession`): each
method is the REST catalogue's endpoint under its WebSocket name, checked before the wire and decoded into the
REST result; requests are signed one by one (HMAC, RSA, Ed25519) or, after `logon()` with an Ed25519 key,
carry only their timestamp. An `order.place` whose answer is lost is reconciled by its client order id with
`order.status`, never re-sent; other writes raise `UnknownOutcome`. The futures API has no `time` method, so
the clock is synced from REST `GET /fapi/v1/time`; user data comes from the `/fstream` user stream of the
listen key `user_stream_start()` returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from tradewire.binance import endpoints as E
from tradewire.binance import fapi_endpoints as X
from tradewire.binance import fapi_models as fx
from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.binance.base import FUTURES_URLS, Env
from tradewire.binance.wsapi import WsApiSession
from tradewire.core.clock import Clock
from tradewire.core.codec import decode
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import TransportError, ValidationError

Num = Decimal | int | str
FUTURES_WS_API_URLS: dict[str, str] = {"live": "wss://ws-fapi.binance.com/ws-fapi/v1",
                                       "testnet": "wss://testnet.binancefuture.com/ws-fapi/v1"}
#: WebSocket method -> the REST endpoint taking the same parameters and answering the same result
FUTURES_METHODS: dict[str, Endpoint] = {
    "depth": E.F_DEPTH, "ticker.price": E.F_PRICE, "ticker.book": E.F_BOOK_TICKER,
    "order.place": E.F_NEW_ORDER, "order.modify": X.F_MODIFY_ORDER, "order.cancel": E.F_CANCEL_ORDER,
    "order.status": E.F_GET_ORDER, "algoOrder.place": E.F_NEW_ALGO, "algoOrder.cancel": E.F_CANCEL_ALGO,
    "account.position": X.F_POSITION_RISK_V2, "v2/account.position": E.F_POSITION_RISK,
    "account.balance": X.F_BALANCE_V2, "v2/account.balance": E.F_BALANCE,
    "account.status": E.F_ACCOUNT, "v2/account.status": E.F_ACCOUNT_V3,
    "userDataStream.start": E.F_LISTEN_KEY, "userDataStream.ping": E.F_LISTEN_KEY_KEEPALIVE,
    "userDataStream.stop": E.F_LISTEN_KEY_CLOSE,
}


class AsyncFuturesWsApi(WsApiSession):
    """One futures WebSocket API connection: market data, orders, positions, balances, the listen key."""

    methods: Mapping[str, Endpoint] = FUTURES_METHODS
    urls: Mapping[str, str] = FUTURES_WS_API_URLS

    def __init__(self, api_key: str | None = None, secret_key: str | None = None, *,
                 private_key: bytes | str | None = None, env: Env = "live", url: str | None = None,
                 rest_url: str | None = None, timeout: float = 10.0,  # float ok: seconds
                 recv_window: int | None = None, max_reconnects: int = 5) -> None:
        """`rest_url`: where the clock is synced from (the futures REST host of `env` by default)."""
        super().__init__(api_key, secret_key, private_key=private_key, env=env, url=url, timeout=timeout,
                         recv_window=recv_window, check_filters=False, max_reconnects=max_reconnects)
        self.rest_url = (rest_url or FUTURES_URLS[env]).rstrip("/")

    async def _sync_clock(self) -> None:
        sent = Clock.local_ms()
        try:
            async with self._http.get(self.rest_url + E.F_TIME.path, timeout=self.timeout) as r:
                body = await r.read()
        except OSError as e:
            raise TransportError(f"cannot read the server time: {e}", url=self.rest_url) from e
        data: m.ServerTime = decode(body, m.ServerTime)
        self.clock.update(data.server_time, sent, Clock.local_ms())

    async def _subscribe(self) -> None:
        raise ValidationError("user_data", "the futures WebSocket API has no user data subscription: stream the "
                                           "listen key of user_stream_start() with FuturesUserStream")

    async def _keyed(self, ep: Endpoint, method: str) -> Any:
        """An API-key (USER_STREAM) method: `apiKey` in the params, no signature."""
        creds = self.config.context.credentials
        if creds is None:
            raise ValidationError("api_key", f"{method} needs an API key")
        return await self._call(ep, method, {"apiKey": creds.api_key})

    # --- market data ---------------------------------------------------------------------------

    async def depth(self, symbol: str, limit: int | None = None) -> fm.FuturesDepth:
        result: fm.FuturesDepth = await self._call(E.F_DEPTH, "depth", {"symbol": symbol, "limit": limit})
        return result

    async def ticker_price(self, symbol: str) -> fm.FuturesPrice:
        result: fm.FuturesPrice = await self._call(E.F_PRICE, "ticker.price", {"symbol": symbol})
        return result

    async def book_ticker(self, symbol: str) -> fm.FuturesBookTicker:
        result: fm.FuturesBookTicker = await self._call(E.F_BOOK_TICKER, "ticker.book", {"symbol": symbol})
        return result

    # --- trading -------------------------------------------------------------------------------

    async def new_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                        price: Num | None = None, time_in_force: str | None = None,
                        reduce_only: bool | None = None, price_match: str | None = None,
                        new_client_order_id: str | None = None, **extra: Any) -> m.FuturesOrder:
        """`order.place` (LIMIT or MARKET): checked as REST; a lost answer is reconciled by client order id."""
        params = {k: v for k, v in dict(symbol=symbol, side=side, type=type, quantity=quantity, price=price,
                                        timeInForce=time_in_force, reduceOnly=reduce_only, priceMatch=price_match,
                                        newClientOrderId=new_client_order_id, **extra).items() if v is not None}
        result: m.FuturesOrder = await self._place("order.place", params)
        return result

    async def modify_order(self, symbol: str, side: str, quantity: Num, price: Num | None = None, *,
                           order_id: int | None = None, orig_client_order_id: str | None = None,
                           price_match: str | None = None) -> m.FuturesOrder:
        """`order.modify`: a LIMIT order's new price and quantity, same id (sent once)."""
        result: m.FuturesOrder = await self._call(X.F_MODIFY_ORDER, "order.modify", {
            "symbol": symbol, "side": side, "quantity": quantity, "price": price, "orderId": order_id,
            "origClientOrderId": orig_client_order_id, "priceMatch": price_match})
        return result

    async def cancel_order(self, symbol: str, order_id: int | None = None,
                           orig_client_order_id: str | None = None) -> m.FuturesOrder:
        result: m.FuturesOrder = await self._call(E.F_CANCEL_ORDER, "order.cancel", {
            "symbol": symbol, "orderId": order_id, "origClientOrderId": orig_client_order_id})
        return result

    async def get_order(self, symbol: str, order_id: int | None = None,
                        orig_client_order_id: str | None = None) -> m.FuturesOrder:
        result: m.FuturesOrder = await self._call(E.F_GET_ORDER, "order.status", {
            "symbol": symbol, "orderId": order_id, "origClientOrderId": orig_client_order_id})
        return result

    async def new_algo_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                             trigger_price: Num | None = None, price: Num | None = None,
                             client_algo_id: str | None = None, **extra: Any) -> m.AlgoOrder:
        """`algoOrder.place` (algoType CONDITIONAL); sent once, a lost answer raises `UnknownOutcome`."""
        result: m.AlgoOrder = await self._call(E.F_NEW_ALGO, "algoOrder.place", {
            "algoType": "CONDITIONAL", "symbol": symbol, "side": side, "type": type, "quantity": quantity,
            "triggerPrice": trigger_price, "price": price, "clientAlgoId": client_algo_id, **extra})
        return result

    async def cancel_algo_order(self, algo_id: int | None = None, client_algo_id: str | None = None
                                ) -> m.AlgoCancel:
        result: m.AlgoCancel = await self._call(E.F_CANCEL_ALGO, "algoOrder.cancel", {
            "algoId": algo_id, "clientAlgoId": client_algo_id})
        return result

    # --- account -------------------------------------------------------------------------------

    async def positions(self, symbol: str | None = None) -> list[fx.PositionRiskV2]:
        """`account.position`: every symbol with leverage and margin type (REST /fapi/v2/positionRisk)."""
        result: list[fx.PositionRiskV2] = await self._call(X.F_POSITION_RISK_V2, "account.position",
                                                           {"symbol": symbol})
        return result

    async def positions_v2(self, symbol: str | None = None) -> list[fm.PositionRisk]:
        """`v2/account.position`: open positions only (REST /fapi/v3/positionRisk)."""
        result: list[fm.PositionRisk] = await self._call(E.F_POSITION_RISK, "v2/account.position",
                                                         {"symbol": symbol})
        return result

    async def balance(self) -> list[m.FuturesBalance]:
        result: list[m.FuturesBalance] = await self._call(X.F_BALANCE_V2, "account.balance")
        return result

    async def balance_v2(self) -> list[m.FuturesBalance]:
        result: list[m.FuturesBalance] = await self._call(E.F_BALANCE, "v2/account.balance")
        return result

    async def account(self) -> m.FuturesAccount:
        result: m.FuturesAccount = await self._call(E.F_ACCOUNT, "account.status")
        return result

    async def account_v2(self) -> fm.AccountV3:
        result: fm.AccountV3 = await self._call(E.F_ACCOUNT_V3, "v2/account.status")
        return result

    # --- user data stream ----------------------------------------------------------------------

    async def user_stream_start(self) -> str:
        """A listen key for the `/fstream` user stream (the live one, extended, when there is one)."""
        result: m.ListenKey = await self._keyed(E.F_LISTEN_KEY, "userDataStream.start")
        return result.listen_key

    async def user_stream_ping(self) -> None:
        """Extend the listen key by 60 minutes."""
        await self._keyed(E.F_LISTEN_KEY_KEEPALIVE, "userDataStream.ping")

    async def user_stream_stop(self) -> None:
        await self._keyed(E.F_LISTEN_KEY_CLOSE, "userDataStream.stop")


__all__ = ["FUTURES_METHODS", "FUTURES_WS_API_URLS", "AsyncFuturesWsApi"]
