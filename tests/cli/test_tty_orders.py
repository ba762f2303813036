"""The far-price guard on a real terminal (pexpect): typed y places, anything else aborts, on sim too."""

from __future__ import annotations

from pathlib import Path

import pexpect

from tests.cli.test_tty import _spawn
from tradewire.sim import Simulator

FAR = ("--env", "sim", "order", "place", "BTC", "-s", "buy", "-t", "limit", "-q", "0.01", "-p", "70000",
       "-m", "swap", "--position-side", "long")


def _swap_orders(sim: Simulator) -> int:
    return sum(r.path == "/openApi/swap/v2/trade/order" and r.method == "POST" for r in sim.requests)


def test_far_limit_price_asks_for_y(fresh_sim: Simulator, tmp_path: Path) -> None:
    child = _spawn(fresh_sim, tmp_path, *FAR)
    child.expect(r"BUY limit 70000 is 7\.69% through the last price 65000\.0")
    child.expect("Place it anyway\\? Type y to proceed: ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5 and _swap_orders(fresh_sim) == 0

    child = _spawn(fresh_sim, tmp_path, *FAR)
    child.expect("Type y to proceed: ")
    child.sendline("y")
    child.expect("Order placed")
    child.expect("FILLED")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and _swap_orders(fresh_sim) == 1


def test_far_stop_limit_price_asks_too(fresh_sim: Simulator, tmp_path: Path) -> None:
    child = _spawn(fresh_sim, tmp_path, "--env", "sim", "order", "place", "BTC", "-s", "sell", "-t",
                   "stop-loss-limit", "--stop-price", "64000", "-p", "50000", "-q", "0.01", "-m", "swap",
                   "--position-side", "long")
    child.expect(r"SELL limit 50000 is 23\.08% through")
    child.expect("Type y to proceed: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5 and _swap_orders(fresh_sim) == 0
