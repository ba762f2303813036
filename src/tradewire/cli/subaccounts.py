"""`subaccounts` (list), `subaccounts balances`, `subaccounts transfer` and `subaccounts history` (BingX)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import NETWORK, USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.wallet import ACCOUNTS, UID
from tradewire.cli.common import amount, renamed, session
from tradewire.cli.common import coin as coin_of
from tradewire.cli.prompts import confirm_live
from tradewire.cli.wallet import masked, time_window
from tradewire.core.errors import ServerError, UnknownOutcome, ValidationError

if TYPE_CHECKING:
    from tradewire.bingx.client import BingX

LIST_PAGE = 1000
BALANCE_PAGE = 10  # allAccountBalance's largest page
HISTORY_PAGE = 100
MAX_PAGES = 100
MAIN = "main"
REMARK = "tradewire"
LIST_COLS = (Col("uid", "Sub UID"), Col("name", "Name"), Col("note", "Note"), Col("frozen", "Frozen"),
             Col("created", "Created", "time"))
VALUE_COLS = (Col("uid", "Sub UID"), Col("account", "Account"), Col("usdt", "USDT value", "dec"))
ASSET_COLS = (Col("uid", "Sub UID"), Col("asset", "Asset"), Col("free", "Free", "dec"), Col("locked", "Locked", "dec"))
RESULT_COLS = (Col("tran_id", "Transfer id"), Col("asset", "Asset"), Col("amount", "Amount", "dec"),
               Col("from_uid", "From UID"), Col("from_account", "From account"), Col("to_uid", "To UID"),
               Col("to_account", "To account"))
HISTORY_COLS = (Col("time", "Time", "time"), Col("tran_id", "Transfer id"), Col("direction", "Direction"),
                Col("asset", "Asset"), Col("amount", "Amount", "dec"), Col("status", "Status"))

sub_app = typer.Typer(help="Your BingX sub-accounts: list, balances, transfers (main account only).")


@dataclass(frozen=True)
class Party:
    """One side of a sub-account transfer: a UID, whether it is the main account, and which of its accounts."""

    uid: str
    main: bool
    account: str

    @property
    def label(self) -> str:
        """`main 123 fund` or `sub 456 perpetual`."""
        return f"{'main' if self.main else 'sub'} {self.uid} {self.account}"


def uid_of(text: str, option: str) -> str:
    """A UID (digits) or `main`."""
    value = text.strip().lower()
    if value != MAIN and not UID.match(value):
        raise CliError(f"{option}: must be a UID (digits) or {MAIN} (got {text!r})", USAGE)
    return value


def account_of(text: str, option: str) -> str:
    """fund, standard or perpetual."""
    value = text.strip().lower()
    if value not in ACCOUNTS:
        raise CliError(f"{option}: must be one of {', '.join(ACCOUNTS)} (got {text!r})", USAGE)
    return value


def party(given: str, account: str, main_uid: str) -> Party:
    """`given` (a UID or main) resolved against the main account's UID."""
    uid = main_uid if given == MAIN else given
    return Party(uid, uid == main_uid, account)


@sub_app.callback(invoke_without_command=True)
def subaccounts(ctx: typer.Context) -> None:
    """Your sub-accounts (every page)."""
    if ctx.invoked_subcommand is not None:
        return
    s = session(ctx)
    s.require_keys()
    client = s.bingx()
    rows = []
    for page in range(1, MAX_PAGES + 1):
        got = client.subaccounts(page=page, limit=LIST_PAGE)
        rows += got.sub_account_list
        if len(got.sub_account_list) < LIST_PAGE or len(rows) >= got.total:
            break
    s.out.show(Table("subaccounts", "Sub-accounts", LIST_COLS, [
        {"uid": str(a.uid), "name": a.sub_account_string, "note": a.note or None, "frozen": "yes" if a.is_freeze
         else "no", "created": a.create_time} for a in rows], empty="no sub-accounts"))


@sub_app.command("balances")
@renamed(subUid="--uid")
def balances(ctx: typer.Context, uid: Annotated[str | None, typer.Option(
        "--uid", help="one sub-account (also lists its fund-account assets); all when omitted")] = None) -> None:
    """USDT value of every account of your sub-accounts (and one sub-account's fund assets with --uid)."""
    s = session(ctx)
    sub = uid_of(uid, "--uid") if uid is not None else None
    if sub == MAIN:
        raise CliError("--uid: must be a sub-account's UID (see `tradewire balance` for the main account)", USAGE)
    s.require_keys()
    client = s.bingx()
    values = []
    for page in range(1, MAX_PAGES + 1):
        got = client.subaccount_balances(page_index=page, page_size=BALANCE_PAGE, sub_uid=sub)
        values += [{"uid": str(r.sub_uid), "account": b.account_type, "usdt": b.usdt_balance}
                   for r in got.rows for b in r.balances]
        if len(got.rows) < BALANCE_PAGE or page * BALANCE_PAGE >= got.total:
            break
    tables = [Table("values", "Sub-accounts (USDT value)", VALUE_COLS, values, empty="no sub-accounts")]
    if sub is not None:
        tables.append(Table("assets", f"Sub-account {sub} fund account", ASSET_COLS, [
            {"uid": sub, "asset": a.asset, "free": a.free, "locked": a.locked}
            for a in client.subaccount_assets(sub)], empty="no assets"))
    s.out.show(*tables)


@sub_app.command("transfer")
def transfer(
    ctx: typer.Context,
    asset: Annotated[str, typer.Option("--asset", "-a", help="e.g. USDT")],
    amount_: Annotated[str, typer.Option("--amount", help="exact amount, e.g. 25.5")],
    from_: Annotated[str, typer.Option("--from", help="a sub-account UID, or main")],
    to: Annotated[str, typer.Option("--to", help="a sub-account UID, or main")],
    from_account: Annotated[str, typer.Option(help="fund, standard or perpetual")] = "fund",
    to_account: Annotated[str, typer.Option(help="fund, standard or perpetual")] = "fund",
    remark: Annotated[str, typer.Option(help="a note kept with the transfer")] = REMARK,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False,
) -> None:
    """Move an asset between your main account and your sub-accounts (or between two sub-accounts)."""
    s = session(ctx)
    coin, qty = coin_of(asset, "--asset"), amount(amount_, "--amount")
    src_given, dst_given = uid_of(from_, "--from"), uid_of(to, "--to")
    src_acct, dst_acct = account_of(from_account, "--from-account"), account_of(to_account, "--to-account")
    note = remark.strip()
    if not note or len(note) > 200:
        raise CliError("--remark: must be 1-200 characters", USAGE)
    if (src_given, src_acct) == (dst_given, dst_acct):
        raise CliError("--to: must differ from --from (same UID and same account)", USAGE)
    s.require_keys()
    client = s.bingx()
    main_uid = client.uid()
    src, dst = party(src_given, src_acct, main_uid), party(dst_given, dst_acct, main_uid)
    if (src.uid, src.account) == (dst.uid, dst.account):
        raise CliError("--to: must differ from --from (same UID and same account)", USAGE)
    what = f"{qty:f} {coin} from {src.label} to {dst.label}"
    if s.env == "live":
        confirm_live(s.out, [f"Transfer {what}", f"remark {note!r}",
                             f"on {s.opts.venue} live, API key {masked(s)}"], yes)
    try:
        tran_id = send(client, coin, qty, src, dst, note)
    except (UnknownOutcome, ServerError) as e:
        raise CliError(f"OUTCOME UNKNOWN: the transfer of {what} was sent but no clear answer came back "
                       f"({e.message}); it may or may not have been executed and it was NOT retried. Check before "
                       f"trying again: tradewire subaccounts history --uid {src.uid} --since 1h", NETWORK) from None
    s.out.show(Table("transfer", "Sub-account transfer submitted", RESULT_COLS, [
        {"tran_id": tran_id, "asset": coin, "amount": qty, "from_uid": src.uid, "from_account": src.account,
         "to_uid": dst.uid, "to_account": dst.account}], single=True))


def send(client: BingX, coin: str, qty: Decimal, src: Party, dst: Party, remark: str) -> str:
    """The transfer, once (type 1 = the main account, 2 = a sub-account); library rules named as options."""
    try:
        return client.subaccount_transfer(coin, qty, src.uid, 1 if src.main else 2, ACCOUNTS[src.account], dst.uid,
                                          1 if dst.main else 2,
                                          ACCOUNTS[dst.account], remark)
    except ValidationError as e:
        names = {"assetName": "--asset", "transferAmount": "--amount", "fromUid": "--from", "toUid": "--to",
                 "remark": "--remark"}
        if e.param in names:
            raise ValidationError(names[e.param], e.rule, e.value) from None
        raise


@sub_app.command("history")
def history(ctx: typer.Context,
            uid: Annotated[str, typer.Option("--uid", help="a sub-account UID, or main")],
            since: Annotated[str | None, typer.Option(help="start: 1h, 7d, 2024-05-01, Unix ms")] = None,
            until: Annotated[str | None, typer.Option(help="end (default: now)")] = None) -> None:
    """Transfers between your main account and sub-accounts that touched one of them, newest first."""
    s = session(ctx)
    who = uid_of(uid, "--uid")
    start, end = time_window(s, since, until)
    s.require_keys()
    client = s.bingx()
    target = client.uid() if who == MAIN else who
    rows = []
    for page in range(1, MAX_PAGES + 1):
        got = client.subaccount_transfer_history(target, start_time=start, end_time=end, page_id=page,
                                                 paging_size=HISTORY_PAGE)
        rows += got.rows
        if len(got.rows) < HISTORY_PAGE or len(rows) >= got.total:
            break
    s.out.show(Table("transfers", f"Sub-account transfers of {target}", HISTORY_COLS, [
        {"time": r.timestamp, "tran_id": str(r.tran_id), "direction": r.type, "asset": r.asset, "amount": r.amount,
         "status": r.status} for r in rows], empty="no transfers found"))


def register(app: typer.Typer) -> None:
    """Add `subaccounts` and its commands."""
    app.add_typer(sub_app, name="subaccounts")
