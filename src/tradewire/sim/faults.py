"""Faults injected on demand: delays, dropped connections, HTTP errors, business errors, clock skew."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tradewire.sim.bingx.errors import INTERNAL_ERROR, MESSAGES, RATE_LIMITED
from tradewire.sim.bingx.replies import Reply, error
from tradewire.sim.clock import SimClock

KINDS = ("delay", "reset", "status", "code", "skew")
STATUSES = (500, 502, 503, 504, 429, 418, 403)
MAX_PENDING = 100
MAX_COUNT = 10_000
MAX_DELAY = 120.0

_OPTIONS = {"delay": {"seconds"}, "reset": set(), "status": {"status", "execute"}, "code": {"code", "msg", "status"},
            "skew": {"ms"}}
_PAGE_TITLES = {502: "502 Bad Gateway", 503: "503 Service Temporarily Unavailable", 504: "504 Gateway Time-out",
                418: "418 I'm a teapot", 403: "403 Forbidden"}


@dataclass
class Fault:
    """A pending fault; ``remaining`` counts down as matching requests consume it."""

    kind: str
    path: str | None
    remaining: int
    seconds: float = 0.0  # float ok: not money
    status: int = 0
    execute: bool = False
    code: int = 0
    msg: str = ""


def status_reply(status: int, now: int) -> Reply:
    """What a gateway in trouble answers: JSON for 500 and 429, an nginx-style HTML page otherwise."""
    if status == 500:
        return error(INTERNAL_ERROR, MESSAGES[INTERNAL_ERROR], now, status)
    if status == 429:
        return error(RATE_LIMITED, MESSAGES[RATE_LIMITED], now, status)
    title = _PAGE_TITLES[status]
    page = f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
    page += "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    return Reply(status=status, body=page.encode(), content_type="text/html")


class Faults:
    """Thread-safe, bounded list of pending faults; the first one matching a request's path applies."""

    def __init__(self, clock: SimClock) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._pending: list[Fault] = []

    def add(self, kind: str, path: str | None = None, count: int = 1, **kw: object) -> Fault | None:
        """Queue a fault for the next ``count`` requests to ``path`` (any path when None).

        ``delay`` (seconds=), ``reset``, ``status`` (status=, execute=False), ``code`` (code=, msg=, and the
        HTTP status=: 200 on BingX, 400 on Binance by default) apply to requests (on both venues' paths);
        ``skew`` (ms=) sets ``clock.skew_ms`` at once and returns None.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        unknown = set(kw) - _OPTIONS[kind]
        if unknown:
            raise TypeError(f"{kind} fault takes no {sorted(unknown)}")
        if not 1 <= count <= MAX_COUNT:
            raise ValueError(f"count must be between 1 and {MAX_COUNT}")
        if kind == "skew":
            ms = kw.get("ms")
            if not isinstance(ms, int):
                raise ValueError("skew needs ms=<int>")
            self._clock.skew_ms = ms
            return None
        fault = Fault(kind, path, count)
        if kind == "delay":
            seconds = kw.get("seconds")
            if not isinstance(seconds, int | float) or not 0 < seconds <= MAX_DELAY:  # float ok: seconds
                raise ValueError(f"delay needs 0 < seconds <= {MAX_DELAY}")
            fault.seconds = float(seconds)  # float ok: not money
        elif kind == "status":
            status, execute = kw.get("status"), kw.get("execute", False)
            if status not in STATUSES or not isinstance(status, int) or not isinstance(execute, bool):
                raise ValueError(f"status needs status in {STATUSES} and a bool execute")
            fault.status, fault.execute = status, execute
        elif kind == "code":
            code, msg, status = kw.get("code"), kw.get("msg"), kw.get("status", 0)
            if not isinstance(code, int) or not isinstance(msg, str | None) or not isinstance(status, int):
                raise ValueError("code needs code=<int> and optionally msg=<str>, status=<int>")
            fault.code, fault.msg = code, msg if msg is not None else MESSAGES.get(code, "")
            fault.status = status
        with self._lock:
            if len(self._pending) >= MAX_PENDING:
                raise ValueError(f"at most {MAX_PENDING} pending faults")
            self._pending.append(fault)
        return fault

    def take(self, path: str) -> Fault | None:
        """Consume one use of the first fault matching ``path``."""
        if not self._pending:  # the common case, without the lock (a fault added meanwhile applies next time)
            return None
        with self._lock:
            for fault in self._pending:
                if fault.path is None or fault.path == path:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._pending.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        """Drop every pending fault and reset the clock skew to 0."""
        with self._lock:
            self._pending.clear()
        self._clock.skew_ms = 0
