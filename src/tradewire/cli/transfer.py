"""`transfer`, `transfer history` and `coins --direction`: moving assets between your own BingX accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import NETWORK, USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.app.timespec import parse_time
from tradewire.app.transfers import HISTORY_PAGE, history_rows
from tradewire.cli.common import amount, session
from tradewire.cli.common import coin as coin_of
from tradewire.cli.prompts import ask, choose, confirm_live
from tradewire.core.clock import Clock
from tradewire.core.errors import ServerError, UnknownOutcome

if TYPE_CHECKING:
    from tradewire.binance.client import Binance
    from tradewire.bingx.models import TransferRow

ACCOUNT_LABELS = {"fund": "Fund (spot)", "USDTMPerp": "Perpetual Futures", "stdFutures": "Standard Contract",
                  "MAIN": "Spot", "UMFUTURE": "USD-M Futures"}
#: Binance universal transfers between spot and USD-M futures (binance-spot-api-docs: /sapi/v1/asset/transfer)
BINANCE_DIRECTIONS = {"MAIN_UMFUTURE": ("MAIN", "UMFUTURE"), "UMFUTURE_MAIN": ("UMFUTURE", "MAIN")}
RESULT_COLS = (Col("tran_id", "Transfer id"), Col("direction", "Direction"), Col("from", "From"), Col("to", "To"),
               Col("asset", "Asset"), Col("amount", "Amount", "dec"))
HISTORY_COLS = (Col("time", "Time", "time"), Col("direction", "Direction"), Col("asset", "Asset"),
                Col("amount", "Amount", "dec"), Col("status", "Status"), Col("tran_id", "Transfer id"))

transfer_app = typer.Typer(help="Move assets between your accounts (BingX: fund, perpetual futures, standard "
                                "contract; Binance: spot and USD-M futures).")


def direction_map(venue: str = "bingx") -> dict[str, tuple[str, str]]:
    """TransferType -> (from account, to account) on `venue`."""
    from tradewire.bingx.endpoints import TRANSFER_DIRECTIONS

    return BINANCE_DIRECTIONS if venue == "binance" else TRANSFER_DIRECTIONS


def directions(venue: str = "bingx") -> list[tuple[str, str]]:
    """`(TransferType, "Fund (spot) → Perpetual Futures")` for every direction."""
    return [(t, f"{ACCOUNT_LABELS[a]} → {ACCOUNT_LABELS[b]}") for t, (a, b) in direction_map(venue).items()]


def direction_of(s: Session, given: str | None, option: str = "--direction") -> str:
    """A TransferType: as given (any case), or chosen from the list when a person is at the terminal."""
    choices = directions(s.opts.venue)
    if given is None:
        return choose(s.out, option, "Transfer direction:", choices)
    for value, _ in choices:
        if given.strip().upper() == value:
            return value
    raise CliError(f"{option}: {given!r} is not a direction; use one of {', '.join(v for v, _ in choices)}", USAGE)


DirectionOpt = Annotated[str | None, typer.Option("--direction", "-d", help="BingX: FUND_PFUTURES, PFUTURES_FUND, "
                                                  "FUND_SFUTURES, SFUTURES_FUND, SFUTURES_PFUTURES, PFUTURES_SFUTURES; "
                                                  "Binance: MAIN_UMFUTURE (spot to USD-M futures), UMFUTURE_MAIN")]


@transfer_app.callback(invoke_without_command=True)
def transfer(
    ctx: typer.Context,
    direction: DirectionOpt = None,
    asset: Annotated[str | None, typer.Option("--asset", "-a", help="e.g. USDT")] = None,
    amount_: Annotated[str | None, typer.Option("--amount", help="exact amount, e.g. 25.5")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False,
) -> None:
    """Transfer an asset between your accounts; asks for what is missing (on a terminal)."""
    if ctx.invoked_subcommand is not None:
        return
    s = session(ctx)
    kind = direction_of(s, direction)
    coin = coin_of(asset or ask(s.out, "--asset", "Asset (e.g. USDT)"), "--asset")
    qty = amount(amount_ or ask(s.out, "--amount", f"Amount of {coin}"), "--amount")
    s.require_keys()
    src, dst = direction_map(s.opts.venue)[kind]
    if s.env == "live":
        confirm_live(s.out, [f"Transfer {qty:f} {coin}", f"from {ACCOUNT_LABELS[src]} ({src}) to "
                             f"{ACCOUNT_LABELS[dst]} ({dst}), type {kind}",
                             f"on {s.opts.venue} live, API key {_masked(s)}"], yes)
    try:
        ex = s.exchange()
        tran_id = (ex.client.universal_transfer(kind, coin, qty) if ex.venue == "binance" else
                   str(s.bingx().transfer(coin, qty, type=kind).tran_id))
    except (UnknownOutcome, ServerError) as e:  # any 5xx on a write: the transfer may have happened
        raise CliError(f"OUTCOME UNKNOWN: the transfer of {qty:f} {coin} ({kind}) was sent but no clear answer came "
                       f"back ({e.message}); it may or may not have been executed and it was NOT retried. Check "
                       f"before trying again: tradewire transfer history -d {kind} --since 1h", NETWORK) from None
    s.out.show(Table("transfer", "Transfer submitted", RESULT_COLS,
                     [{"tran_id": tran_id, "direction": kind, "from": src, "to": dst, "asset": coin,
                       "amount": qty}], single=True))


def _masked(s: Session) -> str:
    from tradewire.core.auth import mask

    return mask(s.keys.api_key) if s.keys else "-"


def binance_history(client: Binance, kinds: list[str], start: int | None, end: int | None) -> list[TransferRow]:
    """Universal transfers of the given types, all pages, newest first, as BingX-shaped rows."""
    from tradewire.bingx.models import TransferRow

    rows: list[TransferRow] = []
    for kind in kinds:
        page = 1
        while True:
            got = client.universal_transfer_history(kind, start_time=start, end_time=end, current=page,
                                                    size=HISTORY_PAGE)
            rows += [TransferRow(asset=r.asset, amount=r.amount, type=r.type, status=r.status, tran_id=r.tran_id,
                                 timestamp=r.timestamp) for r in got.rows]
            if len(got.rows) < HISTORY_PAGE or page * HISTORY_PAGE >= got.total:
                break
            page += 1
    return sorted(rows, key=lambda r: r.timestamp, reverse=True)


def history_table(rows: list[TransferRow]) -> Table:
    """Transfer records."""
    return Table("transfers", "Transfer records", HISTORY_COLS,
                 [{"time": r.timestamp, "direction": r.type, "asset": r.asset, "amount": r.amount, "status": r.status,
                   "tran_id": str(r.tran_id)} for r in rows], empty="no transfers found")


@transfer_app.command("history")
def history(
    ctx: typer.Context,
    direction: DirectionOpt = None,
    since: Annotated[str | None, typer.Option(help="start: 7d, 2024-05-01, Unix ms")] = None,
    until: Annotated[str | None, typer.Option(help="end (default: now)")] = None,
) -> None:
    """Transfer records (every direction unless --direction)."""
    s = session(ctx)
    kinds = [direction_of(s, direction)] if direction else list(direction_map(s.opts.venue))
    now = Clock.local_ms()
    start = parse_time(since, "--since", now, s.opts.utc) if since else None
    end = parse_time(until, "--until", now, s.opts.utc) if until else None
    s.require_keys()
    if direction is None:
        s.out.info("All directions (use --direction to narrow).")
    ex = s.exchange()
    if ex.venue == "binance":
        s.out.show(history_table(binance_history(ex.client, kinds, start, end)))
        return
    s.out.show(history_table(history_rows(s.bingx(), kinds, start, end)))


def coins(ctx: typer.Context, direction: DirectionOpt = None) -> None:
    """Coins that can be transferred in a direction (BingX)."""
    from tradewire.bingx.endpoints import TRANSFER_DIRECTIONS

    s = session(ctx)
    client = s.bingx()
    kind = direction_of(s, direction)
    s.require_keys()
    src, dst = TRANSFER_DIRECTIONS[kind]
    rows = client.transfer_coins(src, dst)
    s.out.show(Table("coins", f"Transferable from {src} to {dst}", (Col("coin", "Coin"), Col("name", "Name")),
                     [{"coin": c.coin, "name": c.name} for c in rows], empty="no coins"))


def register(app: typer.Typer) -> None:
    """Add `transfer` and `transfer history` (`coins --direction` shows `coins`, cli/wallet.py)."""
    app.add_typer(transfer_app, name="transfer")
