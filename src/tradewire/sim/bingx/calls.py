"""One endpoint declaration, and what its handler receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from tradewire.sim.bingx.params import Params
from tradewire.sim.bingx.ratelimit import Limit
from tradewire.sim.bingx.replies import Reply
from tradewire.sim.bingx.state import SimState
from tradewire.sim.users import SimUser

Q4 = Decimal("0.0001")


@dataclass(frozen=True)
class Call:
    """An authenticated (or public) request ready for its handler; ``now`` is the server time."""

    state: SimState
    params: Params
    user: SimUser | None
    now: int

    @property
    def uid(self) -> str:
        """UID of the caller (signed and API-key endpoints only)."""
        assert self.user is not None
        return self.user.uid


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Endpoint:
    """Method, path, auth (none | signed | apikey), error family, limits and handler of one endpoint."""

    method: str
    path: str
    auth: str
    swap: bool  # parameter errors: 109400 for swap endpoints, 100400 for spot/account/wallet ones
    uid_limit: Limit | None
    group: str | None  # IP group: "market" or "account"
    handler: Handler


def fmt(value: Decimal) -> str:
    """Plain decimal text, never exponent notation."""
    return format(value, "f")


def fmt4(value: Decimal) -> str:
    """Four decimals, as the perpetual account shows money."""
    return format(value.quantize(Q4), "f")
