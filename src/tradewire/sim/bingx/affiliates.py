"""The simulated affiliate program: the demo user invited Bob directly, who deposited and traded once.

Fixed figures derived from the users and the simulator's start (the simulator does not attribute live trades
to referrers): one invitee, his deposit, and one day of commissions (the day before the start), rows written
with the field names and types of bingx-skills/agent/api-reference.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tradewire.sim.jsonenc import Json
from tradewire.sim.market import DAY
from tradewire.sim.users import SimUser

HOUR = 3_600_000
COMMISSION_RATIO = 30  # % of the invitee's fees paid to the agent
BENEFIT_RATIO = 10  # % fee cashback for the invitee
#: the invitee's day of trading: (spot, perpetual) volume and fee in USDT
SPOT_VOLUME, SPOT_FEE = Decimal("2500.5"), Decimal("2.5005")
SWAP_VOLUME, SWAP_FEE = Decimal("10000"), Decimal("5")
DEPOSIT = Decimal("1000")
NET_ASSETS = Decimal("1003.25")


def invite_code(user: SimUser) -> str:
    """The user's own invitation code."""
    return "BX" + user.uid[-6:]


def _text(value: Decimal) -> str:
    return format(value, "f")


def _rebate(fee: Decimal) -> Decimal:
    return fee * COMMISSION_RATIO / 100


@dataclass(frozen=True)
class Invitation:
    """`invitee` registered with `agent`'s code at `registered` (ms)."""

    agent: SimUser
    invitee: SimUser
    registered: int

    @property
    def commission_day(self) -> int:
        """Midnight (UTC, ms) of the invitee's day of trading."""
        return (self.registered + 19 * DAY) // DAY * DAY

    @property
    def deposit_time(self) -> int:
        return self.registered + HOUR

    def account(self) -> dict[str, Json]:
        """The fields the invited-users list and the agent-user check share."""
        return {"inviterSid": int(self.agent.uid), "deposit": True, "kycResult": "true",
                "balanceVolume": _text(NET_ASSETS), "trade": True, "userLevel": 1,
                "commissionRatio": COMMISSION_RATIO, "currentBenefit": 1, "benefitRatio": BENEFIT_RATIO,
                "benefitExpiration": self.registered + 90 * DAY}

    def invited_user(self) -> dict[str, Json]:
        """An `InvitedUser` row."""
        return {"uid": self.invitee.uid, "ownInviteCode": invite_code(self.invitee),
                "InvitationCode": invite_code(self.agent), "registerTime": self.registered,
                "directInvitation": True, **self.account()}

    def relation(self) -> dict[str, Json]:
        """The agent-user check of the invitee, asked by its agent."""
        return {"uid": int(self.invitee.uid), "existInviter": "true", "inviteResult": True,
                "directInvitation": True, "registerDateTime": self.registered, **self.account()}

    def commission(self) -> dict[str, Json]:
        """The `CommissionData` row of the invitee's day of trading."""
        zero = "0"
        return {"uid": int(self.invitee.uid), "commissionTime": self.commission_day,
                "tradingVolume": _text(SPOT_VOLUME + SWAP_VOLUME),
                "commissionVolume": _text(_rebate(SPOT_FEE) + _rebate(SWAP_FEE)),
                "spotTradingVolume": _text(SPOT_VOLUME), "swapTradingVolume": _text(SWAP_VOLUME),
                "stdTradingVolume": zero, "extCopyTradingVolume": zero, "mt5TradingVolume": zero,
                "spotCommissionVolume": _text(_rebate(SPOT_FEE)), "swapCommissionVolume": _text(_rebate(SWAP_FEE)),
                "stdCommissionVolume": zero, "extCopyCommissionVolume": zero, "mt5CommissionVolume": zero}

    def deposit(self) -> dict[str, Json]:
        """The invitee's deposit row."""
        return {"uid": int(self.invitee.uid), "inviteResult": True, "directInvitation": True, "bizType": 1,
                "bizTime": self.deposit_time, "assetType": 1, "assetTypeName": "Deposit", "currencyName": "USDT",
                "currencyAmountVolume": _text(DEPOSIT)}

    def referral_code(self) -> dict[str, Json]:
        """The agent's invitation code row (the invitee's cashback offsets part of his fees)."""
        fee = SPOT_FEE + SWAP_FEE
        offset = fee * BENEFIT_RATIO / 100
        return {"referralCode": invite_code(self.agent), "commissionRatio": str(COMMISSION_RATIO),
                "friendEarn": str(BENEFIT_RATIO), "swapFeeDiscount": "0", "referralNum": "1", "deposited": "1",
                "traded": "1", "tradingVolume": _text(SPOT_VOLUME + SWAP_VOLUME), "fee": _text(fee),
                "offsetTradingFees": _text(offset), "payableTradingFees": _text(fee - offset),
                "commission": _text(_rebate(fee))}


def invitations(users: list[SimUser], start_ms: int) -> tuple[Invitation, ...]:
    """The program: the demo user (first) invited Bob (second) 20 days before the start."""
    return (Invitation(users[0], users[1], start_ms - 20 * DAY),)
