"""The stdio transport: MCP's JSON-RPC (revision 2025-06-18) answered by a small loop of our own (issue 18).

`initialize`, `ping` and `tools/list` are answered without the MCP SDK (its import alone takes ~1 s), from
`catalogue`; the first `tools/call` builds the SDK server (`server.build_server`), whose tool manager checks the
arguments and runs the tool exactly as over HTTP. Messages are one JSON object per line, UTF-8 (spec: basic/transports,
stdio); this revision has no batches. Calls run one at a time on a worker thread (the desk serialises them anyway),
so `ping` is answered while a call is running; on end of input the pending calls are answered, then the loop returns.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import traceback
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, BinaryIO

from tradewire.mcp import catalogue
from tradewire.mcp.desk import Desk

if TYPE_CHECKING:
    from tradewire.mcp.server import Server

PROTOCOL_VERSION = "2025-06-18"
# JSON-RPC 2.0 error codes (spec: basic, "Responses"; server/tools, "Error Handling")
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, INTERNAL_ERROR = -32700, -32600, -32601, -32602, -32603

Message = dict[str, Any]


class RpcError(Exception):
    """A request answered with a JSON-RPC error."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


def server_version() -> str:
    """The installed tradewire's version ("" from a bare source tree, as the SDK server said)."""
    try:
        return version("tradewire")
    except PackageNotFoundError:
        return ""


class StdioServer:
    """Answers one client's JSON-RPC lines with `desk`'s tools; `run(sys.stdin.buffer)` until end of input."""

    def __init__(self, desk: Desk, out: BinaryIO) -> None:
        self.desk = desk
        self.tools = catalogue.load()
        self.names = {tool["name"] for tool in self.tools}
        self._out = out
        self._write = threading.Lock()
        self._calls = ThreadPoolExecutor(1, thread_name_prefix="tradewire-mcp-call")
        self._sdk: Server | None = None  # built by the first call, on the worker thread
        self._loop: asyncio.AbstractEventLoop | None = None  # the worker's, for the SDK's async call_tool

    def run(self, lines: Iterable[bytes]) -> None:
        """Answer every line until the input ends, then the calls still running."""
        try:
            for line in lines:
                if line.strip():
                    self.receive(line)
        finally:
            self._calls.shutdown(wait=True)
            if self._loop is not None:
                self._loop.close()

    def receive(self, line: bytes) -> None:
        """Handle one message: answer a request (a call on the worker), ignore notifications and responses."""
        try:
            message = json.loads(line)
        except ValueError:  # bad JSON or bad UTF-8
            self._send(_error(None, PARSE_ERROR, "Parse error"))
            return
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            self._send(_error(None, INVALID_REQUEST, "Invalid Request"))
            return
        if "method" not in message:
            return  # a response: this server sends no requests, so there is nothing it answers
        rid = message.get("id")
        if "id" not in message:
            return  # a notification (initialized, cancelled, ...): never answered
        if isinstance(rid, bool) or not isinstance(rid, str | int) or not isinstance(message["method"], str):
            self._send(_error(None, INVALID_REQUEST, "Invalid Request"))  # MCP: an id is a string or integer
            return
        params = message.get("params", {})
        if message["method"] == "tools/call":
            self._calls.submit(self._call, rid, params)
            return
        try:
            if not isinstance(params, dict):
                raise RpcError(INVALID_PARAMS, "params must be an object")
            self._send({"jsonrpc": "2.0", "id": rid, "result": self._answer(message["method"], params)})
        except RpcError as e:
            self._send(_error(rid, e.code, e.message, e.data))

    def _answer(self, method: str, params: Message) -> Message:
        if method == "initialize":
            if not isinstance(params.get("protocolVersion"), str):
                raise RpcError(INVALID_PARAMS, "initialize needs protocolVersion")
            # the one revision this loop implements: a client that asked for another continues with it or
            # disconnects (spec: basic/lifecycle, "Version Negotiation")
            return {"protocolVersion": PROTOCOL_VERSION, "capabilities": {"tools": {"listChanged": False}},
                    "serverInfo": {"name": "tradewire", "version": server_version()},
                    "instructions": catalogue.INSTRUCTIONS}
        if method == "ping":
            return {}
        if method == "tools/list":
            return {"tools": self.tools}  # one page: no nextCursor
        raise RpcError(METHOD_NOT_FOUND, "Method not found", method)

    def _call(self, rid: str | int, params: Any) -> None:
        """Answer one tools/call (on the worker thread); whatever happens, the client gets an answer."""
        try:
            if not isinstance(params, dict) or not isinstance(params.get("name"), str):
                raise RpcError(INVALID_PARAMS, "tools/call needs params.name, the tool's name")
            name, arguments = params["name"], params.get("arguments") or {}
            if name not in self.names:
                raise RpcError(INVALID_PARAMS, f"Unknown tool: {name}")  # spec: server/tools, "Protocol Errors"
            if not isinstance(arguments, dict):
                raise RpcError(INVALID_PARAMS, "tools/call arguments must be an object")
            reply = {"jsonrpc": "2.0", "id": rid, "result": self._run(name, arguments)}
        except RpcError as e:
            reply = _error(rid, e.code, e.message, e.data)
        except Exception as e:  # a defect: said on stderr, and the client is not left waiting
            traceback.print_exc(file=sys.stderr)
            reply = _error(rid, INTERNAL_ERROR, f"internal error: {e}")
        self._send(reply)

    def _run(self, name: str, arguments: Message) -> Message:
        """The SDK server's result of one call, as the SDK's stdio server would have sent it."""
        from mcp.shared.exceptions import MCPError
        from mcp.types.methods import serialize_server_result

        if self._sdk is None or self._loop is None:
            from tradewire.mcp.server import build_server

            self._loop = asyncio.new_event_loop()
            self._sdk = build_server(self.desk)
        try:
            result = self._loop.run_until_complete(self._sdk.call_tool(name, arguments))
        except MCPError as e:
            raise RpcError(e.code, e.message, e.data) from None
        except Exception as e:  # as the SDK answers (MCPServer._handle_call_tool): the message, as a tool error
            print(f"tool {name} failed: {e!r}", file=sys.stderr)
            return {"content": [{"type": "text", "text": str(e)}], "isError": True}
        # the SDK's own wire form of this revision's CallToolResult (as its server runner sends it)
        return serialize_server_result("tools/call", PROTOCOL_VERSION,
                                       result.model_dump(mode="json", by_alias=True, exclude_none=True))

    def _send(self, message: Message) -> None:
        data = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        with self._write:
            self._out.write(data)
            self._out.flush()


def _error(rid: str | int | None, code: int, message: str, data: Any = None) -> Message:
    error: Message = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": rid, "error": error}
