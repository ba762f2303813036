"""`demo` and `sim` work with no keys and no internet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
from typer.testing import CliRunner

from tests.cli.cli_helpers import ok_json
from tradewire.cli.app import app

TRADEWIRE = str(Path(sys.executable).with_name("tradewire"))


def _env(tmp: Path) -> dict[str, str | None]:
    return {"TRADEWIRE_CONFIG": str(tmp / "none.toml"), "BINGX_API_KEY": None, "BINGX_SECRET_KEY": None,
            "TRADEWIRE_BASE_URL": None, "TRADEWIRE_SIM_DIR": str(tmp / "sim-state")}


def test_demo_tour(tmp_path: Path) -> None:
    page = tmp_path / "demo.html"
    result = CliRunner().invoke(app, ["demo", "--chart", "--html", str(page)], env=_env(tmp_path))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    steps = ["1. The market", "Last prices", "BTC/USDT bids", "BTC/USDT depth", "spread", "2. A trade", "Order filled",
             "FILLED", "3. The position", "Open positions", "4. Live", "5. A chart",
             "BTC/USDT 1m", "60 candles  open", "6. The balances", "Spot account", "Fund account",
             "Perpetual futures (USDT-M) account", "All accounts", "Next:"]
    at = [out.find(title) for title in steps]
    assert -1 not in at and at == sorted(at), dict(zip(steps, at, strict=True))  # every step, in order
    assert "Simulator" in out
    order = out[out.find("Order filled"):out.find("3. The position")]
    assert "Avg price" in order and "Price      │ -" in order  # the fill read back: no "Price 0"
    html = page.read_text()
    assert "BTC/USDT depth" in html and "60 candles" in html and "https://" not in html


def test_default_env_without_keys_is_the_simulator(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--json", "balance", "fund"], env=_env(tmp_path))
    assert {r["asset"]: r["free"] for r in ok_json(result)} == {"BTC": "0.5", "USDT": "10000"}
    assert "no credentials configured" in result.stderr


def test_sim_command_serves_in_the_foreground(tmp_path: Path) -> None:
    # --port 0, the URL read from the banner: a port picked here and freed could be taken by a parallel test
    child = pexpect.spawn(TRADEWIRE, ["sim", "--port", "0", "--state-dir", str(tmp_path / "state")],
                          encoding="utf-8", timeout=60,
                          env={**os.environ, "TRADEWIRE_CONFIG": str(tmp_path / "none.toml")})
    child.expect(r"BingX   (http://127\.0\.0\.1:\d+) ")
    url = child.match.group(1)
    child.expect("Ctrl-C to stop")
    try:
        result = CliRunner().invoke(app, ["--env", "sim", "--json", "fees"],
                                    env={**_env(tmp_path), "TRADEWIRE_BASE_URL": url})
        assert ok_json(result)[0]["percent"] == "0.05"
    finally:
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()
