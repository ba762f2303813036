"""BingX extras of the `order` group: `order cancel-all-after` (the kill switch) and `order liquidations` (forced
orders: liquidations and auto-deleveraging)."""

from __future__ import annotations

from typing import Annotated

import typer

from tradewire.app.errors import NETWORK, USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.timespec import parse_time
from tradewire.cli.common import market_name, market_symbol, renamed, session
from tradewire.cli.order import order_table
from tradewire.cli.prompts import confirm_live
from tradewire.core.clock import Clock
from tradewire.core.errors import ServerError, UnknownOutcome

#: the countdown BingX accepts (swap-trade and spot-trade api-reference: "range 10-120"); 0 closes it
MIN_S, MAX_S = 10, 120
KILL_COLS = (Col("market", "Market"), Col("status", "Status"), Col("seconds", "Countdown (s)", "int"),
             Col("trigger_time", "Cancels at", "time"))
CLOSE_TYPES = {"liquidation": "LIQUIDATION", "adl": "ADL"}


def cancel_all_after(
    ctx: typer.Context,
    seconds: Annotated[int, typer.Argument(help="10-120: cancel every open order then unless called again; 0 stops "
                                                "the countdown")],
    market: Annotated[str, typer.Option("--market", "-m", help="spot or swap (BingX)")] = "swap",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False,
) -> None:
    """Kill switch (BingX): cancel all open orders of a market after SECONDS unless renewed; 0 stops it."""
    s = session(ctx)
    if seconds != 0 and not MIN_S <= seconds <= MAX_S:
        raise CliError(f"SECONDS: must be 0 (stop) or {MIN_S} to {MAX_S} (got {seconds})", USAGE)
    where = market_name(market)
    client = s.bingx()
    s.require_keys()
    if s.env == "live":
        what = (f"Cancel every open {where} order in {seconds} s unless renewed" if seconds else
                f"Stop the {where} cancel-all countdown")
        confirm_live(s.out, [what, f"on {s.opts.venue} live"], yes)
    try:
        if where == "spot":
            trigger, status = client.spot_cancel_all_after(seconds).trigger_time, "ACTIVATED" if seconds else "CLOSED"
        else:
            got = client.cancel_all_after(seconds)
            trigger, status = got.trigger_time, got.status
    except (UnknownOutcome, ServerError) as e:
        raise CliError(f"OUTCOME UNKNOWN: the {where} countdown request was sent but no clear answer came back "
                       f"({e.message}); it was NOT retried. Sending it again is safe: it sets the countdown, it does "
                       "not add one", NETWORK) from None
    s.out.show(Table("kill_switch", "Cancel-all countdown", KILL_COLS,
                     [{"market": where, "status": status, "seconds": seconds, "trigger_time": trigger or None}],
                     single=True))


@renamed(limit="--limit")
def liquidations(
    ctx: typer.Context,
    symbol: Annotated[str | None, typer.Argument(help="e.g. BTC-USDT; all when omitted")] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="liquidation or adl; both when omitted")] = None,
    since: Annotated[str | None, typer.Option(help="start: 7d, 2024-05-01, Unix ms")] = None,
    until: Annotated[str | None, typer.Option(help="end (default: now)")] = None,
    limit: Annotated[int, typer.Option(help="how many (1-100)")] = 50,
) -> None:
    """Forced orders (BingX perpetual): liquidations and auto-deleveraging (ADL), newest first."""
    from tradewire.unified import symbols

    s = session(ctx)
    kind = None
    if type_ is not None:
        if type_.strip().lower() not in CLOSE_TYPES:
            raise CliError(f"--type: must be liquidation or adl (got {type_!r})", USAGE)
        kind = CLOSE_TYPES[type_.strip().lower()]
    now = Clock.local_ms()
    start = parse_time(since, "--since", now, s.opts.utc) if since else None
    end = parse_time(until, "--until", now, s.opts.utc) if until else None
    sym = market_symbol(symbol) if symbol else None
    client = s.bingx()
    s.require_keys()
    rows = client.force_orders(symbols.bingx(sym) if sym else None, kind, start, end, limit)
    from tradewire.unified.bingx import swap_order

    s.out.show(order_table(sorted((swap_order(o) for o in rows), key=lambda o: (o.time or 0, o.id), reverse=True),
                           "Forced orders (liquidation, ADL)", empty="no forced orders"))


def register(group: typer.Typer) -> None:
    """Add `cancel-all-after` and `liquidations` to the `order` group."""
    group.command("cancel-all-after")(cancel_all_after)
    group.command("liquidations")(liquidations)
