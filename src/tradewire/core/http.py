"""Moving bytes: the prepared request, the response, and the two transports.

Everything above this module is pure; `SyncTransport` (urllib3) and `AsyncTransport` (aiohttp)
only send a `Request` and return a `Response`, or raise `TransportError` saying whether the
request may have reached the server.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tradewire.core.auth import scrub
from tradewire.core.errors import RequestTimeout, TransportError

if TYPE_CHECKING:
    import aiohttp
    from yarl import URL

DEFAULT_TIMEOUT = 10.0  # float ok: seconds


#: loggers of the HTTP libraries that write request lines (urllib3 at DEBUG logs the whole signed URL)
LIBRARY_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry", "aiohttp.client",
                   "aiohttp.internal", "aiohttp.access")


class Redact(logging.Filter):
    """Masks `signature=` and `listenKey=` values in a record's message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        clean = scrub(text)
        if clean != text:
            record.msg, record.args = clean, None
        return True


_REDACT = Redact()


def redact_library_logs() -> None:
    """Install the `Redact` filter on the HTTP libraries' loggers (idempotent; the transports call it)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _REDACT not in logger.filters:
            logger.addFilter(_REDACT)


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
        redact_library_logs()
        self._pool = urllib3.PoolManager(
            maxsize=pool_size, retries=False, timeout=urllib3.Timeout(connect=timeout, read=timeout)
        )

    def send(self, req: Request) -> Response:
        """Send and read the whole answer."""
        try:
            r = self._pool.request(req.method, req.url, body=req.body, headers=req.headers,
                                   redirect=False, retries=False)
            return Response(r.status, r.headers, r.data)
        except Exception as e:
            failure = self._failure(req, e)
            if failure is None:
                raise
        # raised here, outside the handler: no __context__ chain to the library's exception, which holds the
        # signed URL (its `url`); the library's message is kept, scrubbed
        raise failure

    def _failure(self, req: Request, e: Exception) -> TransportError | None:
        """The `TransportError` for what urllib3 raised (None: not a transport failure, raised as it is)."""
        from urllib3 import exceptions as ex  # here, not in every send: a from-import costs a µs or two

        if isinstance(e, ex.ConnectTimeoutError):
            return RequestTimeout(scrub(f"connect timeout: {e}"), url=scrub(req.url), sent=False)
        if isinstance(e, ex.ReadTimeoutError):
            return RequestTimeout(scrub(f"no answer within {self.timeout} s: {e}"), url=scrub(req.url), sent=True)
        if isinstance(e, (ex.NewConnectionError, ex.NameResolutionError)):
            return TransportError(scrub(f"cannot connect: {e}"), url=scrub(req.url), sent=False)
        if isinstance(e, (ex.ProtocolError, ex.SSLError, ex.HTTPError, OSError)):
            return TransportError(scrub(f"connection lost: {e}"), url=scrub(req.url), sent=True)
        return None

    def close(self) -> None:
        """Close pooled connections."""
        self._pool.clear()


class AsyncTransport:
    """One aiohttp session, created on first use inside the running loop."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:  # float ok: seconds
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._url: type[URL] | None = None
        #: origin (`https://host:port`) -> (scheme, authority), split once per base URL
        self._origins: dict[str, tuple[str, str]] = {}
        redact_library_logs()

    def _open(self) -> aiohttp.ClientSession:
        import aiohttp
        from yarl import URL

        self._url = URL  # imported once here, not in every send
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
        session, url = self._session, self._url
        if session is None or url is None or session.closed:
            session, url = self._open(), self._url
            assert url is not None
        try:
            async with session.request(req.method, self._target(url, req.url), data=req.body, headers=req.headers,
                                       allow_redirects=False) as r:
                return Response(r.status, r.headers, await r.read())
        except Exception as e:
            failure = self._failure(req, e)
            if failure is None:
                raise
        raise failure  # outside the handler: see SyncTransport.send

    def _target(self, url: type[URL], text: str) -> URL:
        """`text` as a URL taken as already encoded, so the query goes out byte for byte as signed (yarl would
        re-normalise it); built from its parts, the origin split once per base URL rather than parsed with
        every signed query."""
        head, _, query = text.partition("?")
        cut = head.find("/", head.find("//") + 2)
        if cut < 0 or "#" in text:  # no path, or a fragment: the general parser
            return url(text, encoded=True)
        origin = head[:cut]
        parts = self._origins.get(origin)
        if parts is None:
            whole = url(origin, encoded=True)
            parts = self._origins[origin] = (whole.scheme, whole.raw_authority)
        return url.build(scheme=parts[0], authority=parts[1], path=head[cut:], query_string=query, encoded=True)

    def _failure(self, req: Request, e: Exception) -> TransportError | None:
        """The `TransportError` for what aiohttp raised (None: not a transport failure, raised as it is)."""
        import aiohttp

        if isinstance(e, aiohttp.ConnectionTimeoutError):
            return RequestTimeout(scrub(f"connect timeout: {e}"), url=scrub(req.url), sent=False)
        if isinstance(e, TimeoutError):
            return RequestTimeout(scrub(f"no answer within {self.timeout} s {e}"), url=scrub(req.url), sent=True)
        if isinstance(e, aiohttp.ClientConnectorError):
            return TransportError(scrub(f"cannot connect: {e}"), url=scrub(req.url), sent=False)
        if isinstance(e, (aiohttp.ClientError, OSError)):
            return TransportError(scrub(f"connection lost: {e!r}"), url=scrub(req.url), sent=True)
        return None

    async def close(self) -> None:
        """Close the session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
