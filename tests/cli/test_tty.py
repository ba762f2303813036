"""Behaviour that needs a real terminal, driven with pexpect: CONFIRM on live, guided transfer."""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

import pexpect

from tradewire.sim import Simulator

TRADEWIRE = str(Path(sys.executable).with_name("tradewire"))


def _spawn(sim: Simulator, tmp: Path, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env.update(BINGX_API_KEY=sim.users[0].api_key, BINGX_SECRET_KEY=sim.users[0].secret_key,
               TRADEWIRE_CONFIG=str(tmp / "absent.toml"), COLUMNS="120")
    return pexpect.spawn(TRADEWIRE, ["--base-url", sim.bingx_url, *args], env=env, encoding="utf-8", timeout=60)


def _fund(sim: Simulator) -> Decimal:
    return sim.ledger.balance(sim.users[0].uid, "fund", "USDT")


def test_live_transfer_requires_typing_confirm(fresh_sim: Simulator, tmp_path: Path) -> None:
    before = _fund(fresh_sim)
    args = ("--env", "live", "transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "12.34")
    child = _spawn(fresh_sim, tmp_path, *args)
    child.expect("LIVE environment")
    child.expect(r"Transfer 12\.34 USDT")
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("yes")  # anything but CONFIRM aborts
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5 and _fund(fresh_sim) == before

    child = _spawn(fresh_sim, tmp_path, *args)
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("CONFIRM")
    child.expect("Transfer submitted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and _fund(fresh_sim) == before - Decimal("12.34")


def test_guided_transfer_asks_for_what_is_missing(fresh_sim: Simulator, tmp_path: Path) -> None:
    before = _fund(fresh_sim)
    child = _spawn(fresh_sim, tmp_path, "--env", "sim", "transfer")
    child.expect("Transfer direction:")
    child.expect(r"3\. Fund \(spot\) → Perpetual Futures \(FUND_PFUTURES\)")
    child.expect("Choose 1-6: ")
    child.sendline("3")
    child.expect(r"Asset \(e\.g\. USDT\): ")
    child.sendline("usdt")
    child.expect("Amount of USDT: ")
    child.sendline("4.5")
    child.expect("Transfer submitted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and _fund(fresh_sim) == before - Decimal("4.5")
    assert "CONFIRM" not in (child.before or "")


def test_live_order_requires_typing_confirm(fresh_sim: Simulator, tmp_path: Path) -> None:
    args = ("--env", "live", "order", "place", "BTC-USDT", "-m", "swap", "-s", "buy", "-t", "limit", "-q", "0.001",
            "-p", "60000", "--position-side", "LONG")
    child = _spawn(fresh_sim, tmp_path, *args)
    child.expect("LIVE environment")
    child.expect(r"BUY 0\.001 BTC/USDT \(BTC-USDT\) LIMIT at 60000 GTC")
    child.expect("market swap, position side LONG")
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("confirm")  # anything but CONFIRM aborts
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5
    child = _spawn(fresh_sim, tmp_path, *args)
    child.expect("Type CONFIRM to proceed: ")
    child.sendline("CONFIRM")
    child.expect("Order placed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    child = _spawn(fresh_sim, tmp_path, "--env", "live", "--json", "order", "list", "-m", "swap")
    child.expect(pexpect.EOF)
    child.close()
    assert '"amount": "0.001"' in (child.before or "")
