"""The USD-M futures WebSocket API on the simulator, at `/ws-fapi/v1` (ws-fapi.binance.com).

The same protocol as the spot WebSocket API (`wsapi.WsApiFront`: `{"id", "method", "params"}` answered
`{"id", "status", "result" | "error", "rateLimits"}`, per-request HMAC/RSA/Ed25519 signatures or an Ed25519
`session.logon`), with the futures method set of binance-usdm-endpoints.json. Every method is served by the
handler of its REST route (`fapi_routes`), so a WebSocket request and its REST twin answer identically. The
futures API has no user data subscription: `userDataStream.start` hands out the listen key of the
`/fstream` user stream, as POST /fapi/v1/listenKey does.
"""

from __future__ import annotations

from aiohttp import web

from tradewire.sim.binance.exchange import BinanceExchange
from tradewire.sim.binance.rest import RestFront
from tradewire.sim.binance.wsapi import Weight, WsApiFront

PATH = "/ws-fapi/v1"
#: the futures REQUEST_WEIGHT budget per minute, shared in spirit with REST (fapi_market.FAPI_LIMITS)
WEIGHT_LIMIT = 2400
SESSION_METHODS = ("session.logon", "session.status", "session.logout")


def _depth_weight(p: dict[str, str]) -> int:
    n = int(p["limit"]) if p.get("limit", "").isdigit() else 500
    return 2 if n <= 50 else 5 if n <= 100 else 10 if n <= 500 else 20


def _by_symbol(one: int, many: int) -> Weight:
    return lambda p: one if "symbol" in p else many


#: method -> (the REST route serving it, weight); the "v2/" methods answer as the REST v3 paths do
METHODS: dict[str, tuple[tuple[str, str], Weight]] = {
    "depth": (("GET", "/fapi/v1/depth"), _depth_weight),
    "ticker.price": (("GET", "/fapi/v2/ticker/price"), _by_symbol(1, 2)),
    "ticker.book": (("GET", "/fapi/v1/ticker/bookTicker"), _by_symbol(2, 5)),
    "order.place": (("POST", "/fapi/v1/order"), 0),
    "order.modify": (("PUT", "/fapi/v1/order"), 1),
    "order.cancel": (("DELETE", "/fapi/v1/order"), 1),
    "order.status": (("GET", "/fapi/v1/order"), 1),
    "algoOrder.place": (("POST", "/fapi/v1/algoOrder"), 0),
    "algoOrder.cancel": (("DELETE", "/fapi/v1/algoOrder"), 1),
    "account.position": (("GET", "/fapi/v2/positionRisk"), 5),
    "v2/account.position": (("GET", "/fapi/v3/positionRisk"), 5),
    "account.balance": (("GET", "/fapi/v2/balance"), 5),
    "v2/account.balance": (("GET", "/fapi/v3/balance"), 5),
    "account.status": (("GET", "/fapi/v2/account"), 5),
    "v2/account.status": (("GET", "/fapi/v3/account"), 5),
    "userDataStream.start": (("POST", "/fapi/v1/listenKey"), 1),
    "userDataStream.ping": (("PUT", "/fapi/v1/listenKey"), 1),
    "userDataStream.stop": (("DELETE", "/fapi/v1/listenKey"), 1),
}


def install(app: web.Application, ex: BinanceExchange, rest: RestFront) -> WsApiFront:
    """Serve the futures WebSocket API on `app` at `/ws-fapi/v1`."""
    front = WsApiFront(ex, rest, None, METHODS, SESSION_METHODS, WEIGHT_LIMIT)
    app.router.add_get(PATH, front.handle)
    return front
