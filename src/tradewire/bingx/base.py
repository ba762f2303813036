"""What the sync and async BingX clients share: configuration, environments, the call context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from tradewire.bingx.endpoints import IP_GROUPS
from tradewire.bingx.protocol import VENUE, BingXProtocol, DecodeError
from tradewire.core.auth import Credentials
from tradewire.core.call import Context
from tradewire.core.clock import Clock
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import ValidationError
from tradewire.core.limits import Limiter
from tradewire.core.urls import ws_beside

if TYPE_CHECKING:
    from tradewire.bingx.aclient import AsyncBingX

Env = Literal["live", "vst"]


class _Row(Protocol):
    @property
    def symbol(self) -> str: ...


R = TypeVar("R", bound=_Row)


def row_of(data: R | list[R], symbol: str, ep: Endpoint) -> R:
    """The `symbol` row of an answer bingx-skills/swap-market/api-reference.md gives as "single object or array": an
    object when a symbol is asked, though a list has been seen live (ccxt fetch_ticker takes either)."""
    if not isinstance(data, list):
        return data
    for row in data:
        if row.symbol == symbol:
            return row
    raise DecodeError(f"no row for {symbol} in a list of {len(data)}", venue=VENUE,
                      endpoint=f"{ep.method} {ep.path}", field="$.data")

#: REST domains: `.com` first, `.pro` only when `.com` gives no HTTP answer (skills base-urls.md)
REST_URLS: dict[str, tuple[str, ...]] = {
    "live": ("https://open-api.bingx.com", "https://open-api.bingx.pro"),
    "vst": ("https://open-api-vst.bingx.com", "https://open-api-vst.bingx.pro"),
}
WS_URLS: dict[str, str] = {
    "live": "wss://open-api-swap.bingx.com/swap-market",
    "vst": "wss://vst-open-api-ws.bingx.com/swap-market",
}
VST_NOTICE = "You are operating in the Production Simulated (VST) environment."


class BingXConfig:
    """Credentials, environment and behaviour of one client; builds the call context."""

    def __init__(
        self,
        api_key: str | None = None,
        secret_key: str | None = None,
        *,
        env: Env = "live",
        base_url: str | Sequence[str] | None = None,
        ws_url: str | None = None,
        timeout: float = 10.0,  # float ok: seconds
        recv_window: int | None = None,
        source_key: str | None = "BX-AI-SKILL",
        rate_limits: bool = True,
        sync_clock: bool = True,
    ) -> None:
        if env not in REST_URLS:
            raise ValidationError("env", "must be live or vst", env)
        if recv_window is not None and not (isinstance(recv_window, int) and 1 <= recv_window <= 5000):
            raise ValidationError("recv_window", "must be an integer from 1 to 5000 ms", recv_window)
        if timeout <= 0:
            raise ValidationError("timeout", "must be > 0 seconds", timeout)
        if (api_key is None) != (secret_key is None):
            raise ValidationError("secret_key" if secret_key is None else "api_key",
                                  "api_key and secret_key go together")
        self.env = env
        if base_url is None:
            urls: tuple[str, ...] = REST_URLS[env]
        elif isinstance(base_url, str):
            urls = (base_url,)
        else:
            urls = tuple(base_url)
        self.base_urls = tuple(u.rstrip("/") for u in urls)
        # a base_url without ws_url: the websocket served beside it (the simulator's layout)
        self.ws_url = ws_url or (ws_beside(self.base_urls[0], "/swap-market") if base_url else WS_URLS[env])
        self.timeout = timeout
        self.context = Context(
            venue=BingXProtocol(source_key),
            base_urls=self.base_urls,
            credentials=Credentials(api_key, secret_key) if api_key and secret_key else None,
            clock=Clock(),
            limiter=Limiter(IP_GROUPS, enabled=rate_limits),
            recv_window=recv_window,
            sync_clock=sync_clock,
        )

    def async_twin(self) -> AsyncBingX:
        """An async client sharing this one's credentials, clock and limits (for background streams)."""
        from tradewire.bingx.aclient import AsyncBingX

        twin = AsyncBingX(base_url=self.base_urls, ws_url=self.ws_url, timeout=self.timeout)
        twin.context = self.context
        return twin

    @property
    def clock(self) -> Clock:
        """The server-time offset in use."""
        return self.context.clock

    def raw_endpoint(self, method: str, path: str, signed: bool | None) -> Endpoint:
        """An ad-hoc endpoint for `request()`: signed when asked, or when credentials exist."""
        method = method.upper()
        if method not in ("GET", "POST", "PUT", "DELETE"):
            raise ValidationError("method", "must be GET, POST, PUT or DELETE", method)
        if not path.startswith("/openApi/"):
            raise ValidationError("path", "must start with /openApi/", path)
        sign = self.context.credentials is not None if signed is None else signed
        return Endpoint(f"raw {method} {path}", method, path, "signed" if sign else "none", shape="auto",
                        write=method != "GET", limits=("uid:5/1", "group:account" if sign else "group:market"))

    def __repr__(self) -> str:
        # getattr: a client whose __init__ raised (or one made by __new__) must still show, never raise
        creds = getattr(getattr(self, "context", None), "credentials", None)
        return (f"{type(self).__name__}(env={getattr(self, 'env', None)!r}, "
                f"base_urls={getattr(self, 'base_urls', ())!r}, credentials={creds!r})")
