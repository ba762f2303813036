"""`tradewire`: the command line (typer + rich). Run `tradewire --help`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tradewire.cli.errors import ABORTED, describe
from tradewire.cli.output import Format
from tradewire.cli.session import ENVS, Options, Session
from tradewire.core.errors import TradewireError


class Group(TyperGroup):
    """Turns every tradewire error into one line on stderr and its documented exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TradewireError as e:
            session = ctx.obj if isinstance(ctx.obj, Session) else None
            code, line = describe(e, session.clock_offset if session else lambda: None)
            _fail(line, debug=bool(session and session.opts.debug))
            raise typer.Exit(code) from None
        except KeyboardInterrupt:
            _fail("interrupted", debug=False)
            raise typer.Exit(ABORTED) from None


def _fail(line: str, debug: bool) -> None:
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    if debug:
        err.print_exception(show_locals=False)
    err.print(f"error: {line}", markup=False, soft_wrap=True)


app = typer.Typer(cls=Group, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=True,
                  help="BingX and Binance from the command line: balances, orders, income, transfers, market data, "
                       "live streams. "
                       "Exit codes: 0 ok, 1 exchange error, 2 usage or invalid input, 3 credentials or "
                       "permissions, 4 network or unknown outcome, 5 aborted.")


@app.callback()
def root(
    ctx: typer.Context,
    venue: Annotated[str, typer.Option(help="bingx or binance")] = "bingx",
    env: Annotated[str | None, typer.Option(
        help="live, vst (BingX simulated), testnet (Binance) or sim (offline simulator); "
             "default: the config file's, else live with credentials, sim without")] = None,
    profile: Annotated[str | None, typer.Option(help="[profiles.NAME] of the config file")] = None,
    json_: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False,
    csv_: Annotated[bool, typer.Option("--csv", help="CSV for scripts")] = False,
    utc: Annotated[bool, typer.Option(help="show times in UTC instead of the local zone")] = False,
    debug: Annotated[bool, typer.Option(help="show what is used and tracebacks (never secrets)")] = False,
    base_url: Annotated[str | None, typer.Option(hidden=True, help="REST base URL (tests, own simulator)")] = None,
) -> None:
    """Global options."""
    if json_ and csv_:
        raise typer.BadParameter("choose one of --json and --csv")
    if venue not in ("bingx", "binance"):
        raise typer.BadParameter("must be bingx or binance", param_hint="--venue")
    if env is not None and env not in ENVS:
        raise typer.BadParameter(f"must be one of {', '.join(ENVS)}", param_hint="--env")
    fmt: Format = "json" if json_ else "csv" if csv_ else "table"
    session = Session(Options(venue, env, profile, fmt, utc, debug, base_url))
    ctx.obj = session
    ctx.call_on_close(session.close)


def _register() -> None:
    from tradewire.cli import account, demo, download, market, order, stream
    from tradewire.mcp import command as mcp_command

    for module in (account, market, order, stream, demo, download, mcp_command):
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
