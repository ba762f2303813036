"""Perpetual account arithmetic: position PnL, margins, liquidation prices, balance summary."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from tradewire.sim.bingx.accounts import AccountBook, IncomeRow, Position
from tradewire.sim.ledger import Ledger
from tradewire.sim.market import Market

MAINTENANCE_RATE = Decimal("0.004")
ACCOUNT = "USDTMPerp"


@dataclass(frozen=True)
class PositionView:
    """A position valued at the mark price (exact decimals; rounding is the renderer's job)."""

    position: Position
    mark: Decimal
    unrealized: Decimal
    initial_margin: Decimal
    value: Decimal
    liquidation: Decimal
    realised: Decimal


@dataclass(frozen=True)
class PerpSummary:
    """One margin asset of the perpetual account."""

    balance: Decimal
    unrealized: Decimal
    used_margin: Decimal
    equity: Decimal
    available: Decimal
    realised: Decimal
    frozen: Decimal


def initial_margin(pos: Position) -> Decimal:
    """The margin the position was opened with: notional at entry over leverage."""
    return pos.amount * pos.avg_price / pos.leverage


def position_margin(pos: Position) -> Decimal:
    """The margin held by the position: isolated adds what was added (less what was removed or paid)."""
    return initial_margin(pos) + pos.added_margin if pos.isolated else initial_margin(pos)


def isolated_margin(positions: list[Position]) -> Decimal:
    """What the isolated positions hold, out of the cross wallet."""
    return sum((position_margin(p) for p in positions if p.isolated), Decimal(0))


def liquidation_price(pos: Position, backing: Decimal) -> Decimal:
    """The mark at which ``backing`` plus the unrealized PnL falls to the maintenance margin.

    Isolated: the position's margin backs it; cross: the wallet balance less isolated margins does.
    Long: backing + (p - entry) * amt = rate * amt * p; short: backing + (entry - p) * amt = rate * amt * p."""
    if pos.side == "LONG":
        price = (pos.avg_price * pos.amount - backing) / (pos.amount * (1 - MAINTENANCE_RATE))
    else:
        price = (pos.avg_price * pos.amount + backing) / (pos.amount * (1 + MAINTENANCE_RATE))
    return max(price, Decimal(0)).quantize(Decimal("1E-8")).normalize()


def _income_key(income: list[IncomeRow]) -> tuple[int, IncomeRow | None]:
    """What identifies the state of an append-only income list."""
    return len(income), income[-1] if income else None


def inputs(ledger: Ledger, book: AccountBook, market: Market, uid: str, now: int) -> Hashable:
    """Everything the perpetual account of ``uid`` is valued from at ``now``: its positions, their marks, the
    USDT balance, the income rows. Equal inputs give equal views and summaries (positions count as equal only
    when they are the same objects: a view shows its position's decimals as written; the key keeps them alive, so
    their ids are not reused)."""
    positions = book.positions.get(uid, [])
    return (tuple(map(id, positions)), tuple(positions), tuple(market.mark_price(p.symbol, now) for p in positions),
            ledger.balance(uid, ACCOUNT, "USDT"), _income_key(book.income.get(uid, [])))


def position_views(ledger: Ledger, book: AccountBook, market: Market, uid: str, now: int) -> list[PositionView]:
    """Every open position of ``uid`` at ``now``; computed again only when its `inputs` changed."""
    key = inputs(ledger, book, market, uid, now)
    views: list[PositionView] | None = book.derived.get(("views", uid), key)
    if views is not None:
        return list(views)
    positions = book.positions.get(uid, [])
    balance = ledger.balance(uid, ACCOUNT, "USDT")
    income = book.income.get(uid, [])
    free = balance - isolated_margin(positions)
    views = []
    for pos in positions:
        mark = market.mark_price(pos.symbol, now)
        sign = 1 if pos.side == "LONG" else -1
        realised = sum((r.income for r in income if r.symbol == pos.symbol and r.time >= pos.open_time
                        and r.income_type in ("TRADING_FEE", "FUNDING_FEE")), Decimal(0))
        views.append(PositionView(
            pos, mark, (mark - pos.avg_price) * pos.amount * sign, position_margin(pos), pos.amount * mark,
            liquidation_price(pos, position_margin(pos) if pos.isolated else free), realised,
        ))
    book.derived.put(("views", uid), key, views)
    return list(views)


def summary(ledger: Ledger, book: AccountBook, market: Market, uid: str, asset: str, now: int,
            frozen: Decimal = Decimal(0)) -> PerpSummary:
    """Balance, equity and margins of ``asset`` in the perpetual account (positions settle in USDT);
    ``frozen`` is the margin held by open orders."""
    balance = ledger.balance(uid, ACCOUNT, asset)
    views = position_views(ledger, book, market, uid, now) if asset == "USDT" else []
    unrealized = sum((v.unrealized for v in views), Decimal(0))
    used = sum((v.initial_margin for v in views), Decimal(0))
    income = book.income.get(uid, [])
    realised: Decimal | None = book.derived.get(("realised", uid, asset), _income_key(income))
    if realised is None:
        realised = book.derived.put(("realised", uid, asset), _income_key(income), sum(
            (r.income for r in income if r.asset == asset and r.income_type == "REALIZED_PNL"), Decimal(0)))
    # availableMargin = balance - usedMargin - freezedMargin, as in the live samples; a loss also reduces what
    # may leave.
    available = max(Decimal(0), balance - used - frozen + min(Decimal(0), unrealized))
    return PerpSummary(balance, unrealized, used, balance + unrealized, available, realised, frozen)
