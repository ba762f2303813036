"""What the MCP SDK's client spends checking one structured result against a tool's output schema.

Run `python bench/schema_validation.py [N]`: best-of-7 microseconds per check (N checks each) with the client's own
code path (jsonschema `validator_for`, a compiled validator cached per tool, `best_match(iter_errors(...))`), for
the schema as pydantic generates it (`$ref`s to `$defs`) and as tradewire publishes it (`inline_refs`), plus two
order-book variants that show where the cost is: the pattern itself, and `$ref` per level. Book levels are published
without the pattern (the server writes them with `format(value, "f")`): those rows say "refuses 1E-8: False".
"""

from __future__ import annotations

import copy
import sys
import timeit
from typing import Any

from jsonschema import exceptions
from jsonschema.validators import validator_for
from referencing import Registry

from tradewire.mcp import schemas as s

DEC = r"^-?\d+(\.\d+)?$"
BOOK = {"notice": None, "venue": "bingx", "env": "sim", "symbol": "BTC/USDT", "time": 1_700_000_000_000,
        "bids": [[f"{64000 - i}.5", f"0.{i + 1:04d}"] for i in range(20)],
        "asks": [[f"{64001 + i}.5", f"0.{i + 1:04d}"] for i in range(20)]}
KLINES = {"notice": None, "venue": "bingx", "env": "sim", "symbol": "BTC/USDT", "interval": "1h", "note": None,
          "candles": [{"time": 1_700_000_000_000 + i, "open": "64000.5", "high": "64100.5", "low": "63900",
                       "close": "64050.25", "volume": "12.345"} for i in range(100)]}


def levels(schema: dict[str, Any], level: dict[str, Any], defs: dict[str, Any] | None = None) -> dict[str, Any]:
    out = copy.deepcopy(schema)
    for side in ("bids", "asks"):
        out["properties"][side]["items"] = level
    if defs:
        out["$defs"] = defs
    return out


def check_us(schema: dict[str, Any], doc: dict[str, Any], n: int) -> tuple[float, bool]:  # float ok: microseconds
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, registry=Registry())
    assert exceptions.best_match(validator.iter_errors(doc)) is None
    best = min(timeit.repeat(lambda: exceptions.best_match(validator.iter_errors(doc)), number=n, repeat=7))
    bad = copy.deepcopy(doc)
    if "bids" in bad:
        bad["bids"][3][0] = "1E-8"
    else:
        bad["candles"][3]["open"] = "1E-8"
    return best / n * 1e6, exceptions.best_match(validator.iter_errors(bad)) is not None


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    book = s.Book.model_json_schema()
    klines = s.Klines.model_json_schema()
    rows: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("order_book 20: before (a pattern on every level value)", levels(
            book, {"type": "array", "maxItems": 2, "minItems": 2,
                   "prefixItems": [{"type": "string", "pattern": DEC}, {"type": "string", "pattern": DEC}]}), BOOK),
        ("order_book 20: as generated (= published, no $ref)", book, BOOK),
        ("order_book 20: published (inline_refs)", s.inline_refs(book), BOOK),
        ("order_book 20: Dec once in $defs, $ref per value", levels(
            book, {"type": "array", "items": {"$ref": "#/$defs/Dec"}, "minItems": 2, "maxItems": 2},
            {"Dec": {"type": "string", "pattern": DEC}}), BOOK),
        ("order_book 20: no pattern (NOT exact)", levels(
            book, {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}), BOOK),
        ("klines 100: as generated ($ref per candle)", klines, KLINES),
        ("klines 100: published (inline_refs)", s.inline_refs(klines), KLINES),
    ]
    print(f"best of 7, {n} checks each: microseconds per structured-result check on the client")
    for name, schema, doc in rows:
        us, refuses = check_us(schema, doc, n)
        print(f"{name:52s} {us:9.0f} us   refuses 1E-8: {refuses}")


if __name__ == "__main__":
    main()
