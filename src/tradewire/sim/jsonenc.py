"""JSON encoding where ``Decimal`` becomes a JSON number written exactly (``format(d, "f")``).

The fast path is msgspec's C encoder, which writes a Decimal as ``str(d)``: the same text as ``format(d, "f")``
unless it is in exponent form (``1E+2``, ``1E-7``). Output with a digit followed by ``E+``/``E-`` (such a number,
or a string that happens to contain one) is written again by the exact encoder below, as is anything msgspec
refuses.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import msgspec

Json = None | bool | int | str | Decimal | list["Json"] | dict[str, "Json"]

_FAST = msgspec.json.Encoder(decimal_format="number")
_EXPONENT = re.compile(rb"[0-9]E[+-]")


def _parts(value: Json, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for n, (key, item) in enumerate(value.items()):
            out.append(("," if n else "") + json.dumps(key, ensure_ascii=False) + ":")
            _parts(item, out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for n, item in enumerate(value):
            if n:
                out.append(",")
            _parts(item, out)
        out.append("]")
    elif isinstance(value, Decimal):
        out.append(format(value, "f"))
    else:  # str, int, bool, None: the stdlib writes these exactly
        out.append(json.dumps(value, ensure_ascii=False))


def exact_dumps(value: Json) -> bytes:
    """`dumps` without the fast path (the reference the fast path must match)."""
    out: list[str] = []
    _parts(value, out)
    return "".join(out).encode()


def dumps(value: Json) -> bytes:
    """Compact UTF-8 JSON; strings stay strings, decimals are bare numbers."""
    try:
        body = _FAST.encode(value)
    except (TypeError, ValueError):  # e.g. Decimal("NaN"), which only the exact encoder writes
        return exact_dumps(value)
    if (b"E+" in body or b"E-" in body) and _EXPONENT.search(body):  # the regex only when a find hints at it
        return exact_dumps(value)
    return body
