"""Per-user records besides balances: positions, fee rates, income rows, transfer histories."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradewire.sim.memo import Memo


@dataclass(frozen=True)
class Position:
    """An open perpetual position (hedge mode: one per symbol and side)."""

    position_id: str
    symbol: str
    side: str  # LONG | SHORT
    amount: Decimal
    avg_price: Decimal
    leverage: int
    isolated: bool
    open_time: int
    added_margin: Decimal = Decimal(0)  # isolated: margin added (or removed, or funding paid) beyond the initial


@dataclass(frozen=True)
class IncomeRow:
    """One fund-flow row of the perpetual account."""

    symbol: str
    income_type: str
    income: Decimal
    asset: str
    info: str
    time: int
    tran_id: str
    trade_id: str


@dataclass(frozen=True)
class TransferRecord:
    """A move between two of one user's accounts."""

    tran_id: int
    transfer_id: str
    uid: str
    asset: str
    amount: Decimal
    from_account: str
    to_account: str
    time: int


@dataclass(frozen=True)
class InnerTransfer:
    """A move from one user to another (status 6 = completed)."""

    id: int
    coin: str
    amount: Decimal
    from_uid: str
    to_uid: str
    wallet_type: int
    client_id: str | None
    time: int


@dataclass
class AccountBook:
    """Everything per user that is not a balance, plus the id generators."""

    seed: int
    positions: dict[str, list[Position]] = field(default_factory=dict)
    commission: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # uid -> (taker, maker)
    income: dict[str, list[IncomeRow]] = field(default_factory=dict)
    transfers: list[TransferRecord] = field(default_factory=list)
    inner: list[InnerTransfer] = field(default_factory=list)
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    #: what `perp` derives from these records, remembered with the inputs it came from
    derived: Memo[Any] = field(default_factory=Memo, compare=False, repr=False)

    def new_tran_id(self) -> int:
        """A 19-digit transfer id (above 2**53, like the live ones)."""
        return 1_940_000_000_000_000_000 + self.seed * 1_000_000_000 + next(self._serial) * 7919

    def new_transfer_id(self) -> str:
        """A 22-digit transferId string, as transferRecord shows them."""
        return str(1_051_461_000_000_000_000_000 + self.seed * 1_000_000_000 + next(self._serial) * 104_729)

    def new_inner_id(self) -> int:
        """An internal-transfer id (below 2**53)."""
        return 9_182_736_000_000 + next(self._serial)

    def add_income(self, uid: str, row: IncomeRow) -> None:
        """Append a fund-flow row."""
        self.income.setdefault(uid, []).append(row)
