"""The BingX REST catalogue served by the simulator: one declaration per endpoint.

UID limits are the per-endpoint numbers of bingx-endpoints.json (seed values where sources differ);
IP groups follow seed 003: market 100 / 10 s and 500 / min, account 1000 / 10 s.
"""

from __future__ import annotations

from tradewire.sim.bingx import (
    agent_api,
    capital_api,
    cswap_market_api,
    cswap_trade_api,
    spot_market_api,
    spot_orders_api,
    subaccount_api,
    swap_extra_endpoints,
    trade_endpoints,
)
from tradewire.sim.bingx import listen_key_api as lk
from tradewire.sim.bingx import market_api as mk
from tradewire.sim.bingx import swap_account_api as sa
from tradewire.sim.bingx import wallet_api as wa
from tradewire.sim.bingx.calls import Endpoint, Handler
from tradewire.sim.bingx.ratelimit import Limit

SECOND = 1000

GROUP_LIMITS: dict[str, tuple[Limit, ...]] = {
    "market": (Limit(100, 10 * SECOND), Limit(500, 60 * SECOND)),
    "account": (Limit(1000, 10 * SECOND),),
}


def _per_second(n: int) -> Limit:
    return Limit(n, SECOND)


def _market(path: str, handler: Handler) -> Endpoint:
    return Endpoint("GET", path, "none", True, None, "market", handler)


def _signed(method: str, path: str, per_second: int, handler: Handler, *, swap: bool) -> Endpoint:
    return Endpoint(method, path, "signed", swap, _per_second(per_second), "account", handler)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/openApi/swap/v2/server/time", "none", True, None, None, mk.server_time),
    _market("/openApi/swap/v2/quote/contracts", mk.contracts),
    _market("/openApi/swap/v2/quote/depth", mk.depth),
    _market("/openApi/swap/v2/quote/trades", mk.trades),
    _market("/openApi/swap/v2/quote/premiumIndex", mk.premium_index),
    _market("/openApi/swap/v2/quote/fundingRate", mk.funding_rate),
    _market("/openApi/swap/v3/quote/klines", mk.klines),
    _market("/openApi/swap/v2/quote/openInterest", mk.open_interest),
    _market("/openApi/swap/v2/quote/ticker", mk.ticker),
    _market("/openApi/swap/v1/market/historicalTrades", mk.historical_trades),
    _market("/openApi/swap/v2/quote/bookTicker", mk.book_ticker),
    _market("/openApi/swap/v1/market/markPriceKlines", mk.mark_price_klines),
    _market("/openApi/swap/v1/ticker/price", mk.ticker_price),
    _signed("GET", "/openApi/swap/v1/tradingRules", 5, mk.trading_rules, swap=True),
    _signed("GET", "/openApi/swap/v3/user/balance", 5, sa.balance, swap=True),
    _signed("GET", "/openApi/swap/v2/user/positions", 5, sa.positions, swap=True),
    _signed("GET", "/openApi/swap/v2/user/commissionRate", 5, sa.commission_rate, swap=True),
    _signed("GET", "/openApi/swap/v2/user/income", 5, sa.income, swap=True),
    _signed("GET", "/openApi/swap/v2/user/income/export", 5, sa.income_export, swap=True),
    _signed("GET", "/openApi/spot/v1/account/balance", 5, wa.spot_balance, swap=False),
    _signed("GET", "/openApi/fund/v1/account/balance", 2, wa.fund_balance, swap=False),
    _signed("GET", "/openApi/account/v1/allAccountBalance", 5, wa.all_account_balance, swap=False),
    _signed("POST", "/openApi/api/asset/v1/transfer", 2, wa.asset_transfer, swap=False),
    _signed("GET", "/openApi/api/v3/asset/transfer", 10, wa.transfer_history, swap=False),
    _signed("GET", "/openApi/api/v3/asset/transferRecord", 2, wa.transfer_records, swap=False),
    _signed("GET", "/openApi/api/asset/v1/transfer/supportCoins", 2, wa.support_coins, swap=False),
    _signed("POST", "/openApi/wallets/v1/capital/innerTransfer/apply", 2, wa.inner_transfer_apply, swap=False),
    _signed("GET", "/openApi/wallets/v1/capital/innerTransfer/records", 10, wa.inner_transfer_records, swap=False),
    _signed("GET", "/openApi/account/v1/uid", 10, wa.account_uid, swap=False),
    Endpoint("POST", "/openApi/user/auth/userDataStream", "apikey", False, _per_second(2), "account", lk.create),
    Endpoint("PUT", "/openApi/user/auth/userDataStream", "apikey", False, _per_second(2), "account", lk.extend),
    Endpoint("DELETE", "/openApi/user/auth/userDataStream", "apikey", False, _per_second(2), "account", lk.delete),
    *trade_endpoints.ENDPOINTS,
    *spot_market_api.ENDPOINTS,
    *spot_orders_api.ENDPOINTS,
    *swap_extra_endpoints.ENDPOINTS,
    *capital_api.ENDPOINTS,
    *subaccount_api.ENDPOINTS,
    *agent_api.ENDPOINTS,
    *cswap_market_api.ENDPOINTS,
    *cswap_trade_api.ENDPOINTS,
)
