"""The fast JSON encoder writes exactly what the exact one writes (decimals as plain-notation numbers)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tradewire.sim.jsonenc import Json, dumps, exact_dumps

_SCALARS = (st.none() | st.booleans() | st.integers() | st.text()
            | st.decimals(allow_nan=False, allow_infinity=False))
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner,
                                                                                            max_size=4), max_leaves=20)


@given(_JSON)
def test_fast_path_matches_the_exact_encoder(value: Json) -> None:
    assert dumps(value) == exact_dumps(value)


def test_exponent_form_decimals_are_written_in_plain_notation() -> None:
    value: Json = {"liquidationPrice": Decimal("1E+2"), "fee": Decimal("1E-7"), "zero": Decimal("0E-8"),
                   "text": "1E+2", "qty": Decimal("0.00100")}
    assert dumps(value) == b'{"liquidationPrice":100,"fee":0.0000001,"zero":0.00000000,"text":"1E+2","qty":0.00100}'
