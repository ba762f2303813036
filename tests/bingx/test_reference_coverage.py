"""Every route of the official BingX reference has a typed client method and a simulator handler."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tradewire.bingx
from tradewire.core.endpoint import Endpoint
from tradewire.sim.bingx.endpoints import ENDPOINTS

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "bingx-skills"
ROUTE = re.compile(r"\b(GET|POST|PUT|DELETE)\s*`?\s*(/openApi/[A-Za-z0-9/_.-]+)")
SOURCES = Path(tradewire.bingx.__file__).parent


def reference_routes() -> dict[tuple[str, str], str]:
    """(method, path) -> the reference family (folder) that documents it first."""
    routes: dict[tuple[str, str], str] = {}
    for folder in sorted(p for p in REFERENCE.iterdir() if p.is_dir()):
        for doc in sorted(folder.glob("*.md")):
            for match in ROUTE.finditer(doc.read_text()):
                routes.setdefault((match.group(1), match.group(2).rstrip(".")), folder.name)
    return routes


def typed_routes() -> set[tuple[str, str]]:
    """Routes declared in the client catalogue and called by a client method (by constant name)."""
    methods = "\n".join(p.read_text() for p in [SOURCES / "client.py", *sorted((SOURCES / "api").glob("*.py"))])
    found = set()
    for info in pkgutil.walk_packages(tradewire.bingx.__path__, "tradewire.bingx."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Endpoint) and re.search(rf"\b{name}\b", methods):
                found.add((value.method, value.path))
    return found


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the shared reference is not next to this checkout")
def test_every_reference_route_is_typed_and_simulated() -> None:
    routes = reference_routes()
    assert len(routes) == 176  # the official reference as checked in (bingx-skills/SOURCE.txt)
    typed, simulated = typed_routes(), {(e.method, e.path) for e in ENDPOINTS}
    assert sorted(f"{family} {m} {p}" for (m, p), family in routes.items() if (m, p) not in typed) == []
    assert sorted(f"{family} {m} {p}" for (m, p), family in routes.items() if (m, p) not in simulated) == []
