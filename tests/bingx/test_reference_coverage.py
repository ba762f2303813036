"""Every path of the official BingX reference has a typed client method and a simulator handler.

The paths still missing are listed in `reference_missing.txt`; the list must be exact, so covering a path
means removing its line, and a path that loses its method or handler fails here.
"""

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
MISSING = Path(__file__).with_name("reference_missing.txt")
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
def test_missing_list_is_exact() -> None:
    typed, simulated = typed_routes(), {(e.method, e.path) for e in ENDPOINTS}
    missing = {f"{family} {method} {path}" for (method, path), family in reference_routes().items()
               if (method, path) not in typed or (method, path) not in simulated}
    listed = {line for line in MISSING.read_text().splitlines() if line and not line.startswith("#")}
    assert sorted(missing - listed) == [], "covered before, missing now (or a new reference path)"
    assert sorted(listed - missing) == [], "covered now: remove these lines from reference_missing.txt"
