"""An MCP server (stdio, or streamable HTTP on 127.0.0.1) that lets AI assistants use tradewire, with the seeds'
safety rules enforced in code: prepare/execute with one-time tokens, CONFIRM on live, the environment on every result.

Run `python -m tradewire.mcp` or `tradewire mcp`; needs the `mcp` extra (`pip install 'tradewire[mcp]'`).
This package module imports nothing, so the CLI can register `tradewire mcp` without the SDK installed.
Modules: `confirm` (tokens), `desk` (session, notices, values), `reads` and `money` (the tools' work), `schemas`
(output schemas), `tables` (readable tables), `server` (the tools).
"""
