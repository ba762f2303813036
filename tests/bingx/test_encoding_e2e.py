"""Text that a server decodes (spaces, `%`, `+`, non-ASCII) travels encoded and verifies, sync and async alike."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.both import Both
from tradewire.sim import Simulator


@pytest.mark.parametrize("value", ["a b", "100%", "a+b", "Zoë", "x<y>|z"])
def test_free_text_arrives_as_signed(bx: Both, sim: Simulator, value: str) -> None:
    records = bx.transfer_records(from_account="fund", to_account="spot", transfer_id=value)
    assert records.rows == []
    sent = sim.requests[-1]
    pairs = dict(p.split("=", 1) for p in sent.raw_query.split("&"))
    assert " " not in sent.raw_query and "+" not in sent.raw_query
    assert unquote(pairs["transferId"]) == value
