"""Prepared money-moving actions behind one-time tokens: short-lived, single use, and CONFIRM on live.

A prepare tool validates a call and stores exactly what it will do under a random token; `execute` takes the
token (and on live the word CONFIRM) and does that, once. The parameters live on the server, so a token cannot
be redirected to another action, and an altered token is simply unknown.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tradewire.core.errors import TradewireError

CONFIRM = "CONFIRM"
TTL_S = 120.0

Doc = dict[str, Any]


class Refused(TradewireError):
    """A money-moving call was refused by the confirmation protocol; nothing was sent."""


@dataclass(frozen=True)
class Prepared:
    """A validated action waiting for `execute`."""

    what: Doc  # exactly what will be done, as shown to the user
    act: Callable[[], Doc]  # does it, once
    expires: float  # float ok: monotonic seconds, not money


class Confirmations:
    """Issues and redeems tokens; thread-safe. `clock` is monotonic seconds (replaceable in tests)."""

    def __init__(self, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic) -> None:  # float ok
        self.ttl_s = ttl_s
        self.clock = clock
        self._pending: dict[str, Prepared] = {}
        self._lock = threading.Lock()

    def issue(self, what: Doc, act: Callable[[], Doc]) -> str:
        """A fresh token for this action."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._drop_expired()
            self._pending[token] = Prepared(what, act, self.clock() + self.ttl_s)
        return token

    def take(self, token: str, live: bool, confirm: str | None) -> Prepared:
        """The action behind `token`, spent by this call; `Refused` (and nothing spent) when it may not run.

        On live a missing or misspelt CONFIRM keeps the token, so the user can still type the word."""
        with self._lock:
            prepared = self._pending.get(token)
            if prepared is not None and prepared.expires <= self.clock():
                raise Refused(f"the token expired (tokens last {self.ttl_s:g} s); nothing was sent. Call the "
                              "prepare tool again for a new preview and token")
            self._drop_expired()
            if prepared is None:
                raise Refused("unknown, altered or already used token; nothing was sent. Call the prepare tool "
                              "again for a new preview and token (a token works once)")
            if live and confirm != CONFIRM:
                said = "no confirm was given" if confirm is None else f"confirm was {confirm!r}"
                raise Refused(f"on live, execute needs confirm=\"{CONFIRM}\" typed by the user ({said}); nothing "
                              "was sent. Show the preview to the user and ask them to type CONFIRM; the token "
                              "stays valid until it expires")
            del self._pending[token]
        return prepared

    def pending(self) -> int:
        """How many tokens are waiting (expired ones not counted)."""
        with self._lock:
            self._drop_expired()
            return len(self._pending)

    def _drop_expired(self) -> None:
        now = self.clock()
        self._pending = {t: p for t, p in self._pending.items() if p.expires > now}
