"""Every served `/fapi/*` and `/futures/data/*` path: the order and algo handlers of `fapi`, market data,
account and settings, order queries and bulk calls, analytics (`fapi_data`) and account extras (`fapi_more`).
Each handler first runs the countdown-cancel timers that ran out, and an
order placed in hedge mode with reduceOnly is refused as Binance refuses it (`fapi._side` checks positionSide).
"""

from __future__ import annotations

from typing import Any

from tradewire.sim.binance import fapi, fapi_account, fapi_data, fapi_market, fapi_more, fapi_orders
from tradewire.sim.binance.wire import ApiError, Call, Handler

PLACING = {("POST", "/fapi/v1/order"), ("POST", "/fapi/v1/algoOrder")}


def _guarded(handler: Handler, placing: bool) -> Handler:
    def run(c: Call) -> Any:
        c.ex.fstate.run_countdowns(c.ex.clock.now_ms())
        hedge = placing and c.user is not None and c.ex.fstate.dual.get(c.uid, False)
        if hedge and c.get("reduceOnly") is not None:  # Binance New Order: "cannot be sent in Hedge Mode"
            raise ApiError(-1106, "Parameter 'reduceOnly' sent when not required.")
        return handler(c)

    return run


def _routes() -> dict[tuple[str, str], tuple[Any, ...]]:
    merged = {**fapi.ROUTES, **fapi_market.ROUTES, **fapi_account.ROUTES, **fapi_orders.ROUTES, **fapi_data.ROUTES,
              **fapi_more.ROUTES}
    return {key: (spec[0], spec[1], _guarded(spec[2], key in PLACING), *spec[3:]) for key, spec in merged.items()}


ROUTES = _routes()
