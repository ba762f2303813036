"""The spot tapes and an armed kill switch survive `tradewire sim`'s snapshot and restore."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from tradewire import BingX
from tradewire.sim import Simulator


def _bingx(sim: Simulator) -> BingX:
    user = sim.users[0]
    return BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False)


def test_spot_market_and_kill_switch_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0
        with _bingx(sim) as bx:
            trades, candles = bx.spot_trades("BTC-USDT", 20), bx.spot_klines("ETH-USDT", "1h", limit=5)
            bid = bx.spot_depth("BTC-USDT", 1).bids[0][0]
            order = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=bid - 100,
                                  time_in_force="GTC")
            bx.spot_cancel_all_after(60)
        sim.snapshot(path)
    with Simulator.restore(path) as again, _bingx(again) as bx:
        assert bx.spot_trades("BTC-USDT", 20) == trades
        assert bx.spot_klines("ETH-USDT", "1h", limit=5) == candles
        assert bx.spot_order_info("BTC-USDT", order_id=order.order_id).status == "NEW"
        again.clock.advance(60_000)
        bx.spot_commission("BTC-USDT")  # a spot request after the countdown: the restored switch fires
        assert bx.spot_order_info("BTC-USDT", order_id=order.order_id).status == "CANCELED"
