"""The output schemas that mirror unified types keep every field, with each Decimal as an exact-decimal string."""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

import msgspec
import pytest
from pydantic import BaseModel, ValidationError

from tradewire.mcp import schemas as s
from tradewire.unified import types as u

MIRRORS = [(s.BalanceRow, u.Balance), (s.PositionRow, u.Position), (s.TickerRow, u.Ticker),
           (s.Candle, u.Candle), (s.OrderRow, u.Order)]


@pytest.mark.parametrize(("schema", "struct"), MIRRORS, ids=lambda x: x.__name__)
def test_schema_mirrors_the_unified_type(schema: type[BaseModel], struct: type[msgspec.Struct]) -> None:
    fields = {f.name: f.type for f in msgspec.structs.fields(struct)}
    published = schema.model_json_schema()["properties"]
    assert list(published) == list(fields)
    for name, tp in fields.items():
        decimal = tp is Decimal or Decimal in get_args(tp)
        assert ("'pattern'" in str(published[name])) == decimal, name


def test_a_decimal_must_be_written_out() -> None:
    with pytest.raises(ValidationError):
        s.Candle(time=0, open="1E-8", high="1", low="1", close="1", volume="1")
    assert s.Candle(time=0, open="0.00000001", high="1", low="-1.5", close="1", volume="0").open == "0.00000001"


def test_book_levels_carry_no_pattern_and_the_server_writes_them_plain() -> None:
    import re

    from tradewire.mcp.desk import plain

    published = s.inline_refs(s.Book.model_json_schema())
    assert "'pattern'" not in str(published["properties"]["bids"]) + str(published["properties"]["asks"])
    pattern = re.compile(s.Dec.__metadata__[0].metadata[0].pattern)  # type: ignore[attr-defined]
    levels = plain([(Decimal("1E-8"), Decimal("5E+3")), (Decimal("64000.50"), Decimal("0E-8"))])
    assert levels == [["0.00000001", "5000"], ["64000.50", "0.00000000"]]
    assert all(pattern.match(value) for level in levels for value in level)
