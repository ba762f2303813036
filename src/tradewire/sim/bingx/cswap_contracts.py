"""The listed coin-M (inverse) perpetual contracts and their market: tapes, candles, statistics.

A contract is worth `FACE` USD (cswap-market api-reference: `minTickSize` "Minimum contract value (in USD)",
"10" for BTC-USD; cswap-trade SKILL.md: "1 contract = $10 notional value"); quantities are whole contracts,
so the shared `Contract` has quantity precision 0. The market is a `Market` of its own over these
contracts (its trades are not published on the swap event hub).
"""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.state import SimState
from tradewire.sim.events import EventHub
from tradewire.sim.market import Market

D = Decimal
FACE = D(10)
ONLINE_MS = 1713175200000  # listing time shown by the contracts endpoint (the reference's example)


def _contract(symbol: str, cid: str, coin: str, places: int, lev: int, price: str, mult: int, oi: int) -> Contract:
    return Contract(symbol, cid, coin, places, 0, D(1), FACE, lev, D(price), mult, D(oi), currency="USD")


CSWAP_CONTRACTS: dict[str, Contract] = {c.symbol: c for c in (
    _contract("BTC-USD", "200", "BTC", 1, 100, "65000.0", 4, 52000),
    _contract("ETH-USD", "201", "ETH", 2, 75, "3200.00", 4, 41000),
    _contract("SOL-USD", "202", "SOL", 3, 50, "150.000", 2, 23000),
)}
COINS = tuple(c.asset for c in CSWAP_CONTRACTS.values())


def cswap_market(state: SimState) -> Market:
    """The coin-M tapes of `state`, built on first use."""
    found = getattr(state, "_bingx_cswap_market", None)
    if found is None:
        found = Market(state.seed, state.market.start_ms, EventHub())
        found.contracts = CSWAP_CONTRACTS
        state._bingx_cswap_market = found  # type: ignore[attr-defined]
    assert isinstance(found, Market)
    return found
