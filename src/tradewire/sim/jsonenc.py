"""JSON encoding where ``Decimal`` becomes a JSON number written exactly (``format(d, "f")``)."""

from __future__ import annotations

import json
from decimal import Decimal

Json = None | bool | int | str | Decimal | list["Json"] | dict[str, "Json"]


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


def dumps(value: Json) -> bytes:
    """Compact UTF-8 JSON; strings stay strings, decimals are bare numbers."""
    out: list[str] = []
    _parts(value, out)
    return "".join(out).encode()
