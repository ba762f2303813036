"""Coin-M positions, resting orders and balances survive `tradewire sim`'s snapshot and restore."""

from __future__ import annotations

from pathlib import Path

from tradewire import BingX
from tradewire.sim import Simulator


def _bingx(sim: Simulator) -> BingX:
    user = sim.users[0]
    return BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False)


def test_coin_m_state_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0
        with _bingx(sim) as bx:
            bx.cswap_place_order("ETH-USD", "BUY", "MARKET", 40, position_side="LONG")
            ask = bx.cswap_depth("ETH-USD", 5).asks[0][0]
            resting = bx.cswap_place_order("ETH-USD", "SELL", "LIMIT", 4, price=ask + 300, position_side="SHORT")
            positions, balance = bx.cswap_positions(), bx.cswap_balance()
        sim.snapshot(path)
    with Simulator.restore(path) as again, _bingx(again) as bx:
        again.clock.speed = 0
        assert bx.cswap_positions() == positions and bx.cswap_balance() == balance
        assert bx.cswap_order("ETH-USD", resting.order_id).status == "Pending"
        bx.cswap_cancel_order("ETH-USD", order_id=resting.order_id)
        bx.cswap_close_all_positions()
        assert bx.cswap_positions() == []
