"""The README's library examples run as written, in order, on the simulator (top-level `await` as under
`python -m asyncio`); a `base_url` alone implies the websocket served beside it."""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from tradewire import Binance, BingX

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    """The README's ```python blocks, in order."""
    return re.findall(r"^```python\n(.*?)^```", README.read_text(), flags=re.S | re.M)


def test_readme_library_examples_run_on_the_simulator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # export_income writes income.xlsx here
    blocks = python_blocks()
    assert len(blocks) >= 6 and "Simulator().start()" in blocks[0]
    namespace: dict[str, Any] = {"__name__": "readme"}
    try:
        for i, block in enumerate(blocks):
            code = compile(block, f"README.md python block {i}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            result = eval(code, namespace)  # the README's own examples
            if inspect.iscoroutine(result):
                asyncio.run(asyncio.wait_for(result, 120))
    finally:
        sim = namespace.get("sim")
        if sim is not None:
            sim.stop()
    assert (tmp_path / "income.xlsx").read_bytes()[:2] == b"PK"  # the exchange's .xlsx, saved


def test_base_url_implies_the_websocket_beside_it() -> None:
    assert BingX(base_url="http://127.0.0.1:8765").ws_url == "ws://127.0.0.1:8765/swap-market"
    assert BingX(base_url="https://proxy.example/").ws_url == "wss://proxy.example/swap-market"
    assert BingX(base_url="http://127.0.0.1:1", ws_url="ws://elsewhere/x").ws_url == "ws://elsewhere/x"
    assert BingX().ws_url == "wss://open-api-swap.bingx.com/swap-market"
    bn = Binance(base_url="http://127.0.0.1:8766")
    assert (bn.ws_url, bn.futures_ws_url) == ("ws://127.0.0.1:8766", "ws://127.0.0.1:8766/fstream")
    assert Binance().ws_url == "wss://stream.binance.com:9443"
