"""The simulated clock forgives a client exactly the drift its own speed causes, and nothing else."""

from __future__ import annotations

import types

import pytest

from tradewire.sim import clock as clock_module
from tradewire.sim.clock import SimClock


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A hand-driven real clock: [seconds]; both wall and monotonic time read it."""
    now = [1_700_000_000.0]
    fake = types.SimpleNamespace(time=lambda: now[0], monotonic=lambda: now[0])
    monkeypatch.setattr(clock_module, "time", fake)
    return now


def test_speed_one_forgives_nothing(wall: list[float]) -> None:
    c = SimClock()
    wall[0] += 100
    assert c.drift_ms() == (0, 0)
    assert c.stamp_age_ms(c.now_ms() - 6000) == 6000
    assert c.stamp_age_ms(c.now_ms() + 3000) == -3000


def test_frozen_clock_forgives_a_synced_client_running_ahead(wall: list[float]) -> None:
    c = SimClock()
    c.speed = 0
    frozen = c.now_ms()
    synced_stamp = frozen  # a client synced now stamps `frozen + real time since`
    wall[0] += 30
    assert c.now_ms() == frozen
    assert c.drift_ms() == (30_000, 0)
    assert c.stamp_age_ms(synced_stamp + 30_000) == 0
    assert c.stamp_age_ms(synced_stamp + 32_000) == -2000  # further ahead than any synced client: refused
    assert c.stamp_age_ms(frozen - 6000) == 6000  # a stale stamp is as stale as ever
    c.speed = 1
    wall[0] += 10
    assert c.drift_ms() == (30_000, 0)  # running at speed 1 again: the drift stops growing


def test_fast_clock_forgives_a_synced_client_running_behind(wall: list[float]) -> None:
    c = SimClock()
    start = c.now_ms()
    c.speed = 50
    wall[0] += 2
    assert c.now_ms() == start + 100_000
    assert c.drift_ms() == (0, 98_000)
    assert c.stamp_age_ms(start + 2000) == 0  # synced at the start, 2 s of its own time later
    assert c.stamp_age_ms(start - 5000) == 7000  # 5 s older than the sync, which was 2 real seconds ago


def test_jumps_and_skew_are_not_forgiven(wall: list[float]) -> None:
    c = SimClock()
    stamp = c.now_ms()
    c.advance(60_000)
    assert c.stamp_age_ms(stamp) == 60_000
    c.skew_ms = -90_000
    assert c.stamp_age_ms(stamp) == -30_000
