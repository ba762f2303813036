"""Funding settlement: at each funding time every open position pays or receives notional x rate."""

from __future__ import annotations

from dataclasses import replace

from tradewire.sim.bingx.accounts import IncomeRow
from tradewire.sim.bingx.perp import ACCOUNT
from tradewire.sim.bingx.perp_engine import HOUSE_UID, PerpEngine
from tradewire.sim.funding import funding_fee

REASON = "FUNDING_FEE"


def settle(engine: PerpEngine, at: int) -> None:
    """Settle the funding of time ``at`` against the house: ledger moves, a FUNDING_FEE income row per
    position, and for an isolated position its margin moves by the fee (so its liquidation price does).
    A payment is capped at the wallet balance: a balance never goes negative."""
    state = engine.state
    for uid, positions in list(state.book.positions.items()):
        for pos in list(positions):
            mark = state.market.mark_price(pos.symbol, at)
            fee = funding_fee(pos.amount, mark, state.market.funding_rate(pos.symbol, at), pos.side == "LONG")
            if fee < 0:
                fee = -min(-fee, state.ledger.balance(uid, ACCOUNT, "USDT"))
            if not fee:
                continue
            src, dst = ((HOUSE_UID, ACCOUNT), (uid, ACCOUNT)) if fee > 0 else ((uid, ACCOUNT), (HOUSE_UID, ACCOUNT))
            state.ledger.move(src, dst, "USDT", abs(fee), available=None, reason=REASON, time=at)
            tran_id = f"{at}_{pos.position_id[-6:]}_FUNDING"
            state.book.add_income(uid, IncomeRow(pos.symbol, "FUNDING_FEE", fee, "USDT", "Funding Fee", at,
                                                 tran_id, tran_id))
            if pos.isolated:  # the fee comes out of (goes into) the position's margin
                engine.set_position(uid, pos, replace(pos, added_margin=pos.added_margin + fee), at)
