"""tradewire: typed, exact, sync and async clients for BingX and Binance.

Venue modules load on first use, so `import tradewire` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tradewire.core.errors import (
    ExchangeError,
    TradewireError,
    TransportError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)

if TYPE_CHECKING:
    from tradewire.binance.aclient import AsyncBinance
    from tradewire.binance.client import Binance
    from tradewire.bingx.aclient import AsyncBingX
    from tradewire.bingx.client import BingX

    __version__: str

_LAZY = {
    "BingX": "tradewire.bingx.client",
    "AsyncBingX": "tradewire.bingx.aclient",
    "Binance": "tradewire.binance.client",
    "AsyncBinance": "tradewire.binance.aclient",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":  # from the installed metadata, read on first use (it costs start-up time)
        from importlib.metadata import version

        return version("tradewire")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tradewire' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AsyncBinance",
    "AsyncBingX",
    "Binance",
    "BingX",
    "ExchangeError",
    "TradewireError",
    "TransportError",
    "UnknownOrderState",
    "UnknownOutcome",
    "ValidationError",
]
