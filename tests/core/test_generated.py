"""The async clients are generated from the sync ones; the generated files must be current."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

from tradewire import AsyncBingX, BingX

ROOT = Path(__file__).resolve().parents[2]


def test_async_clients_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "unasync.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_sync_and_async_have_the_same_methods() -> None:
    def public(cls: type) -> dict[str, inspect.Signature]:
        return {n: inspect.signature(f) for n, f in vars(cls).items() if callable(f) and not n.startswith("_")}

    sync, asyn = public(BingX), public(AsyncBingX)
    assert sync.keys() == asyn.keys()
    assert all(sync[n] == asyn[n] for n in sync)
    assert all(inspect.iscoroutinefunction(getattr(AsyncBingX, n)) for n in asyn)


def test_import_is_lazy() -> None:
    code = ("import sys, tradewire; "
            "print(any(m.startswith(('tradewire.bingx', 'tradewire.binance', 'tradewire.sim', 'aiohttp', 'ccxt')) "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
