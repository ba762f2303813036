"""Liquidation: a position whose mark crosses its liquidation price is closed by the house.

The user's open orders on the contract are cancelled first. The house then takes the position over at the
liquidation price (`perp.liquidation_price`): the user realizes
the PnL at that price, then pays the maintenance margin at that price (amount x price x MAINTENANCE_RATE)
to the house as INSURANCE_CLEAR. Both are capped at the wallet balance, so a balance never goes negative;
when the mark has gapped beyond the bankruptcy price the house absorbs the rest. The close shows as a
FILLED MARKET order (client id ``liquidation``) with its fill, REALIZED_PNL and INSURANCE_CLEAR income rows,
and the usual order, position and balance events (the account stream's ACCOUNT_UPDATE)."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.accounts import IncomeRow
from tradewire.sim.bingx.perp import ACCOUNT, MAINTENANCE_RATE, PositionView, position_views
from tradewire.sim.bingx.perp_engine import HOUSE_UID, PerpEngine, SwapFill, SwapOrder

CLIENT_ID = "liquidation"
QUANTUM = Decimal("1E-8")


def _crossed(view: PositionView) -> bool:
    if view.position.side == "LONG":
        return view.mark <= view.liquidation
    return view.mark >= view.liquidation


def due(engine: PerpEngine, uid: str, now: int) -> PositionView | None:
    """The first position of ``uid`` whose mark has crossed its liquidation price at ``now``."""
    s = engine.state
    return next((v for v in position_views(s.ledger, s.book, s.market, uid, now) if _crossed(v)), None)


def _pay(engine: PerpEngine, uid: str, amount: Decimal, reason: str, now: int) -> Decimal:
    """Move up to ``amount`` from ``uid`` to the house (what the balance holds at most); returns what moved."""
    paid = min(amount, engine.state.ledger.balance(uid, ACCOUNT, "USDT"))
    if paid > 0:
        engine.state.ledger.move((uid, ACCOUNT), (HOUSE_UID, ACCOUNT), "USDT", paid, available=None,
                                 reason=reason, time=now)
    return paid


def liquidate(engine: PerpEngine, uid: str, view: PositionView, now: int) -> SwapOrder:
    """Cancel the user's open orders on the contract (as venues do before a liquidation), then close
    ``view``'s position at its liquidation price against the house."""
    s = engine.state
    pos, price = view.position, view.liquidation
    for order in engine.open_orders(uid, pos.symbol):
        engine.cancel(uid, pos.symbol, order.id, None, now)
    pnl = (price - pos.avg_price) * pos.amount * (1 if pos.side == "LONG" else -1)
    if pnl > 0:
        s.ledger.move((HOUSE_UID, ACCOUNT), (uid, ACCOUNT), "USDT", pnl, available=None, reason="ORDER", time=now)
    else:
        pnl = -_pay(engine, uid, -pnl, "ORDER", now)
    clear = _pay(engine, uid, (pos.amount * price * MAINTENANCE_RATE).quantize(QUANTUM), "INSURANCE_CLEAR", now)
    side = "SELL" if pos.side == "LONG" else "BUY"
    mode = pos.side if engine.hedge.get(uid, True) else "BOTH"
    order = engine.record_order(uid, pos.symbol, side, mode, pos.amount, CLIENT_ID, pos.leverage, now)
    order.executed, order.avg_price, order.profit, order.status = pos.amount, price, pnl, "FILLED"
    order.cum_quote = pos.amount * price
    engine.set_position(uid, pos, None, now)
    trade_id = f"{order.id}_1"
    engine.fills.append(SwapFill(trade_id, order, price, pos.amount, Decimal(0), pnl, now))
    engine.publish(order, "TRADE", pos.amount, price, now)
    if pnl:
        s.book.add_income(uid, IncomeRow(pos.symbol, "REALIZED_PNL", pnl, "USDT", "Liquidation", now,
                                         f"{trade_id}_PNL", trade_id))
    if clear:
        s.book.add_income(uid, IncomeRow(pos.symbol, "INSURANCE_CLEAR", -clear, "USDT", "Liquidation clearance",
                                         now, f"{trade_id}_CLEAR", trade_id))
    return order


def sweep(engine: PerpEngine, now: int) -> None:
    """Liquidate every position whose mark has crossed its liquidation price (one at a time: a cross
    position's liquidation price depends on what the others left)."""
    for uid in [u for u in engine.state.book.positions if u != HOUSE_UID]:
        for _ in range(len(engine.state.book.positions.get(uid, []))):
            view = due(engine, uid, now)
            if view is None:
                break
            liquidate(engine, uid, view, now)
