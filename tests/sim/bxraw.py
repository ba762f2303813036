"""A deliberately dumb BingX client for testing the simulator: urllib3, hand-built strings, own HMAC."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from typing import Any

import urllib3


def hmac_hex(secret: str, message: str) -> str:
    """HMAC-SHA256, lowercase hex (the test's own implementation, independent of the simulator)."""
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


class Answer:
    """Status, headers, raw body and the body decoded with exact decimals."""

    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.raw: bytes = response.data
        self.json: Any = None
        if response.headers.get("Content-Type", "").startswith("application/json") and self.raw:
            self.json = json.loads(self.raw, parse_float=Decimal)

    @property
    def data(self) -> Any:
        assert self.json["code"] == 0, self.json
        return self.json["data"]

    @property
    def code(self) -> int:
        return int(self.json["code"])


class RawClient:
    """Signs ``k=v&...`` in the order given, appends timestamp (unless given) and signature."""

    def __init__(self, base_url: str, api_key: str, secret: str) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.secret = secret
        self.http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=10))

    def query(self, params: list[tuple[str, str]], *, timestamp: int | None = None) -> str:
        """``params`` + timestamp, signed: the exact string to send."""
        pairs = [*params, ("timestamp", str(int(time.time() * 1000) if timestamp is None else timestamp))]
        message = "&".join(f"{k}={v}" for k, v in pairs)
        return f"{message}&signature={hmac_hex(self.secret, message)}"

    def send(self, method: str, path: str, query: str = "", *, body: str | None = None,
             headers: dict[str, str] | None = None, with_key: bool = True) -> Answer:
        all_headers = {"X-BX-APIKEY": self.api_key} if with_key else {}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        url = f"{self.base_url}{path}" + (f"?{query}" if query else "")
        return Answer(self.http.request(method, url, body=body, headers=all_headers))

    def get(self, path: str, **params: object) -> Answer:
        """Signed GET with params in the query string, sorted by key."""
        return self.send("GET", path, self.query(sorted((k, str(v)) for k, v in params.items())))

    def post(self, path: str, **params: object) -> Answer:
        """Signed POST with the parameters as a form body."""
        return self.send("POST", path, body=self.query(sorted((k, str(v)) for k, v in params.items())))

    def public(self, path: str, **params: object) -> Answer:
        """Unsigned GET, no key."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.send("GET", path, query, with_key=False)
