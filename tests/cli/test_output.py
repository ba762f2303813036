"""Rendering rules: exact decimals, percentages, local or UTC times, time parsing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest

from tradewire.app.errors import CliError
from tradewire.app.output import Col, Out, Table, dec, human_time, percent, to_csv, zone_name
from tradewire.app.timespec import months_ago, parse_time

MS = 1_714_572_187_123  # 2024-05-01 14:03:07.123 UTC


@pytest.fixture
def tokyo() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_decimals_and_percentages_are_exact() -> None:
    assert dec(Decimal("1E-8")) == "0.00000001"
    assert dec(Decimal("10000.0000")) == "10000.0000"
    assert percent(Decimal("0.0005")) == "0.05"
    assert percent(Decimal("0.00020840")) == "0.02084"
    assert percent(Decimal("1")) == "100"


def test_times_local_and_utc(tokyo: None) -> None:
    assert human_time(MS, utc=True) == "2024-05-01 14:03:07.123"
    assert human_time(MS, utc=False) == "2024-05-01 23:03:07.123"
    assert zone_name(False) == "JST" and zone_name(True) == "UTC"
    assert Out("table", utc=False).heading(Col("t", "Time", "time")) == "Time (JST)"
    assert parse_time("2024-05-01T23:03:07", "--since", 0, utc=False) == MS - 123


def test_parse_time() -> None:
    now = MS
    assert parse_time("7d", "--since", now, True) == now - 7 * 86_400_000
    assert parse_time("90m", "--since", now, True) == now - 90 * 60_000
    assert parse_time("2024-05-01", "--since", now, True) == 1_714_521_600_000
    assert parse_time(str(MS), "--since", now, True) == MS
    assert parse_time("now", "--until", now, True) == now
    with pytest.raises(CliError, match="--since"):
        parse_time("yesterday-ish", "--since", now, True)


def test_months_ago_clamps_to_month_end() -> None:
    may_31 = 1_717_113_600_000  # 2024-05-31 00:00 UTC
    assert months_ago(may_31, 3) == 1_709_164_800_000  # 2024-02-29
    assert months_ago(MS, 3) == MS - (29 + 31 + 30) * 86_400_000  # 2024-02-01 14:03:07.123


def test_csv_leaves_missing_values_empty() -> None:
    rows = [{"a": "1", "b": None}, {"a": "2", "b": Decimal("0.10")}]
    t = Table("x", "X", (Col("a", "A"), Col("b", "B", "dec")), rows)
    assert to_csv(t) == "a,b\n1,\n2,0.10\n"
