"""`python -m tradewire.mcp [--venue bingx|binance] [--env live|vst|testnet|sim] [--profile NAME] [--http PORT]`."""

from __future__ import annotations

import argparse
import sys

from tradewire.app.session import ENVS, Options
from tradewire.core.errors import TradewireError


def main(argv: list[str] | None = None) -> int:
    """Serve the tools (stdio, or HTTP on 127.0.0.1); a configuration error is one line on stderr and exit 2."""
    parser = argparse.ArgumentParser(prog="python -m tradewire.mcp", description="tradewire MCP server")
    parser.add_argument("--venue", choices=("bingx", "binance"), default="bingx")
    parser.add_argument("--env", choices=ENVS, default=None,
                        help="default: the config file's, else live with credentials, sim (offline) without")
    parser.add_argument("--profile", default=None, help="[profiles.NAME] of the config file")
    parser.add_argument("--http", type=int, default=None, metavar="PORT",
                        help="serve streamable HTTP on 127.0.0.1:PORT (path /mcp) instead of stdio")
    args = parser.parse_args(argv)
    from tradewire.mcp.run import serve

    try:
        serve(Options(venue=args.venue, env=args.env, profile=args.profile, fmt="json"), http_port=args.http)
    except TradewireError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
