"""Shared fixtures, and settings that keep the suite deterministic on a busy machine."""

from hypothesis import HealthCheck, settings

# Hypothesis's defaults measure speed: a 200 ms deadline per example and a health check that fails when
# generating data is slow. Both fail on a loaded machine without saying anything about the code.
settings.register_profile("tradewire", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tradewire")
