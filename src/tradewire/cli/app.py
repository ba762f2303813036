"""`tradewire`: the command line (typer + rich). Run `tradewire --help`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import HAS_RICH, TyperGroup

from tradewire.app.errors import ABORTED, EXCHANGE, USAGE, CliError, describe
from tradewire.app.output import Format
from tradewire.app.session import ENVS, Options, Session
from tradewire.core.errors import TradewireError, ValidationError


class Group(TyperGroup):
    """Turns every error into one line on stderr and its documented exit code: tradewire errors, click's usage
    errors (instead of typer's boxed panel) and, as a last resort, anything unexpected (never a traceback,
    unless --debug)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        if args is None:
            args = sys.argv[1:]
        args = hoist_globals(self, list(args))
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as e:  # click's usage errors (vendored by typer)
            if type(e).__name__ == "NoArgsIsHelpError":  # the help is the message (typer's rich help is printed)
                if not HAS_RICH:
                    print(e.format_message(), file=sys.stderr)
            else:
                _fail(usage_line(e), debug=False)
            sys.exit(e.exit_code)
        except typer.Abort:
            _fail("aborted: nothing was sent", debug=False)
            sys.exit(ABORTED)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TradewireError as e:
            session = ctx.obj if isinstance(ctx.obj, Session) else None
            if session and not refused_input(e):  # a refusal of the input is shown alone
                session.out.flush_notices()
            code, line = describe(e, session.clock_offset if session else lambda: None)
            _fail(line, debug=bool(session and session.opts.debug))
            raise typer.Exit(code) from None
        except KeyboardInterrupt:
            _fail("interrupted", debug=False)
            raise typer.Exit(ABORTED) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as e:  # a bug or an environment problem nobody foresaw: still one line
            session = ctx.obj if isinstance(ctx.obj, Session) else None
            _fail(f"unexpected {type(e).__name__}: {_flat(str(e))} (run with --debug for the details)",
                  debug=bool(session and session.opts.debug))
            raise typer.Exit(EXCHANGE) from None


def refused_input(e: TradewireError) -> bool:
    """Whether `e` refuses the command's input (before anything was sent)."""
    return isinstance(e, ValidationError) or (isinstance(e, CliError) and e.exit_code == USAGE)


def hoist_globals(root: TyperGroup, args: list[str]) -> list[str]:
    """`tradewire balance --json` as `tradewire --json balance`: the root's options found after the command
    move before it, unless the command declares an option of that name itself (`mcp --venue`)."""
    takes_value: dict[str, bool] = {}
    for param in root.params:
        if getattr(param, "param_type_name", "") == "option":
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not getattr(param, "is_flag", False)
    i = 0
    while i < len(args) and args[i].startswith("-"):  # the root's own options, before the command
        i += 1 + (args[i] in takes_value and takes_value[args[i]])
    before = i
    command: Any = root
    while hasattr(command, "commands") and i < len(args) and not args[i].startswith("-"):
        command = command.commands.get(args[i])
        i += 1
    if command is None or command is root:
        return args
    own = {name for p in command.params for name in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))}
    moved: list[str] = []
    rest: list[str] = []
    j = i
    while j < len(args):
        arg = args[j]
        if arg == "--":
            rest += args[j:]
            break
        name = arg.split("=", 1)[0]
        if name in takes_value and name not in own:
            step = 2 if takes_value[name] and "=" not in arg else 1
            moved += args[j:j + step]
            j += step
            continue
        rest.append(arg)
        j += 1
    return args[:before] + moved + args[before:i] + rest


def usage_line(e: typer.TyperException) -> str:
    """Click's message on one line, with where to read more for a usage error."""
    line = _flat(e.format_message())
    ctx = getattr(e, "ctx", None)
    if e.exit_code == USAGE and ctx is not None:
        line += f" (see `{ctx.command_path} --help`)"
    return line


def _flat(text: str) -> str:
    return " ".join(text.split())


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
    from tradewire.cli import (
        account,
        coinm,
        configure,
        demo,
        download,
        market,
        mcp_command,
        order,
        record,
        simulate,
        stream,
    )

    for module in (account, market, order, stream, demo, simulate, download, mcp_command, coinm, configure, record):
        module.register(app)
    from tradewire.cli import subaccounts, wallet
    wallet.register(app)
    subaccounts.register(app)
    from tradewire.cli import history, portfolio, risk, watch
    from tradewire.cli import order as order_cmds
    history.register(app, order_cmds.order_app)
    risk.register(app)
    portfolio.register(app)
    watch.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
