"""`tradewire mcp`: the MCP server from the command line (imports the SDK only when run)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.cli.common import session


def mcp(
    ctx: typer.Context,
    venue: Annotated[str | None, typer.Option(help="bingx or binance (default: the global --venue)")] = None,
    env: Annotated[str | None, typer.Option(help="live, vst, testnet or sim (default: as for every command)")] = None,
    profile: Annotated[str | None, typer.Option(help="[profiles.NAME] of the config file")] = None,
    http: Annotated[int | None, typer.Option(metavar="PORT", help="serve streamable HTTP on 127.0.0.1:PORT "
                                                                  "(path /mcp) instead of stdio")] = None,
) -> None:
    """Serve balances, market data, transfers and orders to an AI assistant over MCP (stdio or local HTTP)."""
    opts = session(ctx).opts
    from tradewire.mcp.run import serve

    try:
        serve(replace(opts, venue=venue or opts.venue, env=env or opts.env, profile=profile or opts.profile),
              http_port=http)
    except ModuleNotFoundError as e:  # checked before anything starts
        raise CliError(f"the MCP server needs the mcp package ({e.name} is missing): "
                       "pip install 'tradewire[mcp]'", USAGE) from None

def register(app: typer.Typer) -> None:
    """Add `mcp`."""
    app.command()(mcp)
