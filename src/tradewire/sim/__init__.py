"""An offline BingX: a simulated exchange speaking the real REST protocol on 127.0.0.1.

``sim/`` is an independent implementation of the server side; it imports nothing from the client.
Its names load on first use, so `tradewire.sim.demo_keys` costs nothing more than its two strings.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

if TYPE_CHECKING:
    from tradewire.sim.bingx.state import RecordedRequest
    from tradewire.sim.simulator import Simulator, serve_forever
    from tradewire.sim.users import SimUser

_LAZY = {"RecordedRequest": "tradewire.sim.bingx.state", "Simulator": "tradewire.sim.simulator",
         "serve_forever": "tradewire.sim.simulator", "SimUser": "tradewire.sim.users"}

__all__ = ["DEMO_API_KEY", "DEMO_SECRET_KEY", "RecordedRequest", "SimUser", "Simulator", "serve_forever"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
