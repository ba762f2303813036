"""Exact values typed by people: coins and plain decimals."""

from __future__ import annotations

import re
from decimal import Decimal

from tradewire.core.errors import ValidationError
from tradewire.core.validate import to_decimal

#: a plain decimal as people and exchanges write it: ASCII digits, one optional point, no sign, no exponent,
#: no `_` separators (Python's `Decimal()` accepts `1_000`, `1e999`, `NaN` and non-ASCII digits; we do not)
PLAIN_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z", re.ASCII)


DECIMAL_RULE = "must be a plain decimal number such as 25 or 0.001 (digits and one '.'; no exponent or '_')"


COIN = re.compile(r"[A-Z0-9]{1,20}\Z", re.ASCII)


def plain_decimal(text: str) -> Decimal:
    """`text` as an exact Decimal; `ValueError(rule)` for anything else (`1e999`, `NaN`, `inf`, `1_000`, `+5`,
    `١٠`), and for what the library refuses in any number (10^20 or more, more than 18 places)."""
    s = text.strip()
    if not PLAIN_DECIMAL.match(s):
        raise ValueError(DECIMAL_RULE)
    try:
        return to_decimal("value", s)
    except ValidationError as e:
        raise ValueError(e.rule) from None
