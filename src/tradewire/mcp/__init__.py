"""An MCP server (stdio) that lets AI assistants use tradewire, with the safety rules enforced in code.

Run `python -m tradewire.mcp` or `tradewire mcp`; needs the `mcp` extra (`pip install 'tradewire[mcp]'`).
This package module imports nothing, so the CLI can register `tradewire mcp` without the SDK installed.
"""
