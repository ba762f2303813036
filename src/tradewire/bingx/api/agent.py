"""Agent (affiliate) reads, announcements and the v1 server time (skills agent, announcement, references)."""

from __future__ import annotations

from typing import Any

from tradewire.bingx import agent as A
from tradewire.bingx.agent_models import (
    AgentPage,
    AgentUser,
    ApiCommission,
    Commission,
    InvitedUser,
    InviteeDeposit,
    Page,
    Partner,
    ReferralCodeData,
    SuperiorCheck,
)
from tradewire.bingx.models import ServerTime
from tradewire.core.client import SyncClient


class AgentApi(SyncClient):
    """Invited users, commissions, partner data; announcements; server time (v1 path)."""

    def invited_users(self, page_index: int = 1, page_size: int = 100, **extra: Any) -> AgentPage[InvitedUser]:
        """Users you invited, and your UID (`current_agent_uid`); startTime/endTime/lastUid as extras."""
        result: AgentPage[InvitedUser] = self._call(A.INVITED, pageIndex=page_index, pageSize=page_size, **extra)
        return result

    def agent_commissions(self, start_day: str, end_day: str, page_index: int = 1, page_size: int = 100,
                          **extra: Any) -> AgentPage[Commission]:
        """Daily commissions per invited user between two days (yyyymmdd, 30 days at most)."""
        result: AgentPage[Commission] = self._call(A.COMMISSIONS, startTime=start_day, endTime=end_day,
                                                   pageIndex=page_index, pageSize=page_size, **extra)
        return result

    def invite_relation(self, uid: str) -> AgentUser:
        """Whether `uid` was invited by you, with its account status when it was."""
        result: AgentUser = self._call(A.INVITE_RELATION, uid=uid)
        return result

    def api_commissions(self, commission_biz_type: int, start_day: str, end_day: str, page_index: int = 1,
                        page_size: int = 100, **extra: Any) -> Page[ApiCommission]:
        """API-trading commissions of users outside your invitations (81 perpetual, 82 spot)."""
        result: Page[ApiCommission] = self._call(A.API_COMMISSIONS, commissionBizType=commission_biz_type,
                                                 startTime=start_day, endTime=end_day, pageIndex=page_index,
                                                 pageSize=page_size, **extra)
        return result

    def partner_data(self, start_day: str, end_day: str, page_index: int = 1, page_size: int = 100,
                     **extra: Any) -> Page[Partner]:
        """Your partners' referrals, deposits and volumes (last 3 months)."""
        result: Page[Partner] = self._call(A.PARTNERS, startTime=start_day, endTime=end_day,
                                           pageIndex=page_index, pageSize=page_size, **extra)
        return result

    def invitee_deposits(self, uid: str, start_day: str, end_day: str, page_index: int = 1,
                         page_size: int = 100) -> Page[InviteeDeposit]:
        """Deposits of the users invited by `uid` (your own UID; last 90 days)."""
        result: Page[InviteeDeposit] = self._call(A.DEPOSIT_DETAILS, uid=uid, bizType=1, startTime=start_day,
                                                  endTime=end_day, pageIndex=page_index, pageSize=page_size)
        return result

    def referral_code_commissions(self, direct: bool = True, **extra: Any) -> Page[ReferralCodeData]:
        """Commission data per invitation code."""
        result: Page[ReferralCodeData] = self._call(A.REFERRAL_CODES,
                                                    directInvitation="true" if direct else "false", **extra)
        return result

    def superior_check(self, uid: str) -> SuperiorCheck:
        """Whether `uid` is below you in the invitation tree."""
        result: SuperiorCheck = self._call(A.SUPERIOR, uid=uid)
        return result

    def announcements(self, content_type: str | None = None, language: str | None = None,
                      page: int | None = None) -> A.Announcements:
        """The exchange's announcements (public), a page at a time."""
        result: A.Announcements = self._call(A.ANNOUNCEMENTS, contentType=content_type, language=language,
                                             page=page)
        return result

    def server_time_v1(self) -> int:
        """Server time in Unix ms from the v1 path (references/authentication.md)."""
        data: ServerTime = self._call(A.SERVER_TIME_V1)
        return data.server_time
