"""Every REST path and WebSocket API method of the USD-M futures catalogue (binance-usdm-endpoints.json) has a
typed client method and a simulator route."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import tradewire.binance
from tradewire.binance.fwsapi import FUTURES_METHODS, AsyncFuturesWsApi
from tradewire.binance.wsapi import WsApiSession
from tradewire.core.endpoint import Endpoint
from tradewire.sim.binance import fapi_ws
from tradewire.sim.binance.rest import build_routes

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "binance-usdm-endpoints.json"
SOURCES = Path(tradewire.binance.__file__).parent
CLIENT_SOURCES = ("client.py", "base.py", "api/futures_extra.py")
def catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text())
    return data


def typed_routes() -> set[tuple[str, str]]:
    """(method, path) of every declaration that a client method calls (by its constant's name)."""
    methods = "\n".join((SOURCES / name).read_text() for name in CLIENT_SOURCES)
    found = set()
    for info in pkgutil.walk_packages(tradewire.binance.__path__, "tradewire.binance."):
        for name, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, Endpoint) and re.search(rf"\b{name}\b", methods):
                found.add((value.method, value.path))
    return found


def ws_methods() -> set[str]:
    """Every WebSocket API method named in the catalogue, e.g. `order.place` or `v2/account.status` (the
    description's path line names the ones whose `ws_method` was not extracted)."""
    names = set()
    for entry in catalogue()["websocket_api"]:
        match = re.search(r"^\s*/(\S+)\s*$", entry["description"], flags=re.M)
        assert match is not None, entry["function"]
        names.add(entry["ws_method"] or match.group(1))
    return names


pytestmark = pytest.mark.skipif(not REFERENCE.is_file(), reason="the shared reference is not next to this checkout")


def test_every_rest_path_is_typed_and_simulated() -> None:
    rest = {(e["method"], e["path"]) for e in catalogue()["rest"]}
    assert len(rest) == 95  # the catalogue as checked in (its `source`)
    typed, served = typed_routes(), set(build_routes())
    assert sorted(f"{m} {p}" for m, p in rest if (m, p) not in typed) == []
    assert sorted(f"{m} {p}" for m, p in rest if (m, p) not in served) == []


def test_every_websocket_method_is_typed_and_simulated() -> None:
    names = ws_methods()
    assert len(names) == 18
    assert sorted(names - set(FUTURES_METHODS)) == []
    assert sorted(names - set(fapi_ws.METHODS)) == []
    # a method of the client sends each one (order.place through the shared reconciling `_place`)
    client = inspect.getsource(AsyncFuturesWsApi) + inspect.getsource(WsApiSession._place)
    assert sorted(n for n in names if f'"{n}"' not in client) == []
    # each method is served by the REST route its client endpoint declares: the two answer alike
    assert {n: (ep.method, ep.path) for n, ep in FUTURES_METHODS.items()} == {
        n: route for n, (route, _) in fapi_ws.METHODS.items()}
    assert AsyncFuturesWsApi.methods is FUTURES_METHODS
