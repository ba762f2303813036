"""Lazy settlement of the USD-M accounts, run before each request and push round (`BinanceExchange.catch_up`):
funding at each funding time the clock passed, then liquidations at the mark.

Funding (Binance USD-M "Get Funding Rate History" / "Mark Price" docs: every 8 h at 00:00, 08:00 and 16:00
UTC): each open position pays (long, positive rate) or receives notional at the tape's price then x the rate
`Market.funding_rate` gives for that time (the premium index shows it as `lastFundingRate` beforehand); a
FUNDING_FEE income row and an ACCOUNT_UPDATE with reason FUNDING_FEE; an isolated position's margin moves by
the fee. Liquidation (Binance "Event: Order Update": order type LIQUIDATION, execution type CALCULATED,
client id `autoclose-...`): when a position's margin balance (isolated wallet, or the cross wallet, plus
unrealized PnL) falls below its maintenance margin, a MARGIN_CALL is sent, the symbol's open orders are
cancelled and the position is closed at the mark against the house, paying the liquidation clearance fee
instead of the taker fee; what the wallet cannot pay the house (the insurance fund) absorbs, so the ledger
total never moves. In hedge mode each side (LONG, SHORT) pays its own funding and is closed by a LIQUIDATION
order of its own; an isolated side is liquidated on its own margin.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any

from tradewire.sim.binance.fapi_state import Income, maint_margin
from tradewire.sim.binance.futures import CONTRACTS, WALLET, FOrder
from tradewire.sim.binance.wallet import HOUSE, Q8
from tradewire.sim.funding import funding_fee

if TYPE_CHECKING:
    from tradewire.sim.binance.exchange import BinanceExchange

D = Decimal


def f8(value: Decimal) -> str:
    return f"{value:.8f}"


def catch_up(ex: BinanceExchange, now: int) -> None:
    """Settle the funding times since the last call, then liquidate what the mark now allows."""
    st = ex.fstate
    for at in ex.tapes.market.funding_times(st.funded_until + 1, now):
        settle_funding(ex, at)
    st.funded_until = max(st.funded_until, now)
    liquidate(ex, now)


def funding_rate(ex: BinanceExchange, symbol: str, at: int) -> Decimal:
    """The rate settled at funding time `at`."""
    return ex.tapes.market.funding_rate(symbol, at)


def settle_funding(ex: BinanceExchange, at: int) -> None:
    f, st = ex.futures, ex.fstate
    for (uid, symbol, side), p in list(f.positions.items()):
        if not p.amt:
            continue
        mark = ex.tapes.market.last_price(symbol, at)
        fee = funding_fee(abs(p.amt), mark, funding_rate(ex, symbol, at), p.amt > 0)
        if fee < 0:
            fee = -min(-fee, f.wallet(uid))  # a wallet never goes negative
        if not fee:
            continue
        src, dst = ((HOUSE, WALLET), (uid, WALLET)) if fee > 0 else ((uid, WALLET), (HOUSE, WALLET))
        ex.ledger.move(src, dst, "USDT", abs(fee), available=None, reason="futures funding", time=at)
        st.income.append(Income(st.next_id(), uid, symbol, "FUNDING_FEE", fee, at))
        if st.isolated(uid, symbol):
            st.add_margin(uid, symbol, side, fee)
        st.emit(uid, st.account_update(uid, "FUNDING_FEE", at, [symbol]))


def _unrealized(ex: BinanceExchange, uid: str, symbol: str, sides: tuple[str, ...]) -> Decimal:
    mark = ex.futures.mark(symbol)
    return sum(((mark - p.entry) * p.amt for ps, p in ex.futures.held(uid, symbol) if ps in sides), D(0))


def _maint(ex: BinanceExchange, uid: str, symbol: str, sides: tuple[str, ...]) -> Decimal:
    mark = ex.futures.mark(symbol)
    return sum((maint_margin(symbol, abs(p.amt * mark)) for ps, p in ex.futures.held(uid, symbol) if ps in sides),
               D(0))


def underwater(ex: BinanceExchange, uid: str) -> list[tuple[str, tuple[str, ...]]]:
    """(symbol, positionSides) of `uid`'s positions the mark liquidates: an isolated one when its own wallet plus
    PnL is below its maintenance margin (in hedge mode each side on its own: Binance "Liquidation Protocols", two
    isolated sides have two liquidation prices); every cross one when the cross wallet plus their PnL is below
    theirs."""
    f, st = ex.futures, ex.fstate
    held = sorted({(s, ps) for (u, s, ps), p in f.positions.items() if u == uid and p.amt})
    out: list[tuple[str, tuple[str, ...]]] = [(s, (ps,)) for s, ps in held if st.isolated(uid, s)
           and st.isolated_wallet(uid, s, ps) + _unrealized(ex, uid, s, (ps,)) < _maint(ex, uid, s, (ps,))]
    cross = sorted({s for s, _ in held if not st.isolated(uid, s)})
    if cross:
        every = ("BOTH", "LONG", "SHORT")
        balance = f.wallet(uid) - st.isolated_total(uid) + sum((_unrealized(ex, uid, s, every) for s in cross), D(0))
        if balance < sum((_maint(ex, uid, s, every) for s in cross), D(0)):
            out += [(s, tuple(ps for ps, _ in f.held(uid, s))) for s in cross]
    return out


def margin_call(ex: BinanceExchange, uid: str, symbol: str, sides: tuple[str, ...], now: int) -> dict[str, Any]:
    """The MARGIN_CALL event of `uid`'s positions on `sides` of `symbol` (Binance "Event: Margin Call")."""
    f, st = ex.futures, ex.fstate
    mark = f.mark(symbol)
    return {"e": "MARGIN_CALL", "E": now, "cw": f8(f.wallet(uid) - st.isolated_total(uid)),
            "p": [{"s": symbol, "ps": ps, "pa": f"{p.amt:.{CONTRACTS[symbol].quantity_precision}f}",
                   "mt": "ISOLATED" if st.isolated(uid, symbol) else "CROSSED",
                   "iw": f8(st.isolated_wallet(uid, symbol, ps)), "mp": f8(mark), "up": f8((mark - p.entry) * p.amt),
                   "mm": f8(maint_margin(symbol, abs(p.amt * mark)))} for ps, p in f.held(uid, symbol)
                  if ps in sides]}


def liquidate(ex: BinanceExchange, now: int) -> None:
    f = ex.futures
    for uid in sorted({u for (u, _, _), p in f.positions.items() if p.amt}):
        for symbol, sides in underwater(ex, uid):
            ex.fstate.emit(uid, margin_call(ex, uid, symbol, sides, now))
            for o in f.open_orders(uid, symbol):
                if o.position_side in sides:
                    f.cancel(uid, symbol, o.id, None, now)
            close(ex, uid, symbol, now, sides)


def close(ex: BinanceExchange, uid: str, symbol: str, now: int, sides: tuple[str, ...] = ("BOTH",)) -> list[FOrder]:
    """Close `uid`'s positions in `symbol` on `sides` at the mark, each by a LIQUIDATION order against the house
    (the side in profit first, so that the other's loss is taken from it, as a shared cross wallet nets them).
    These pay no trading fee but the liquidation clearance fee: the symbol's exchangeInfo `liquidationFee` rate on
    the notional liquidated, to the insurance fund, as an INSURANCE_CLEAR income (Binance FAQ "Liquidation
    Protocols", binance.com/en/support/faq/360033525271: "a liquidation fee on the amount being liquidated").
    It takes at most what still backs the positions after their loss (the isolated wallet, or the cross wallet):
    the rest of a bankrupt position's fee the fund forgoes."""
    f, st = ex.futures, ex.fstate
    mark = f.mark(symbol)
    backing = sum((st.isolated_wallet(uid, symbol, ps) for ps in sides), D(0)) if st.isolated(uid, symbol) else None
    before = f.wallet(uid)
    done: list[FOrder] = []
    held = {ps: f.position(uid, symbol, ps) for ps in sides}
    for ps, p in sorted(held.items(), key=lambda kv: (kv[1].entry - mark) * kv[1].amt):  # the most profit first
        f._id += 1
        o = FOrder(f._id, f"autoclose-{now}{f._id}", uid, symbol, "SELL" if p.amt > 0 else "BUY", "LIQUIDATION",
                   "IOC", abs(p.amt), mark, ps == "BOTH", now, position_side=ps, update_time=now)
        f.orders[o.id] = o
        f.fill(o, mark, o.qty, False, now)
        o.status = "FILLED"
        done.append(o)
    left = backing + f.wallet(uid) - before if backing is not None else f.wallet(uid) - st.isolated_total(uid)
    fees = []
    for o in done:
        fees.append(min((mark * o.qty * CONTRACTS[symbol].liquidation_fee).quantize(Q8, ROUND_DOWN), max(D(0), left)))
        left -= fees[-1]
        if fees[-1]:
            ex.ledger.move((uid, WALLET), (HOUSE, WALLET), "USDT", fees[-1], available=None,
                           reason="liquidation clearance fee", time=now)
    for o, fee in zip(done, fees, strict=True):
        f.liquidations.append(o)
        f.report(o, "CALCULATED", now)
        if fee:
            st.income.append(Income(st.next_id(), uid, symbol, "INSURANCE_CLEAR", -fee, now))
    return done
