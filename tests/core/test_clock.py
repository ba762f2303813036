"""The client's server-time offset: stamps never run ahead of the server, however slow the round trip."""

from __future__ import annotations

from tradewire.core.clock import Clock


def test_offset_never_puts_stamps_in_the_future() -> None:
    local = [1_000_000]
    clock = Clock(source=lambda: local[0])
    # the server read 5_000_000 at some moment of a 3 s round trip (sent at local 1_000_000, answered at 1_003_000)
    clock.update(5_000_000, 1_000_000, 1_003_000)
    local[0] = 1_003_000
    # the server read its clock anywhere in the trip; at the answer its time is 5_000_000 .. 5_003_000
    assert clock.now_ms() == 5_000_000
    assert clock.synced
    clock.update(5_000_000, 1_003_000, 1_003_000)  # an instant round trip: exact
    assert clock.now_ms() == 5_000_000
