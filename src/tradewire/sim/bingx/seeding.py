"""Opening state: balances, positions, fee rates and 30 days of fund flow, deterministic from the seed."""

from __future__ import annotations

import random
from decimal import Decimal

from tradewire.sim.bingx.accounts import AccountBook, IncomeRow, Position, TransferRecord
from tradewire.sim.ledger import Ledger
from tradewire.sim.market import DAY, HOUR, MINUTE, Market
from tradewire.sim.users import SimUser

D = Decimal
Q4 = D("0.0001")
TAKER, MAKER = D("0.0005"), D("0.0002")
PERP_BALANCE = D(10000)

BALANCES: tuple[tuple[int, str, str, Decimal], ...] = (  # (user index, account, asset, amount)
    (0, "fund", "USDT", D(10000)),
    (0, "fund", "BTC", D("0.5")),
    (0, "spot", "USDT", D("2500.5")),
    (0, "spot", "BTC", D("0.01234567")),
    (0, "USDTMPerp", "USDT", PERP_BALANCE),
    (1, "fund", "USDT", D(500)),
    (1, "fund", "BTC", D("0.1")),
    (1, "USDTMPerp", "USDT", D(250)),
)


def _order_id(rng: random.Random) -> str:
    return str(rng.randrange(1_700_000_000_000_000_000, 1_800_000_000_000_000_000))


def _positions(rng: random.Random, now: int) -> list[Position]:
    return [
        Position(_order_id(rng), "BTC-USDT", "LONG", D("0.0500"), D("64250.5"), 10, True, now - 6 * DAY),
        Position(_order_id(rng), "ETH-USDT", "SHORT", D("1.50"), D("3310.25"), 5, False, now - 12 * DAY),
    ]


def _fills(rng: random.Random, market: Market, positions: list[Position], now: int) -> list[IncomeRow]:
    """Opening fees of the open positions and six closed round trips (fees + realized PnL)."""
    rows = []
    for pos in positions:
        order = _order_id(rng)
        fee = -(pos.amount * pos.avg_price * TAKER).quantize(Q4)
        rows.append(IncomeRow(pos.symbol, "TRADING_FEE", fee, "USDT", "Opening Fee", pos.open_time,
                              f"{order}_0_1_COMMISSION", f"{order}_0_1"))
    for _ in range(6):
        contract = market.contracts[rng.choice(sorted(market.contracts))]
        opened = now - rng.randint(2, 29) * DAY + rng.randrange(0, DAY, MINUTE)
        closed = opened + rng.randint(10, 600) * MINUTE
        qty = contract.min_qty * rng.randint(10, 200)
        entry = (contract.base_price * (1 + D(rng.randint(-500, 500)) / 10_000)).quantize(contract.tick)
        exit_ = (entry * (1 + D(rng.randint(-300, 300)) / 10_000)).quantize(contract.tick)
        sign = rng.choice((1, -1))
        order = _order_id(rng)
        rows += [
            IncomeRow(contract.symbol, "TRADING_FEE", -(qty * entry * TAKER).quantize(Q4), "USDT",
                      "Opening Fee", opened, f"{order}_0_1_COMMISSION", f"{order}_0_1"),
            IncomeRow(contract.symbol, "TRADING_FEE", -(qty * exit_ * TAKER).quantize(Q4), "USDT",
                      "Closing Fee", closed, f"{order}_0_5_COMMISSION", f"{order}_0_2"),
            IncomeRow(contract.symbol, "REALIZED_PNL", ((exit_ - entry) * qty * sign).quantize(Q4), "USDT",
                      "Realized PNL", closed, f"{order}_0_5_PNL", f"{order}_0_2"),
        ]
    return rows


def _funding(market: Market, positions: list[Position], now: int) -> list[IncomeRow]:
    """Funding fees of the open positions at every settlement since they opened."""
    rows = []
    for pos in positions:
        sign = 1 if pos.side == "LONG" else -1
        for t in market.funding_times(pos.open_time + 1, now):
            rate = market.funding_rate(pos.symbol, t)
            fee = -(sign * pos.amount * pos.avg_price * rate).quantize(Q4)
            tran_id = f"{t}_{pos.position_id[-6:]}_FUNDING"
            rows.append(IncomeRow(pos.symbol, "FUNDING_FEE", fee, "USDT", "Funding Fee", t, tran_id, tran_id))
    return rows


def seed_world(ledger: Ledger, book: AccountBook, market: Market, users: list[SimUser], now: int) -> None:
    """Fill the ledger and the account book with the opening state."""
    rng = random.Random(f"{book.seed}:accounts")
    for index, account, asset, amount in BALANCES:
        ledger.seed(users[index].uid, account, asset, amount)
    for user in users:
        book.commission[user.uid] = (TAKER, MAKER)
    demo = users[0].uid
    positions = _positions(rng, now)
    book.positions[demo] = positions
    rows = _fills(rng, market, positions, now) + _funding(market, positions, now)
    flows = sum((r.income for r in rows), D(0))
    # Past transfers in and out of the perpetual account, the first sized so that the fund flow adds
    # up to the opening perpetual balance.
    moves = [
        (now - 30 * DAY + HOUR, "fund", "USDTMPerp", "USDT", PERP_BALANCE - D(2000) + D(500) - flows),
        (now - 20 * DAY, "fund", "spot", "USDT", D("2500.5")),
        (now - 20 * DAY + 5 * MINUTE, "fund", "spot", "BTC", D("0.01234567")),
        (now - 14 * DAY, "fund", "USDTMPerp", "USDT", D(2000)),
        (now - 3 * DAY, "USDTMPerp", "fund", "USDT", D(500)),
    ]
    for time, src, dst, asset, amount in moves:
        record = TransferRecord(book.new_tran_id(), book.new_transfer_id(), demo, asset, amount, src, dst, time)
        book.transfers.append(record)
        if "USDTMPerp" in (src, dst):
            signed = amount if dst == "USDTMPerp" else -amount
            rows.append(IncomeRow("", "TRANSFER", signed, asset, "Transfer", time, str(record.tran_id),
                                  str(record.tran_id)))
    for row in sorted(rows, key=lambda r: r.time):
        book.add_income(demo, row)
