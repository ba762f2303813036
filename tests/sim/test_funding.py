"""The shared funding fee: exact, and rounded half-even whatever the calling thread's decimal context."""

from decimal import ROUND_HALF_UP, localcontext
from decimal import Decimal as D

from tradewire.sim.funding import funding_fee


def test_a_tie_rounds_half_even_under_a_half_up_context() -> None:
    # 0.05 x 35947.1186 x 0.0005 = 0.898677965 and 0.05 x 35947.1182 x 0.0005 = 0.898677955: both half-way
    # between two 1E-8 steps, so each rounds to the even one (half-up would make the first 0.89867797)
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP  # what ccxt leaves on a thread that used it
        assert funding_fee(D("0.05"), D("35947.1186"), D("0.0005"), True) == D("-0.89867796")
        assert funding_fee(D("0.05"), D("35947.1186"), D("0.0005"), False) == D("0.89867796")
        assert funding_fee(D("0.05"), D("35947.1182"), D("0.0005"), False) == D("0.89867796")


def test_the_sign_follows_the_side() -> None:
    assert funding_fee(D("2"), D("100"), D("-0.0001"), True) == D("0.02")
    assert funding_fee(D("2"), D("100"), D("-0.0001"), False) == D("-0.02")
