"""`GET /sapi/v1/capital/config/getall` (All Coins' Information) and the COIN-M market list.

ccxt's binance `load_markets` reads both by default: the coins for its currencies (networks, fees,
limits), and `/dapi/v1/exchangeInfo` beside the spot and USD-M lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance.exchange import f8
from tradewire.sim.binance.wallet import COINS
from tradewire.sim.binance.wire import Call
from tradewire.sim.engine import FREE, LOCKED

#: coin -> (name, network name, address regex); the networks are the wallet's (`wallet.COINS`)
NAMES = {"BTC": ("Bitcoin", "Bitcoin", "^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,62}$"),
         "ETH": ("Ethereum", "Ethereum (ERC20)", "^(0x)[0-9A-Fa-f]{40}$"),
         "USDT": ("TetherUS", "Tron (TRC20)", "^T[1-9A-HJ-NP-Za-km-z]{33}$"),
         "BNB": ("BNB", "BNB Smart Chain (BEP20)", "^(0x)[0-9A-Fa-f]{40}$")}
WITHDRAW_MAX = Decimal("9999999999.99999999")
ZERO = f8(Decimal(0))


def _network(coin: str) -> dict[str, Any]:
    spec, (_, name, regex) = COINS[coin], NAMES[coin]
    return {"network": spec.network, "coin": coin, "withdrawIntegerMultiple": f8(Decimal("0.00000001")),
            "isDefault": True, "depositEnable": True, "withdrawEnable": True, "depositDesc": "", "withdrawDesc": "",
            "specialTips": "", "specialWithdrawTips": "", "name": name, "resetAddressStatus": False,
            "addressRegex": regex, "addressRule": "", "memoRegex": "", "withdrawFee": f8(spec.fee),
            "withdrawMin": f8(spec.minimum), "withdrawMax": f8(WITHDRAW_MAX), "withdrawInternalMin": f8(spec.minimum),
            "depositDust": f8(Decimal("0.00000001")), "minConfirm": 1, "unLockConfirm": 0, "sameAddress": False,
            "estimatedArrivalTime": 1, "busy": False, "contractAddressUrl": "", "contractAddress": ""}


def coins(c: Call) -> Any:
    """Every coin the wallet knows, with the caller's spot balances and its one network."""
    ledger = c.ex.ledger
    return [{"coin": coin, "depositAllEnable": True, "withdrawAllEnable": True, "name": NAMES[coin][0],
             "free": f8(ledger.balance(c.uid, FREE, coin)), "locked": f8(ledger.balance(c.uid, LOCKED, coin)),
             "freeze": ZERO, "withdrawing": ZERO, "ipoing": ZERO, "ipoable": ZERO, "storage": ZERO,
             "isLegalMoney": False, "trading": True, "networkList": [_network(coin)]} for coin in sorted(COINS)]


def coinm_exchange_info(c: Call) -> Any:
    """COIN-M futures are not simulated: the list has the real shape and no contract."""
    return {"timezone": "UTC", "serverTime": c.ex.clock.now_ms(), "rateLimits": [], "exchangeFilters": [],
            "symbols": []}


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/sapi/v1/capital/config/getall"): ("SIGNED", 10, coins),
    ("GET", "/dapi/v1/exchangeInfo"): ("NONE", 1, coinm_exchange_info),
}
