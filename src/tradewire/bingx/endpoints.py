"""The BingX catalogue: every endpoint of the seeds, one declaration each.

Rate limits: per-UID numbers from the seeds (they win over the skills where both speak), per-IP
numbers from the skills' api-reference, and the market IP group of seed 003 (100 / 10 s and
500 / min for the whole group).
"""

from __future__ import annotations

from typing import Any

from tradewire.bingx import models as m
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.validate import (
    any_of,
    any_value,
    integer,
    millis,
    one_of,
    positive,
    symbol,
    text,
    together,
)

IP_GROUPS: dict[str, tuple[tuple[int, float], ...]] = {  # float ok: seconds
    "market": ((100, 10.0), (500, 60.0)),
    "account": ((1000, 10.0),),
}

INTERVALS = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
INCOME_TYPES = ("TRANSFER", "REALIZED_PNL", "FUNDING_FEE", "TRADING_FEE", "INSURANCE_CLEAR",
                "TRIAL_FUND", "ADL", "SYSTEM_DEDUCTION", "GTD_PRICE")
EXPORT_INCOME_TYPES = ("REALIZED_PNL", "FUNDING_FEE", "TRADING_FEE", "INSURANCE_CLEAR", "TRIAL_FUND",
                       "ADL", "SYSTEM_DEDUCTION")
TRANSFER_TYPES = ("FUND_SFUTURES", "SFUTURES_FUND", "FUND_PFUTURES", "PFUTURES_FUND",
                  "SFUTURES_PFUTURES", "PFUTURES_SFUTURES")
ACCOUNTS = ("fund", "spot", "stdFutures", "coinMPerp", "USDTMPerp")
ACCOUNT_TYPES = ("sopt", "stdFutures", "coinMPerp", "USDTMPerp", "copyTrading", "grid", "eran", "c2c")
WALLET_TYPES = (1, 2, 3, 15)
DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)

SYMBOL = Param("symbol", symbol)
SYMBOL_REQ = Param("symbol", symbol, required=True)
START = Param("startTime", millis)
END = Param("endTime", millis)
MARKET = ("group:market", "ip:10/1")


def market(name: str, path: str, result: Any, *params: Param, limits: tuple[str, ...] = MARKET,
           checks: tuple[Any, ...] = ()) -> Endpoint:
    """A public swap market-data endpoint."""
    return Endpoint(name, "GET", path, "none", params, checks, result, limits=limits)


def signed(name: str, method: str, path: str, result: Any, *params: Param, limits: tuple[str, ...],
           checks: tuple[Any, ...] = (), shape: Any = "envelope", write: bool = False) -> Endpoint:
    """A signed endpoint."""
    return Endpoint(name, method, path, "signed", params, checks, result, shape,
                    limits=(*limits, "group:account"), write=write)


# --- swap market data (seed 003) ---------------------------------------------------------------
SERVER_TIME = market("swap.market.serverTime", "/openApi/swap/v2/server/time", m.ServerTime)
CONTRACTS = market("swap.market.contracts", "/openApi/swap/v2/quote/contracts", list[m.Contract], SYMBOL)
DEPTH = market("swap.market.depth", "/openApi/swap/v2/quote/depth", m.Depth,
               SYMBOL_REQ, Param("limit", one_of(*DEPTH_LIMITS)))
TRADES = market("swap.market.trades", "/openApi/swap/v2/quote/trades", list[m.Trade],
                SYMBOL_REQ, Param("limit", integer(1, 1000)))
PREMIUM_INDEX = market("swap.market.premiumIndex", "/openApi/swap/v2/quote/premiumIndex",
                       m.PremiumIndex | list[m.PremiumIndex], SYMBOL)
FUNDING_RATE = market("swap.market.fundingRate", "/openApi/swap/v2/quote/fundingRate", list[m.FundingRate],
                      SYMBOL, START, END, Param("limit", integer(1, 1000)))
KLINES = market("swap.market.klines", "/openApi/swap/v3/quote/klines", list[m.RawKline],
                SYMBOL_REQ, Param("interval", one_of(*INTERVALS), required=True), START, END,
                Param("limit", integer(1, 1440)), limits=(*MARKET, "uid:5/1"))
OPEN_INTEREST = market("swap.market.openInterest", "/openApi/swap/v2/quote/openInterest", m.OpenInterest,
                       SYMBOL_REQ)
TICKER = market("swap.market.ticker", "/openApi/swap/v2/quote/ticker", m.Ticker | list[m.Ticker], SYMBOL)
HISTORICAL_TRADES = market("swap.market.historicalTrades", "/openApi/swap/v1/market/historicalTrades",
                           list[m.HistoricalTrade], SYMBOL_REQ, Param("fromId", integer(0)),
                           Param("limit", integer(1, 100)))
BOOK_TICKER = market("swap.market.bookTicker", "/openApi/swap/v2/quote/bookTicker", m.BookTickerAnswer,
                     SYMBOL_REQ)
MARK_PRICE_KLINES = market("swap.market.markPriceKlines", "/openApi/swap/v1/market/markPriceKlines",
                           list[m.RawKline], SYMBOL_REQ, Param("interval", one_of(*INTERVALS), required=True),
                           START, END, Param("limit", integer(1, 1440)))
TICKER_PRICE = market("swap.market.tickerPrice", "/openApi/swap/v1/ticker/price",
                      m.TickerPrice | list[m.TickerPrice], SYMBOL)
TRADING_RULES = signed("swap.market.tradingRules", "GET", "/openApi/swap/v1/tradingRules", m.TradingRules,
                       SYMBOL_REQ, limits=("uid:5/1",))

# --- swap account (seeds 001/002/003) ----------------------------------------------------------
SWAP_BALANCE = signed("swap.account.balance", "GET", "/openApi/swap/v3/user/balance", list[m.SwapBalance],
                      limits=("uid:5/1", "ip:3/1"))
POSITIONS = signed("swap.account.positions", "GET", "/openApi/swap/v2/user/positions", list[m.Position],
                   SYMBOL, limits=("uid:5/1", "ip:3/1"))
COMMISSION = signed("swap.account.commissionRate", "GET", "/openApi/swap/v2/user/commissionRate",
                    m.CommissionData, limits=("uid:5/1", "ip:2/1"))
INCOME = signed("swap.account.income", "GET", "/openApi/swap/v2/user/income", list[m.Income],
                SYMBOL, Param("incomeType", one_of(*INCOME_TYPES)), START, END, Param("limit", integer(1, 1000)),
                limits=("uid:5/1", "ip:2/1"))
INCOME_EXPORT = signed("swap.account.income.export", "GET", "/openApi/swap/v2/user/income/export", bytes,
                       SYMBOL, Param("incomeType", one_of(*EXPORT_INCOME_TYPES)), START, END,
                       Param("limit", integer(1, 1000)), limits=("uid:5/1", "ip:2/1"),
                       shape="bytes")

# --- spot account and wallet (seed 000) --------------------------------------------------------
SPOT_BALANCE = signed("spot.account.balance", "GET", "/openApi/spot/v1/account/balance", m.Balances,
                      limits=("uid:5/1", "ip:3/1"))
FUND_BALANCE = signed("spot.fund.balance", "GET", "/openApi/fund/v1/account/balance", m.FundBalances,
                      Param("asset", text(r"[A-Z0-9]+", max_len=20, rule="must be an upper-case coin name")),
                      limits=("uid:2/1", "ip:2/1"))
ALL_ACCOUNT_BALANCE = signed("account.allAccountBalance", "GET", "/openApi/account/v1/allAccountBalance",
                             list[m.AccountBalance], Param("accountType", one_of(*ACCOUNT_TYPES)),
                             limits=("uid:5/1", "ip:2/1"))
ASSET = text(r"[A-Z0-9]+", max_len=20, rule="must be an upper-case coin name")
# The seeds (000) send `type=FUND_PFUTURES`; the official reference (fund-account and spot-account
# api-reference) takes only `fromAccount` + `toAccount`, both required, and live clients (ccxt) send
# those. The official reference wins: `type` is no wire parameter here, the client maps a TransferType
# to its pair (TRANSFER_DIRECTIONS).
TRANSFER = signed("asset.transfer", "POST", "/openApi/api/asset/v1/transfer", m.TransferResult,
                  Param("asset", ASSET, required=True), Param("amount", positive, required=True),
                  Param("fromAccount", one_of(*ACCOUNTS), required=True),
                  Param("toAccount", one_of(*ACCOUNTS), required=True),
                  limits=("uid:2/1", "ip:2/1"), write=True)
TRANSFER_HISTORY = signed("asset.transfer.history", "GET", "/openApi/api/v3/asset/transfer", m.TransferHistory,
                          Param("type", one_of(*TRANSFER_TYPES)), Param("tranId", integer(0)), START, END,
                          Param("current", integer(1)), Param("size", integer(1, 100)),
                          checks=(any_of("type", "tranId"),), shape="unwrapped",
                          limits=("uid:10/1", "ip:2/1"))
TRANSFER_RECORDS = signed("asset.transfer.records", "GET", "/openApi/api/v3/asset/transferRecord",
                          m.TransferRecords, Param("fromAccount", one_of(*ACCOUNTS)),
                          Param("toAccount", one_of(*ACCOUNTS)), Param("transferId", any_value),
                          Param("pageIndex", integer(1)), Param("pageSize", integer(1, 100)), START, END,
                          checks=(together("fromAccount", "toAccount", unless="transferId"),
                                  any_of("fromAccount", "transferId"),),
                          shape="unwrapped", limits=("uid:2/1", "ip:2/1"))
SUPPORT_COINS = signed("asset.transfer.supportCoins", "GET", "/openApi/api/asset/v1/transfer/supportCoins",
                       list[m.SupportCoin], Param("fromAccount", one_of(*ACCOUNTS), required=True),
                       Param("toAccount", one_of(*ACCOUNTS), required=True), limits=("uid:2/1", "ip:2/1"))
INNER_TRANSFER = signed("wallets.innerTransfer.apply", "POST", "/openApi/wallets/v1/capital/innerTransfer/apply",
                        m.InnerTransferResult, Param("coin", ASSET, required=True),
                        Param("amount", positive, required=True),
                        Param("transferClientId", text(r"[A-Za-z0-9]+", max_len=99,
                                                       rule="letters and digits only, under 100 characters")),
                        Param("userAccountType", one_of(1, 2, 3), required=True),
                        Param("userAccount", text(max_len=100), required=True),
                        Param("callingCode", text(r"[0-9]+", max_len=6, rule="digits only")),
                        Param("walletType", one_of(*WALLET_TYPES), required=True),
                        checks=(), limits=("uid:2/1", "ip:2/1"), write=True)
INNER_TRANSFER_RECORDS = signed("wallets.innerTransfer.records", "GET",
                                "/openApi/wallets/v1/capital/innerTransfer/records", m.InnerTransfers,
                                Param("coin", ASSET, required=True), Param("id", any_value),
                                Param("transferClientId", any_value), START, END, Param("offset", integer(0)),
                                Param("limit", integer(1, 1000)), limits=("uid:10/1", "ip:2/1"))
UID = signed("account.uid", "GET", "/openApi/account/v1/uid", m.Uid, limits=("uid:5/1",))

# --- listen key (seed 003) ---------------------------------------------------------------------
LISTEN_KEY_PATH = "/openApi/user/auth/userDataStream"
LISTEN_KEY = Param("listenKey", text(r"[A-Za-z0-9]+", max_len=128, rule="letters and digits only"),
                   required=True)
LISTEN_KEY_LIMITS = ("uid:2/1", "ip:2/1")
LISTEN_KEY_CREATE = Endpoint("user.listenKey.create", "POST", LISTEN_KEY_PATH, "apikey", (), (), m.ListenKey,
                             "unwrapped", LISTEN_KEY_LIMITS)
LISTEN_KEY_EXTEND = Endpoint("user.listenKey.extend", "PUT", LISTEN_KEY_PATH, "apikey", (LISTEN_KEY,), (), None,
                             "status", LISTEN_KEY_LIMITS)
LISTEN_KEY_DELETE = Endpoint("user.listenKey.delete", "DELETE", LISTEN_KEY_PATH, "apikey", (LISTEN_KEY,), (),
                             None, "status", LISTEN_KEY_LIMITS)

#: every TransferType (seed 000) as the (fromAccount, toAccount) pair the transfer endpoint takes;
#: used by `BingX.transfer(type=...)`, the transfer prompt, the CLI and the MCP server. FUND is the fund
#: account (seed 000 labels it "Funding Account", its flow text "Spot"), PFUTURES the USDT-M perpetual
#: account, SFUTURES the standard-contract account.
TRANSFER_DIRECTIONS: dict[str, tuple[str, str]] = {
    "FUND_SFUTURES": ("fund", "stdFutures"),
    "SFUTURES_FUND": ("stdFutures", "fund"),
    "FUND_PFUTURES": ("fund", "USDTMPerp"),
    "PFUTURES_FUND": ("USDTMPerp", "fund"),
    "SFUTURES_PFUTURES": ("stdFutures", "USDTMPerp"),
    "PFUTURES_SFUTURES": ("USDTMPerp", "stdFutures"),
}


def transfer_route(direction: str | None, from_account: str | None, to_account: str | None) -> tuple[str, str]:
    """The (fromAccount, toAccount) pair of a transfer given by TransferType or by accounts; a direction
    and accounts that disagree, or neither, raise `ValidationError` (nothing is sent)."""
    from tradewire.core.errors import ValidationError

    if direction is not None:
        route = TRANSFER_DIRECTIONS.get(direction)
        if route is None:
            raise ValidationError("type", f"must be one of {', '.join(TRANSFER_DIRECTIONS)}", direction)
        if (from_account or route[0], to_account or route[1]) != route:
            raise ValidationError("type", f"{direction} moves {route[0]} -> {route[1]}, which contradicts "
                                          f"fromAccount/toAccount", f"{from_account} -> {to_account}")
        return route
    if from_account is None or to_account is None:
        raise ValidationError("fromAccount", "fromAccount and toAccount (or a direction `type`) are required",
                              from_account)
    return from_account, to_account
