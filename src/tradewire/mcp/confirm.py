"""One-time confirmation tokens for money-moving tools on live: bound to the exact call, single use, short-lived."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tradewire.core.errors import TradewireError

CONFIRM = "CONFIRM"
TTL_S = 120.0


class Refused(TradewireError):
    """A money-moving call was refused by the confirmation protocol; nothing was sent."""


@dataclass(frozen=True)
class Pending:
    """A previewed call waiting for its confirmation."""

    tool: str
    params: str  # canonical JSON of the call's parameters
    expires: float  # float ok: not money
    fixed: dict[str, Any]  # values chosen at preview time and used when confirmed (e.g. the client order id)


def canonical(params: Mapping[str, Any]) -> str:
    """One spelling of a call's parameters, for exact comparison."""
    return json.dumps(params, sort_keys=True, default=str, separators=(",", ":"))


class Confirmations:
    """Issues and redeems tokens; thread-safe. `clock` is monotonic seconds (replaceable in tests)."""

    def __init__(self, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic) -> None:  # float ok
        self.ttl_s = ttl_s
        self.clock = clock
        self._pending: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def issue(self, tool: str, params: Mapping[str, Any], fixed: dict[str, Any]) -> str:
        """A fresh token for exactly this call (expired ones are dropped)."""
        token = secrets.token_urlsafe(12)
        with self._lock:
            now = self.clock()
            self._pending = {t: p for t, p in self._pending.items() if p.expires > now}
            self._pending[token] = Pending(tool, canonical(params), now + self.ttl_s, fixed)
        return token

    def redeem(self, tool: str, params: Mapping[str, Any], token: str) -> dict[str, Any]:
        """The preview's fixed values if `token` was issued for this very call and is fresh; `Refused` otherwise.
        A token is spent by any attempt, so a changed parameter voids it."""
        with self._lock:
            pending = self._pending.pop(token, None)
        if pending is None:
            raise Refused("unknown or already used confirmation token; nothing was sent. Call the tool again "
                          "without confirm to get a new preview and token")
        if pending.expires <= self.clock():
            raise Refused(f"the confirmation token expired (tokens last {self.ttl_s:g} s); nothing was sent. "
                          "Call the tool again without confirm for a new preview")
        if pending.tool != tool or pending.params != canonical(params):
            raise Refused("the parameters differ from the previewed ones, so the token is void; nothing was sent. "
                          "Call the tool again without confirm to preview the new parameters")
        return pending.fixed
