"""`python -m tradewire.mcp` in a subprocess, driven by the SDK's own client over stdio (or HTTP) from sync tests.

The client lives in one task on a background event loop for the whole session; `call` waits for one result.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult, Tool

import tradewire
from tests.mcp.conftest import doc, text

TIMEOUT_S = 60
#: the directory holding the `tradewire` these tests import: the child must run the same code, not whatever
#: checkout the interpreter's editable install points at (PYTHONPATH is otherwise dropped with the environment)
SOURCE = str(Path(tradewire.__file__).resolve().parent.parent)


def server(args: list[str], env: Mapping[str, str]) -> StdioServerParameters:
    """`python -m tradewire.mcp ARGS` with exactly `env` (plus PATH, HOME, and PYTHONPATH to this `tradewire`)."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    return StdioServerParameters(command=sys.executable, args=["-m", "tradewire.mcp", *args],
                                 env={**base, "PYTHONPATH": SOURCE, **env})


class Remote:
    """One MCP session with a server process; `with Remote(...) as r: r.call("balances")`."""

    def __init__(self, target: StdioServerParameters | str, stderr: Path) -> None:
        """A server to start over stdio (its stderr kept in `stderr`), or the URL of a running HTTP one."""
        self.target, self.stderr_path = target, stderr
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.client: Client | None = None

    def __enter__(self) -> Remote:
        self.thread.start()
        self._stop = asyncio.Event()
        self._ready: asyncio.Future[None] = self.loop.create_future()
        self._main = asyncio.run_coroutine_threadsafe(self._run(), self.loop)
        asyncio.run_coroutine_threadsafe(asyncio.wait_for(asyncio.shield(self._ready), TIMEOUT_S),
                                         self.loop).result(TIMEOUT_S + 5)
        return self

    def __exit__(self, *_: object) -> None:
        self.loop.call_soon_threadsafe(self._stop.set)
        self._main.result(TIMEOUT_S)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    async def _run(self) -> None:
        with self.stderr_path.open("w") as errlog:
            try:
                async with Client(self._transport(errlog)) as client:
                    self.client = client
                    self._ready.set_result(None)
                    await self._stop.wait()
            except BaseException as e:
                if not self._ready.done():
                    self._ready.set_exception(e)
                raise

    def _transport(self, errlog: Any) -> AbstractAsyncContextManager[Any] | str:
        return self.target if isinstance(self.target, str) else stdio_client(self.target, errlog=errlog)

    def _await(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, TIMEOUT_S), self.loop).result(TIMEOUT_S + 5)

    def tools(self) -> dict[str, Tool]:
        """The listed tools by name."""
        assert self.client is not None
        return {t.name: t for t in self._await(self.client.list_tools()).tools}

    def call(self, name: str, **args: Any) -> CallToolResult:
        """One tool call's result."""
        assert self.client is not None
        result: CallToolResult = self._await(self.client.call_tool(name, args))
        return result

    def doc(self, name: str, **args: Any) -> Any:
        """The structured result of a call that must succeed (its JSON block equals the structured content)."""
        return doc(self.call(name, **args))

    def error(self, name: str, **args: Any) -> str:
        """The message of a call that must fail as a tool error."""
        result = self.call(name, **args)
        assert result.is_error, text(result)
        return text(result)[-1]

    @property
    def stderr(self) -> str:
        """What the server wrote on stderr so far."""
        return self.stderr_path.read_text()

