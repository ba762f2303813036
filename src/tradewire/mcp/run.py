"""Start the MCP server: stdio with our own loop (`stdio.py`, ready without the SDK), or the SDK's streamable HTTP."""

from __future__ import annotations

import sys
from dataclasses import replace
from importlib.util import find_spec

from tradewire.app.session import Options, Session
from tradewire.mcp.desk import Desk

HOST = "127.0.0.1"


def serve(opts: Options, environ: dict[str, str] | None = None, http_port: int | None = None) -> None:
    """Run the server on stdio (or streamable HTTP on 127.0.0.1:`http_port`) until stopped. Stdout is the
    protocol on stdio; notices and logs go to stderr. Without the MCP SDK installed, `ModuleNotFoundError` at once
    (the stdio loop imports it only for the first tool call)."""
    if find_spec("mcp") is None:
        raise ModuleNotFoundError("No module named 'mcp'", name="mcp")
    session = Session(replace(opts, fmt="json"), environ)
    try:
        session.check()  # fail now on a bad configuration
        if session.env != "sim":
            session.exchange()  # a real venue's client opens now, as before; the embedded simulator on first use
        if http_port is None:
            from tradewire.mcp.stdio import StdioServer

            StdioServer(Desk(session), sys.stdout.buffer).run(sys.stdin.buffer)
        else:
            from tradewire.mcp.server import build_server

            build_server(Desk(session)).run("streamable-http", host=HOST, port=http_port)
    finally:
        session.close()
