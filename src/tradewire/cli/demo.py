"""`demo`: a tour of an account on the embedded simulator."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import typer

from tradewire.app.income import PAGE
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.app.timespec import DAY_MS
from tradewire.app.transfers import history_rows
from tradewire.cli.account import ACCOUNT_CHOICES, balance_table, fee_table, overview_table, position_table
from tradewire.cli.common import session
from tradewire.cli.income import income_rows
from tradewire.cli.market import PRICE_COLS, ticker_table
from tradewire.cli.transfer import history_table
from tradewire.core.clock import Clock

DEMO_TRANSFER = ("FUND_PFUTURES", "USDT", Decimal("25"))
RECENT_INCOME = 10


def demo(ctx: typer.Context) -> None:
    """Start the simulator in-process and show what a new user wants to see first (no keys, no internet)."""
    outer = session(ctx)
    s = Session(replace(outer.opts, env="sim", venue="bingx", base_url=None), {}, find_running=False)
    ctx.call_on_close(s.close)
    ex = s.exchange()
    client = s.bingx()
    out = s.out
    accounts = [a for a in ACCOUNT_CHOICES if a != "all"]
    out.show(*(balance_table(a, ex.balances(a)) for a in accounts),
             overview_table([(r.account_type, r.usdt_balance) for r in client.account_balances()]))
    c = client.commission_rate()
    out.show(position_table(ex.positions()), fee_table(c.taker_commission_rate, c.maker_commission_rate))
    now = Clock.local_ms()
    income = client.income(start_time=now - 7 * DAY_MS, end_time=now, limit=PAGE)
    recent = income_rows(income)
    recent.rows = recent.rows[:RECENT_INCOME]
    recent.title = f"Income, last 7 days ({RECENT_INCOME} most recent of {len(income)})"
    out.show(recent, ticker_table(ex.tickers(), PRICE_COLS, "prices"))
    kind, asset, amount = DEMO_TRANSFER
    out.info(f"Transferring {amount} {asset} from the fund account to perpetual futures ({kind})...")
    done = client.transfer(asset, amount, type=kind)
    record = history_rows(client, [kind], None, None, tran_id=int(done.tran_id))
    out.show(Table("transfer", "Transfer submitted", (Col("tran_id", "Transfer id"), Col("direction", "Direction"),
                                                      Col("asset", "Asset"), Col("amount", "Amount", "dec")),
                   [{"tran_id": str(done.tran_id), "direction": kind, "asset": asset, "amount": amount}],
                   single=True),
             history_table(record), balance_table("swap", ex.balances("swap")))
    out.info("Next: `tradewire --env sim --help`, or set BINGX_API_KEY/BINGX_SECRET_KEY and use --env vst.")


def register(app: typer.Typer) -> None:
    """Add `demo`."""
    app.command()(demo)
