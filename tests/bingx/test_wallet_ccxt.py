"""ccxt's bingx reads currencies, deposits, withdrawals and addresses from the simulator, and its default
`load_markets` (spot, linear and inverse swaps, currencies from capital/config/getall) works against it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tradewire.sim import Simulator
from tradewire.sim.bingx.capital import address_of
from tradewire.sim.bingx.endpoints import ENDPOINTS

ccxt = pytest.importorskip("ccxt")
HAS_COIN_M = any(e.path == "/openApi/cswap/v1/market/contracts" for e in ENDPOINTS)


def live_shaped(sim: Simulator) -> Any:
    """ccxt as it talks to the live exchange (no sandbox: sandbox mode skips currencies), pointed at the sim."""
    user = sim.users[0]
    ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})
    ex.urls["api"] = {k: sim.bingx_url + "/openApi" for k in ex.urls["api"]}
    if not HAS_COIN_M:  # until the cswap family is served, its contract list is answered empty here
        ex.fetch_inverse_swap_markets = lambda params: []
    return ex


def test_ccxt_fetch_currencies_reads_coin_configs(sim: Simulator) -> None:
    currencies = live_shaped(sim).fetch_currencies()
    assert set(currencies) == {"USDT", "USDC", "BTC", "ETH", "SOL", "DOGE"}
    trc = currencies["USDT"]["networks"]["TRC20"]
    assert (Decimal(str(trc["fee"])), Decimal(str(trc["limits"]["withdraw"]["min"]))) == (Decimal(1), Decimal(2))
    assert trc["deposit"] is True and trc["withdraw"] is True and trc["precision"] == 1e-06
    assert Decimal(str(currencies["BTC"]["networks"]["BTC"]["fee"])) == Decimal("0.00004")


@pytest.mark.skipif(not HAS_COIN_M, reason="coin-M contracts (cswap family) are not served by this build yet")
def test_ccxt_default_load_markets(sim: Simulator) -> None:
    ex = live_shaped(sim)
    ex.load_markets()
    assert {"BTC/USDT", "BTC/USDT:USDT"} <= set(ex.markets)
    assert ex.currencies["USDT"]["networks"]["ERC20"]["fee"] == 3.2


def test_ccxt_load_markets_fetches_currencies(sim: Simulator) -> None:
    ex = live_shaped(sim)
    ex.load_markets()
    assert {"BTC/USDT", "BTC/USDT:USDT"} <= set(ex.markets)
    assert ex.currencies["DOGE"]["networks"]["DOGE"]["fee"] == 4.0
    assert any(r.path == "/openApi/wallets/v1/capital/config/getall" for r in sim.requests)


def test_ccxt_deposits_withdrawals_and_address(sim: Simulator) -> None:
    ex = live_shaped(sim)
    uid = sim.users[0].uid
    deposits = ex.fetch_deposits("BTC")
    assert [(d["type"], d["status"], d["amount"], d["network"]) for d in deposits] == [
        ("deposit", "ok", 0.51234567, "BTC")]
    to = address_of(sim.seed, "elsewhere", "TRC20")
    spot = sim.ledger.balance(uid, "spot", "USDT")
    sent = ex.withdraw("USDT", 7, to, params={"network": "TRC20"})  # ccxt pays from spot (walletType 15)
    assert sim.ledger.balance(uid, "spot", "USDT") == spot - 7
    rows = ex.fetch_withdrawals("USDT")
    assert [(w["id"], w["status"], w["amount"], w["address"]) for w in rows][:1] == [(sent["id"], "pending", 7.0, to)]
    address = ex.fetch_deposit_address("USDT", {"network": "TRC20"})
    assert address["address"] == address_of(sim.seed, uid, "TRC20")
