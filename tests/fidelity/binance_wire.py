"""A scripted transport for golden wire tests: it records what a live `Binance` client sends and
answers with bodies copied from the official docs. Signatures are recomputed here with hashlib,
independently of the client's signer."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from tradewire.binance.client import Binance
from tradewire.core.http import Request, Response

#: the documented example key pair (binance.md §4.1, the spot docs' signing examples)
KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
NOW = 1499827319559
SPOT, FAPI = "https://api.binance.com", "https://fapi.binance.com"


class Scripted:
    """Answers each request with the next scripted `(status, body)` and keeps the requests."""

    def __init__(self, *answers: bytes | tuple[int, bytes]) -> None:
        self.answers = [a if isinstance(a, tuple) else (200, a) for a in answers]
        self.requests: list[Request] = []

    def send(self, req: Request) -> Response:
        self.requests.append(req)
        status, body = self.answers.pop(0)
        return Response(status, {"Content-Type": "application/json"}, body)

    def close(self) -> None:
        pass


def client(*answers: bytes | tuple[int, bytes]) -> tuple[Binance, Scripted]:
    """A live client on the documented keys and a frozen clock, wired to a scripted transport."""
    bn = Binance(KEY, SECRET, sync_clock=False, rate_limits=False, check_filters=False)
    bn.clock.source = lambda: NOW
    transport = Scripted(*answers)
    bn._transport = transport  # type: ignore[assignment]
    return bn, transport


def signed(text: str) -> str:
    """`text` with its HMAC-SHA256 signature appended, as Binance checks it."""
    return text + "&signature=" + hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()


def wire(req: Request) -> tuple[str, str, str]:
    """(request line, query, body) exactly as sent."""
    path, _, query = req.url.partition("?")
    return f"{req.method} {path}", query, (req.body or b"").decode()


def expect_post(req: Request, url: str, text: str) -> None:
    """A signed POST: everything in the form body, nothing in the query."""
    assert wire(req) == (f"POST {url}", "", signed(text))
    assert req.headers == {"X-MBX-APIKEY": KEY, "Content-Type": "application/x-www-form-urlencoded"}


def expect_query(req: Request, method: str, url: str, text: str, headers: Mapping[str, str] | None = None) -> None:
    """A signed GET/DELETE: everything in the query string, no body."""
    assert wire(req) == (f"{method} {url}", signed(text), "")
    assert req.headers == (headers or {"X-MBX-APIKEY": KEY})
