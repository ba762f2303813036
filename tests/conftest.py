"""Shared fixtures, and settings that keep the suite deterministic on a busy machine."""

import decimal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis's defaults measure speed: a 200 ms deadline per example and a health check that fails when
# generating data is slow. Both fail on a loaded machine without saying anything about the code.
settings.register_profile("tradewire", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tradewire")


@pytest.fixture
def instant_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries and reconciling lookups back off by 0 s: for tests of what is sent and said, not of the pauses
    (each retry and lookup is still a real request, and the simulator counts them)."""
    from tradewire.bingx import orders, wallet
    from tradewire.core import call

    for module in (call, orders, wallet):
        monkeypatch.setattr(module, "backoff", lambda attempt: 0.0)


@pytest.fixture(autouse=True)
def fresh_decimal_context() -> Iterator[None]:
    """Each test starts from the default decimal context: ccxt sets ROUND_HALF_UP (and traps Underflow) on
    the thread that calls it, which would otherwise leak into every later test of the process."""
    decimal.setcontext(decimal.Context())
    yield
