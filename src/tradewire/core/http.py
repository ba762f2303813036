"""Moving bytes: the prepared request, the response, and the two transports.

Everything above this module is pure; `SyncTransport` (urllib3) and `AsyncTransport` (aiohttp)
only send a `Request` and return a `Response`, or raise `TransportError` saying whether the
request may have reached the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tradewire.core.errors import RequestTimeout, TransportError

if TYPE_CHECKING:
    import aiohttp

DEFAULT_TIMEOUT = 10.0  # float ok: seconds


@dataclass(slots=True)
class Request:
    """A request ready for the wire; `body`/query hold exactly the signed bytes."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(slots=True)
class Response:
    """What came back."""

    status: int
    headers: Mapping[str, str]
    body: bytes


class SyncTransport:
    """urllib3 connection pool; no retries of its own (the caller decides)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, pool_size: int = 10) -> None:  # float ok
        import urllib3

        self.timeout = timeout
        self._pool = urllib3.PoolManager(
            maxsize=pool_size, retries=False, timeout=urllib3.Timeout(connect=timeout, read=timeout)
        )

    def send(self, req: Request) -> Response:
        """Send and read the whole answer."""
        from urllib3 import exceptions as ex

        try:
            r = self._pool.request(req.method, req.url, body=req.body, headers=req.headers,
                                   redirect=False, retries=False)
        except ex.ConnectTimeoutError as e:
            raise RequestTimeout(f"connect timeout: {e}", url=req.url, sent=False) from None
        except ex.ReadTimeoutError as e:
            raise RequestTimeout(f"no answer within {self.timeout} s: {e}", url=req.url, sent=True) from None
        except (ex.NewConnectionError, ex.NameResolutionError) as e:
            raise TransportError(f"cannot connect: {e}", url=req.url, sent=False) from None
        except (ex.ProtocolError, ex.SSLError, ex.HTTPError, OSError) as e:
            raise TransportError(f"connection lost: {e}", url=req.url, sent=True) from None
        return Response(r.status, r.headers, r.data)

    def close(self) -> None:
        """Close pooled connections."""
        self._pool.clear()


class AsyncTransport:
    """One aiohttp session, created on first use inside the running loop."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:  # float ok: seconds
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                connector=aiohttp.TCPConnector(limit=100, ttl_dns_cache=300),
                auto_decompress=True,
                skip_auto_headers=("User-Agent",),
            )
            # aiohttp silently sends a GET/PUT/DELETE again when a reused connection drops: a DELETE cancel (a
            # write) would reach the exchange twice. No retries of our own here, as in the sync transport: the
            # call flow decides. (No public switch; aiohttp's own test client clears the same flag.)
            self._session._retry_connection = False
        return self._session

    async def send(self, req: Request) -> Response:
        """Send and read the whole answer."""
        import aiohttp
        from yarl import URL

        session = self._open()
        try:
            # encoded=True: the query goes out byte for byte as signed (yarl would re-normalise it)
            async with session.request(req.method, URL(req.url, encoded=True), data=req.body, headers=req.headers,
                                       allow_redirects=False) as r:
                body = await r.read()
                return Response(r.status, r.headers, body)
        except aiohttp.ConnectionTimeoutError as e:
            raise RequestTimeout(f"connect timeout: {e}", url=req.url, sent=False) from None
        except TimeoutError as e:
            raise RequestTimeout(f"no answer within {self.timeout} s {e}", url=req.url, sent=True) from None
        except aiohttp.ClientConnectorError as e:
            raise TransportError(f"cannot connect: {e}", url=req.url, sent=False) from None
        except (aiohttp.ClientError, OSError) as e:
            raise TransportError(f"connection lost: {e!r}", url=req.url, sent=True) from None

    async def close(self) -> None:
        """Close the session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
