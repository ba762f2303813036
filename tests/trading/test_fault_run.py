"""1,000 orders while the simulator drops connections, stalls and answers 504: nothing placed twice,
nothing lost track of, and every balance equals what the fills imply."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from tradewire import BingX
from tradewire.bingx import orders as O
from tradewire.core.errors import OrderNotPlaced
from tradewire.sim import Simulator
from tradewire.sim.bingx.trading import trading

ORDERS = 1000
PATH = "/openApi/spot/v1/trade/order"
QTY = D("0.0001")  # 6.5 USDT at 65000: above the pair's minNotional of 2 USDT
# The window an order stays acceptable in, short so that each unknown outcome is settled quickly, yet far above a
# stamp-to-check time on a loaded machine (150 ms was not: a plain order could be refused as stale). A stalled
# order is released after twice the window, so the server must refuse it; the client gives up on it before.
WINDOW_MS = 500
STALL_S = 1.0
TIMEOUT_S = 0.5  # a plain answer slower than this is an unknown outcome too, settled by the lookup


def test_thousand_orders_under_faults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(O, "WINDOW_MARGIN_MS", 50)
    rng = random.Random(5)
    with Simulator(rate_limits=False) as sim:
        uid = sim.users[0].uid
        t = trading(sim.state)  # the house's ladder and funds exist from here on
        opening = {a: sim.ledger.balance(uid, "spot", a) for a in ("BTC", "USDT")}
        totals = {a: sim.ledger.total(a) for a in ("BTC", "USDT")}
        placed: dict[str, str] = {}  # client id -> order id
        not_placed: list[str] = []
        injected = {"reset": 0, "delay": 0, "504 executed": 0, "504 lost": 0}
        with BingX(sim.users[0].api_key, sim.users[0].secret_key, base_url=sim.bingx_url, rate_limits=False,
                   timeout=TIMEOUT_S, recv_window=WINDOW_MS) as bx:
            for n in range(ORDERS):
                roll = rng.random()
                if roll < 0.01:
                    sim.faults.add("reset", path=PATH)
                    injected["reset"] += 1
                elif roll < 0.02:
                    sim.faults.add("delay", path=PATH, seconds=STALL_S)
                    injected["delay"] += 1
                elif roll < 0.035:
                    execute = rng.random() < 0.5
                    sim.faults.add("status", path=PATH, status=504, execute=execute)
                    injected["504 executed" if execute else "504 lost"] += 1
                cid = f"run{n}"
                try:
                    order = bx.spot_order("BTC-USDT", "BUY" if n % 2 else "SELL", "MARKET", quantity=QTY,
                                          client_order_id=cid)
                except OrderNotPlaced as e:
                    assert e.client_order_id == cid
                    not_placed.append(cid)
                    continue
                assert order.client_order_id == cid and order.status == "FILLED"
                placed[cid] = order.order_id
        assert all(injected.values()), injected
        mine = [o for o in t.spot.orders.values() if o.uid == uid]
        assert len(placed) + len(not_placed) == ORDERS
        assert sorted(o.client_id for o in mine) == sorted(placed)  # each placed once, none untracked
        assert sorted(t.spot_id(o) for o in mine) == sorted(placed.values())
        btc, usdt = opening["BTC"], opening["USDT"]
        for order, fill, _ in t.spot.user_trades[uid]:
            if order.side == "BUY":
                btc, usdt = btc + fill.qty - fill.commission, usdt - fill.price * fill.qty
            else:
                btc, usdt = btc - fill.qty, usdt + fill.price * fill.qty - fill.commission
        assert (sim.ledger.balance(uid, "spot", "BTC"), sim.ledger.balance(uid, "spot", "USDT")) == (btc, usdt)
        assert {a: sim.ledger.total(a) for a in ("BTC", "USDT")} == totals  # fees moved, nothing created
