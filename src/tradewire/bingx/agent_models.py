"""Typed BingX agent (affiliate) results, field for field as bingx-skills/agent/api-reference.md lists them.

Money and USDT volumes are `Decimal`, UIDs `Id`. The reference writes some flags as the strings `"true"` /
`"false"` (`kycResult`, `existInviter`): they decode to `bool` (the codec's decoder is `strict=False`), so a
plain JSON bool reads the same. Two names are capitalised on the wire (`InvitationCode`, `Phone`).
Fields are required unless the reference makes them conditional: an agent-user check without an invitation
carries the relation flags only; `remarks` and a partner's masked `email` / `Phone` may be blank.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Generic, TypeVar

import msgspec

from tradewire.bingx.models import Model
from tradewire.core.codec import Id, Percent

T = TypeVar("T")


class Page(Model, Generic[T], kw_only=True):
    """One page of rows (`list`) and the number of rows in all pages (`total`)."""

    items: list[T] = msgspec.field(name="list")
    total: int


class AgentPage(Page[T], kw_only=True):
    """A page that also names the agent who asked (`currentAgentUid`)."""

    current_agent_uid: Id


class InvitedUser(Model, kw_only=True):
    """A user you invited (`InvitedUser`); `commission_ratio` and `benefit_ratio` are whole percents."""

    uid: Id
    own_invite_code: str
    inviter_sid: Id
    invitation_code: str = msgspec.field(name="InvitationCode")
    register_time: int
    direct_invitation: bool
    kyc_result: bool
    deposit: bool
    balance_volume: Decimal
    trade: bool
    user_level: int
    commission_ratio: int
    current_benefit: int  # 0 none, 1 fee cashback, 2 perpetual fee discount
    benefit_ratio: int
    benefit_expiration: int


class Commission(Model, kw_only=True):
    """One invited user's commission of one day (`CommissionData`), volumes and rebates in USDT."""

    uid: Id
    commission_time: int
    trading_volume: Decimal
    commission_volume: Decimal
    spot_trading_volume: Decimal
    swap_trading_volume: Decimal
    std_trading_volume: Decimal
    ext_copy_trading_volume: Decimal
    mt5_trading_volume: Decimal
    spot_commission_volume: Decimal
    swap_commission_volume: Decimal
    std_commission_volume: Decimal
    ext_copy_commission_volume: Decimal
    mt5_commission_volume: Decimal


class AgentUser(Model, kw_only=True):
    """The agent-user check of one UID; the account details come with an invitation relationship only."""

    uid: Id
    exist_inviter: bool
    invite_result: bool
    direct_invitation: bool
    inviter_sid: Id | None = None
    register_date_time: int | None = None
    deposit: bool | None = None
    kyc_result: bool | None = None
    balance_volume: Decimal | None = None
    trade: bool | None = None
    user_level: int | None = None
    commission_ratio: int | None = None
    current_benefit: int | None = None
    benefit_ratio: int | None = None
    benefit_expiration: int | None = None


class ApiCommission(Model, kw_only=True):
    """API-trading commission of a user outside your invitations (`ApiTransactionCommissionData`)."""

    uid: Id
    commission_time: int
    trade_volume: Decimal
    commission_volume: Decimal
    commission_biz_type: int  # 81 perpetual, 82 spot


class Partner(Model, kw_only=True):
    """A partner's referrals, deposits and volumes in the queried days (`PartnerInformationData`)."""

    uid: Id
    email: str | None = None
    phone: str | None = msgspec.field(default=None, name="Phone")
    referral_type: int  # 1 direct, 2 indirect
    remarks: str | None = None
    referrer_uid: Id
    language: str
    new_referees: int
    first_trade: int
    branch_deposits: Decimal
    branch_trading: int
    branch_trading_vol: Decimal
    level: str
    commission_ratio: Decimal


class InviteeDeposit(Model, kw_only=True):
    """A deposit of an invited user (`bizType` 1)."""

    uid: Id
    invite_result: bool
    direct_invitation: bool
    biz_type: int
    biz_time: int
    asset_type: int
    asset_type_name: str
    currency_name: str
    currency_amount_volume: Decimal


class ReferralCodeData(Model, kw_only=True):
    """Commission data of one invitation code; the three ratios are percents."""

    referral_code: str
    commission_ratio: Percent
    friend_earn: Percent
    swap_fee_discount: Percent
    referral_num: int
    deposited: int
    traded: int
    trading_volume: Decimal
    fee: Decimal
    offset_trading_fees: Decimal
    payable_trading_fees: Decimal
    commission: Decimal


class SuperiorCheck(Model, kw_only=True):
    invite_result: bool
    direct_invitation: bool
