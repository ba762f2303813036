"""`deposits`, `withdrawals`, `deposit-address`, `coins` and `withdraw`: money entering and leaving BingX."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from tradewire.app.errors import EXCHANGE, NETWORK, USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.app.timespec import parse_time
from tradewire.app.wallet import DEPOSIT_STATUS, PAGE, WITHDRAW_STATUS, apply_ms
from tradewire.cli.common import amount, renamed, session
from tradewire.cli.common import coin as coin_of
from tradewire.cli.prompts import confirm_live
from tradewire.core.clock import Clock
from tradewire.core.errors import OrderNotPlaced, ServerError, UnknownOutcome

if TYPE_CHECKING:
    from tradewire.bingx.wallet_models import Deposit, Withdrawal

T = TypeVar("T")
MAX_PAGES = 100  # 100,000 records at most per command
DEPOSIT_COLS = (Col("time", "Time", "time"), Col("coin", "Coin"), Col("amount", "Amount", "dec"),
                Col("network", "Network"), Col("status", "Status"), Col("address", "Address"), Col("tx_id", "Tx id"))
WITHDRAW_COLS = (Col("time", "Time", "time"), Col("id", "Id"), Col("client_id", "Withdraw order id"),
                 Col("coin", "Coin"), Col("amount", "Amount", "dec"), Col("fee", "Fee", "dec"),
                 Col("network", "Network"), Col("address", "Address"), Col("status", "Status"),
                 Col("tx_id", "Tx id"))
COIN_COLS = (Col("coin", "Coin"), Col("network", "Network"), Col("default", "Default"),
             Col("deposit", "Deposit"), Col("withdraw", "Withdraw"), Col("fee", "Withdraw fee", "dec"),
             Col("min", "Withdraw min", "dec"), Col("max", "Withdraw max", "dec"),
             Col("deposit_min", "Deposit min", "dec"), Col("confirmations", "Confirmations", "int"),
             Col("memo", "Needs memo"))
ADDRESS_COLS = (Col("coin", "Coin"), Col("network", "Network"), Col("address", "Address"), Col("tag", "Tag"))
RESULT_COLS = (Col("id", "Withdrawal id"), Col("client_id", "Withdraw order id"), Col("coin", "Coin"),
               Col("network", "Network"), Col("address", "Address"), Col("tag", "Tag"),
               Col("amount", "Amount (leaves)", "dec"), Col("fee", "Fee", "dec"), Col("arrives", "Arrives", "dec"),
               Col("account", "From account"))

SinceOpt = Annotated[str | None, typer.Option(help="start: 7d, 2024-05-01, Unix ms")]
UntilOpt = Annotated[str | None, typer.Option(help="end (default: now)")]
CoinOpt = Annotated[str | None, typer.Option("--coin", "-c", help="e.g. USDT; all coins when omitted")]


def time_window(s: Session, since: str | None, until: str | None) -> tuple[int | None, int | None]:
    """`--since`/`--until` as UTC ms (None when not given)."""
    now = Clock.local_ms()
    start = parse_time(since, "--since", now, s.opts.utc) if since else None
    end = parse_time(until, "--until", now, s.opts.utc) if until else None
    if start is not None and end is not None and end < start:
        raise CliError("--until must not be before --since", USAGE)
    return start, end


def pages(fetch: Callable[[int], list[T]]) -> list[T]:
    """Every record, `PAGE` at a time by offset (at most `MAX_PAGES` pages)."""
    rows: list[T] = []
    for page in range(MAX_PAGES):
        got = fetch(page * PAGE)
        rows += got
        if len(got) < PAGE:
            break
    return rows


def deposit_rows(rows: list[Deposit]) -> list[dict[str, object]]:
    """Deposits as table rows."""
    return [{"time": d.insert_time, "coin": d.coin, "amount": d.amount, "network": d.network,
             "status": DEPOSIT_STATUS.get(d.status, str(d.status)), "address": d.address, "tx_id": d.tx_id}
            for d in rows]


def withdrawal_rows(rows: list[Withdrawal]) -> list[dict[str, object]]:
    """Withdrawals as table rows."""
    return [{"time": apply_ms(w.apply_time), "id": str(w.id), "client_id": w.withdraw_order_id, "coin": w.coin,
             "amount": w.amount, "fee": w.transaction_fee, "network": w.network, "address": w.address,
             "status": WITHDRAW_STATUS.get(w.status, str(w.status)), "tx_id": w.tx_id} for w in rows]


@renamed(coin="--coin")
def deposits(ctx: typer.Context, coin: CoinOpt = None, since: SinceOpt = None, until: UntilOpt = None) -> None:
    """Deposit history, newest first (every page)."""
    s = session(ctx)
    name = coin_of(coin, "--coin") if coin else None
    start, end = time_window(s, since, until)
    s.require_keys()
    client = s.bingx()
    rows = pages(lambda offset: client.deposits(name, start_time=start, end_time=end, offset=offset, limit=PAGE))
    s.out.show(Table("deposits", "Deposits", DEPOSIT_COLS, deposit_rows(rows), empty="no deposits found"))


@renamed(coin="--coin", withdrawOrderId="--client-id", id="--id")
def withdrawals(ctx: typer.Context, coin: CoinOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                client_id: Annotated[str | None, typer.Option(
                    "--client-id", help="the withdraw order id a withdrawal was sent with")] = None,
                id_: Annotated[str | None, typer.Option("--id", help="the exchange's withdrawal id")] = None) -> None:
    """Withdrawal history, newest first (every page)."""
    s = session(ctx)
    name = coin_of(coin, "--coin") if coin else None
    start, end = time_window(s, since, until)
    s.require_keys()
    client = s.bingx()
    rows = pages(lambda offset: client.withdrawals(name, id_, client_id, start_time=start, end_time=end,
                                                   offset=offset, limit=PAGE))
    s.out.show(Table("withdrawals", "Withdrawals", WITHDRAW_COLS, withdrawal_rows(rows),
                     empty="no withdrawals found"))


def deposit_address(ctx: typer.Context, coin: Annotated[str, typer.Argument(help="e.g. USDT")],
                    network: Annotated[str | None, typer.Option(help="e.g. TRC20; every network when omitted")]
                    = None) -> None:
    """Your deposit address of a coin, per network (main accounts only)."""
    s = session(ctx)
    name = coin_of(coin, "COIN")
    s.require_keys()
    client = s.bingx()
    got = client.deposit_addresses(name, limit=PAGE).data
    rows = [a for a in got if network is None or a.network.upper() == network.strip().upper()]
    if network is not None and not rows:
        listed = ", ".join(a.network for a in got) or "none"
        raise CliError(f"--network: {name} has no deposit address on {network!r} (networks: {listed})", USAGE)
    s.out.show(Table("addresses", f"{name} deposit addresses", ADDRESS_COLS,
                     [{"coin": a.coin, "network": a.network, "address": a.address, "tag": a.tag or None}
                      for a in rows], empty="no deposit address"))


def coins(ctx: typer.Context, coin: Annotated[str | None, typer.Argument(help="e.g. USDT; all when omitted")] = None,
          direction: Annotated[str | None, typer.Option("--direction", "-d", help="instead: the coins that can be "
                                                        "transferred between your accounts in this direction, e.g. "
                                                        "FUND_PFUTURES")] = None) -> None:
    """Coin networks: deposit and withdrawal open, withdrawal fee, minimum and maximum, confirmations."""
    if direction is not None:
        from tradewire.cli.transfer import coins as transferable

        transferable(ctx, direction)
        return
    s = session(ctx)
    name = coin_of(coin, "COIN") if coin else None
    s.require_keys()
    configs = s.bingx().coin_configs(name)
    flag = {True: "yes", False: "no", None: "-"}
    s.out.show(Table("coins", "Coin networks", COIN_COLS, [
        {"coin": c.coin, "network": n.network, "default": flag[n.is_default],
         "deposit": "open" if n.deposit_enable else "closed", "withdraw": "open" if n.withdraw_enable else "closed",
         "fee": n.withdraw_fee, "min": n.withdraw_min, "max": n.withdraw_max, "deposit_min": n.deposit_min,
         "confirmations": n.min_confirm, "memo": flag[n.need_tag_or_memo]}
        for c in configs for n in c.network_list], empty="no coins"))


@renamed(coin="COIN", amount="AMOUNT", address="ADDRESS", network="--network", addressTag="--tag")
def withdraw(
    ctx: typer.Context,
    coin: Annotated[str, typer.Argument(help="e.g. USDT")],
    amount_: Annotated[str, typer.Argument(metavar="AMOUNT", help="what leaves your account, fee included")],
    address: Annotated[str, typer.Argument(help="the destination address")],
    network: Annotated[str | None, typer.Option(help="e.g. TRC20 (default: the coin's default network)")] = None,
    tag: Annotated[str | None, typer.Option(help="memo/tag, for networks that need one")] = None,
    account: Annotated[str, typer.Option(help="the account that pays: fund, standard or perpetual")] = "fund",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False,
) -> None:
    """Withdraw to an outside address: checked against the coin's network (minimum, fee, precision) first."""
    from tradewire.app.withdrawal import WALLETS, plan
    from tradewire.bingx.wallet import new_withdraw_order_id

    s = session(ctx)
    name, qty = coin_of(coin, "COIN"), amount(amount_, "AMOUNT")
    s.require_keys()
    client = s.bingx()
    p = plan(client, name, qty, address, network, tag, account)
    cid = new_withdraw_order_id()
    on = f"{p.coin} on {p.network.network}"
    if s.env == "live":
        confirm_live(s.out, [f"Withdraw {p.amount:f} {on} from your {p.wallet} account",
                             f"to {p.address}" + (f" (tag {p.tag})" if p.tag else ""),
                             f"fee {p.fee:f} {p.coin}: {p.arrives:f} {p.coin} arrives",
                             "a withdrawal to an outside address cannot be reversed",
                             f"withdraw order id {cid}, API key {masked(s)}"], yes)
    check = f"tradewire withdrawals --coin {p.coin} --client-id {cid}"
    try:
        done = client.withdraw(p.coin, p.address, p.amount, WALLETS[p.wallet], p.network.network, p.tag, cid)
    except OrderNotPlaced as e:
        raise CliError(f"withdrawal NOT made: its answer was lost and no withdrawal {cid} exists ({e.message}); "
                       "nothing left your account and it is safe to send again", EXCHANGE) from None
    except (UnknownOutcome, ServerError) as e:
        raise CliError(f"OUTCOME UNKNOWN: the withdrawal of {p.amount:f} {on} to {p.address} was sent but no clear "
                       f"answer came back ({e.message}); it may or may not have been made and it was NOT retried. "
                       f"Check before sending again: {check}", NETWORK) from None
    s.out.show(Table("withdrawal", "Withdrawal submitted", RESULT_COLS, [
        {"id": str(done.id), "client_id": cid, "coin": p.coin, "network": p.network.network, "address": p.address,
         "tag": p.tag, "amount": p.amount, "fee": p.fee, "arrives": p.arrives, "account": p.wallet}], single=True))
    s.out.info(f"Follow it with: {check}")


def masked(s: Session) -> str:
    """The API key in use, masked."""
    from tradewire.core.auth import mask

    return mask(s.keys.api_key) if s.keys else "-"


def register(app: typer.Typer) -> None:
    """Add the wallet commands."""
    app.command()(deposits)
    app.command()(withdrawals)
    app.command("deposit-address")(deposit_address)
    app.command()(coins)
    app.command()(withdraw)
