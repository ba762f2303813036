"""State of the perpetual features beside orders and positions: the cancel-all-after timers, multi-assets mode,
auto-add-margin switches, margin-change and VST records, TWAP orders, copy-trading settings and the standard
contract account. Kept on the simulator state (picklable) and created on first use."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from tradewire.sim.bingx.accounts import Position
from tradewire.sim.bingx.state import SimState

_LOCK = threading.Lock()


@dataclass(frozen=True)
class MarginChange:
    """One isolated-margin adjustment of a position (type 1 add, 2 reduce, 3 automatic add)."""

    position_id: str
    symbol: str
    amount: Decimal
    type: int
    time: int


@dataclass
class Twap:
    """A TWAP strategy: a MARKET child of `per_order` every `interval` s while the trigger price allows."""

    id: str
    uid: str
    symbol: str
    side: str
    position_side: str
    price_type: str
    price_variance: Decimal
    trigger_price: Decimal
    interval: int
    per_order: Decimal
    total: Decimal
    time: int
    status: str = "Running"  # Running | Completed | Cancelled
    executed: Decimal = Decimal(0)
    children: list[str] = field(default_factory=list)  # swap order ids
    next_due: int = 0
    update_time: int = 0


@dataclass
class SwapExtras:
    """Per-user records of the features above."""

    seeded: dict[str, list[Position]]  # the positions that existed before any fill (position history)
    kill_at: dict[str, int] = field(default_factory=dict)  # uid -> cancel-all trigger time (ms)
    asset_mode: dict[str, str] = field(default_factory=dict)
    auto_add: dict[tuple[str, str], bool] = field(default_factory=dict)  # (uid, position id) -> on
    margin_changes: dict[str, list[MarginChange]] = field(default_factory=dict)
    vst_applied: dict[str, Decimal] = field(default_factory=dict)
    twaps: dict[str, Twap] = field(default_factory=dict)
    commission: dict[str, Decimal] = field(default_factory=dict)  # copy-trading trader commission rate
    tpsl: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # position -> TP, SL order ids
    spot_sells: dict[tuple[str, str], str] = field(default_factory=dict)  # (uid, buy order id) -> sell id
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self) -> str:
        """A 19-digit id (above 2**53, like the live ones)."""
        return str(1_860_000_000_000_000_000 + next(self._ids) * 7_919)

    def record_margin(self, uid: str, change: MarginChange) -> None:
        """Append a margin change of `uid`."""
        self.margin_changes.setdefault(uid, []).append(change)


def extras(state: SimState) -> SwapExtras:
    """The extras of `state`, created on first use (before any fill: the positions then are the seeded ones)."""
    with _LOCK:
        found = getattr(state, "_bingx_swap_extras", None)
        if found is None:
            found = SwapExtras({uid: list(rows) for uid, rows in state.book.positions.items()})
            state._bingx_swap_extras = found  # type: ignore[attr-defined]
        assert isinstance(found, SwapExtras)
        return found
