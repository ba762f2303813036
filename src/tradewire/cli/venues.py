"""Commands that span both venues: a session per venue, the command's own plus one for the other."""

from __future__ import annotations

from dataclasses import replace

import typer

from tradewire.app.session import BASE_URL_VAR, WS_URL_VAR, Session

VENUES = ("bingx", "binance")


def venues_of(given: str | None) -> tuple[str, ...]:
    """`bingx,binance` (the default) or one of them."""
    from tradewire.app.errors import USAGE, CliError

    if given is None:
        return VENUES
    names = tuple(dict.fromkeys(v.strip().lower() for v in given.split(",") if v.strip()))
    if not names or any(v not in VENUES for v in names):
        raise CliError(f"--venues: bingx, binance or bingx,binance (got {given!r})", USAGE)
    return names


def session_for(ctx: typer.Context, s: Session, venue: str) -> Session:
    """`s` itself for its venue; for the other, a session with the same environment and profile (a base URL
    given for one venue is not the other's: that one finds its own, or a simulator), closed with the command."""
    if venue == s.opts.venue:
        return s
    environ = {k: v for k, v in s.environ.items() if k not in (BASE_URL_VAR, WS_URL_VAR)}
    other = Session(replace(s.opts, venue=venue, base_url=None), environ)
    other.out = s.out
    ctx.call_on_close(other.close)
    return other
