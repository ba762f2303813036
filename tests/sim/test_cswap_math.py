"""Inverse-contract arithmetic to the exact decimal: values checked by hand and against exact fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tradewire.sim.bingx import cswap_math as cm

D = Decimal


def test_fee_is_the_coin_value_times_the_rate() -> None:
    # 100 contracts of 10 USD at 65000: 1000 / 65000 = 0.0153846153..., taker 0.05 %: 0.0000076923...
    assert cm.fee(D(100), D(10), D("65000.0"), D("0.0005")) == D("0.00000769")
    # the reference's SOL example: 2 contracts at 182.652, 0.05 %: commission -0.00005475 SOL
    assert cm.fee(D(2), D(10), D("182.652"), D("0.0005")) == D("0.00005475")


def test_pnl_is_face_times_the_difference_of_reciprocals() -> None:
    # 1000 * (1/65000 - 1/70000) = 1000 * 5000 / 4.55e9 = 0.0010989010989...
    assert cm.pnl("LONG", D(100), D(10), D(65000), D(70000)) == D("0.00109890")
    assert cm.pnl("SHORT", D(100), D(10), D(65000), D(70000)) == D("-0.00109890")
    # a long loses more coin on the way down than it gains on the way up by the same USD move
    assert cm.pnl("LONG", D(100), D(10), D(65000), D(60000)) == D("-0.00128205")


def test_average_entry_is_the_harmonic_mean() -> None:
    # 2 / (1/65000 + 1/70000) = 2 * 65000 * 70000 / 135000 = 67407.407407...
    assert cm.average(D(100), D(65000), D(100), D(70000)) == D("67407.40740741")
    assert cm.average(D(3), D(100), D(1), D(100)) == D(100)


def test_initial_margin_is_the_entry_value_over_leverage() -> None:
    assert cm.initial_margin(D(100), D(10), D(65000), 10) == D("0.00153846")
    assert cm.initial_margin(D(7), D(10), D("3200.00"), 5) == D("0.004375")


def _exact_liquidation(side: str, qty: int, face: int, entry: int, backing: Fraction) -> Fraction:
    f, m = Fraction(qty * face), Fraction(5, 1000)
    return f * (1 + m) / (f / entry + backing) if side == "LONG" else f * (1 - m) / (f / entry - backing)


def test_liquidation_price_solves_backing_plus_pnl_equals_maintenance() -> None:
    backing = D("0.00153846")
    long = cm.liquidation_price("LONG", D(100), D(10), D(65000), backing)
    short = cm.liquidation_price("SHORT", D(100), D(10), D(65000), backing)
    assert long == D("59386.36903512") and short == D("71861.10312654")
    for side, price in (("LONG", long), ("SHORT", short)):
        exact = _exact_liquidation(side, 100, 10, 65000, Fraction(backing))
        assert abs(Fraction(price) - exact) <= Fraction(1, 10**8) / 2
        # at that price what backs the position equals the maintenance margin
        sign = 1 if side == "LONG" else -1
        pnl = sign * 1000 * (Fraction(1, 65000) - 1 / exact)
        assert Fraction(backing) + pnl == Fraction(5, 1000) * 1000 / exact
    # a short backed by more than its entry value never liquidates
    assert cm.liquidation_price("SHORT", D(1), D(10), D(65000), D("0.001")) == 0
