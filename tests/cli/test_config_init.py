"""`tradewire config init` in a real terminal (pexpect): asks, checks the keys read-only, writes mode 600."""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from pathlib import Path

import pexpect

from tradewire.sim import Simulator

TRADEWIRE = str(Path(sys.executable).with_name("tradewire"))


def _spawn(sim: Simulator, config: Path, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env.update(TRADEWIRE_CONFIG=str(config), TRADEWIRE_BASE_URL=sim.bingx_url, COLUMNS="120")
    return pexpect.spawn(TRADEWIRE, ["config", "init", *args], env=env, encoding="utf-8", timeout=60)


def _answer(child: pexpect.spawn, api_key: str, secret: str) -> None:
    child.expect("Which exchange?")
    child.expect("Choose 1-2: ")
    child.sendline("1")
    child.expect("Which environment?")
    child.expect("Choose 1-2: ")
    child.sendline("live")
    child.expect("API key: ")
    child.sendline(api_key)
    child.expect(r"Secret key \(not shown\): ")
    child.sendline(secret)


def test_config_init_checks_the_keys_and_writes_a_private_file(fresh_sim: Simulator, tmp_path: Path) -> None:
    config = tmp_path / "sub" / "config.toml"
    user = fresh_sim.users[0]
    child = _spawn(fresh_sim, config)
    _answer(child, user.api_key, user.secret_key)
    child.expect("Config written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert user.secret_key not in (child.before or "")  # typed without echo, never printed
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert tomllib.loads(config.read_text()) == {"env": "live", "bingx": {"api_key": user.api_key,
                                                                          "secret_key": user.secret_key}}
    signed = [r for r in fresh_sim.requests if "signature=" in r.raw_query]
    assert [(r.method, r.path) for r in signed] == [("GET", "/openApi/spot/v1/account/balance")]  # one read
    assert {r.method for r in fresh_sim.requests} == {"GET"}  # nothing written at the venue

    again = _spawn(fresh_sim, config)  # refused before asking anything
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 2 and "exists: pass --force to replace it" in (again.before or "")


def test_config_init_with_refused_keys_writes_nothing(fresh_sim: Simulator, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    child = _spawn(fresh_sim, config)
    _answer(child, fresh_sim.users[0].api_key, "x" * 64)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3 and "the check failed, nothing was written" in (child.before or "")
    assert not config.exists()
