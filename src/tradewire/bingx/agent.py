"""BingX agent (affiliate) reads, announcements and the v1 server time (skills agent, announcement,
references): declarations, and the announcement models (the agent ones are in `agent_models.py`)."""

from __future__ import annotations

import msgspec

from tradewire.bingx import agent_models as am
from tradewire.bingx.endpoints import END, START, signed
from tradewire.bingx.models import Model, ServerTime
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.validate import any_value, integer, one_of, text

AGENT = ("uid:20/1", "ip:2/1")
UID = Param("uid", text(r"[0-9]+", max_len=20, rule="a UID: digits only"))
UID_REQ = Param("uid", text(r"[0-9]+", max_len=20, rule="a UID: digits only"), required=True)
PAGE = Param("pageIndex", integer(1), required=True)
DAY = text(r"[0-9]{8}", rule="a day as yyyymmdd, e.g. 20240101")
CONTENT_TYPES = ("LatestAnnouncements", "LatestPromotions", "ProductUpdates", "AssetMaintenance",
                 "SystemMaintenance", "SpotListing", "FuturesListing", "InnovationListing", "FundingRate",
                 "Delisting", "CryptoScout")


class Announcement(Model, kw_only=True):
    title: str
    time: str | None = None
    link: str | None = None
    content: str | None = None
    type: str | None = None


class Announcements(Model, kw_only=True):
    items: list[Announcement] = msgspec.field(name="list")
    total: int
    page: int | None = None


def agent(name: str, path: str, result: object, *params: Param) -> Endpoint:
    """An agent read answering `result` (a page `{list, total, ...}` or one object)."""
    return signed(name, "GET", path, result, *params, limits=AGENT)


INVITED = agent("agent.inviteAccountList", "/openApi/agent/v1/account/inviteAccountList",
                am.AgentPage[am.InvitedUser], PAGE,
                Param("pageSize", integer(1), required=True), START, END, Param("lastUid", any_value))
COMMISSIONS = agent("agent.commissionDataList", "/openApi/agent/v2/reward/commissionDataList",
                    am.AgentPage[am.Commission],
                    Param("startTime", DAY, required=True), Param("endTime", DAY, required=True), PAGE,
                    Param("pageSize", integer(1, 100), required=True), UID, Param("invitationCode", any_value),
                    Param("businessType", any_value))
INVITE_RELATION = agent("agent.inviteRelationCheck", "/openApi/agent/v1/account/inviteRelationCheck", am.AgentUser,
                        UID_REQ)
API_COMMISSIONS = agent("agent.third.commissionDataList", "/openApi/agent/v1/reward/third/commissionDataList",
                        am.Page[am.ApiCommission],
                        Param("commissionBizType", one_of(81, 82), required=True),
                        Param("startTime", DAY, required=True), Param("endTime", DAY, required=True), PAGE,
                        Param("pageSize", integer(1, 100), required=True), UID)
PARTNERS = agent("agent.partnerData", "/openApi/agent/v1/asset/partnerData", am.Page[am.Partner],
                 Param("startTime", DAY, required=True), Param("endTime", DAY, required=True), PAGE,
                 Param("pageSize", integer(1, 200), required=True), UID)
DEPOSIT_DETAILS = agent("agent.depositDetailList", "/openApi/agent/v1/asset/depositDetailList",
                        am.Page[am.InviteeDeposit], UID_REQ,
                        Param("bizType", one_of(1), required=True), Param("startTime", DAY, required=True),
                        Param("endTime", DAY, required=True), PAGE, Param("pageSize", integer(1, 100), required=True))
REFERRAL_CODES = agent("agent.commissionDataList.referralCode", "/openApi/agent/v1/commissionDataList/referralCode",
                       am.Page[am.ReferralCodeData],
                       Param("referralCode", any_value), Param("directInvitation", one_of("true", "false"),
                                                               required=True),
                       START, END, Param("pageIndex", integer(1)), Param("pageSize", integer(1, 200)))
SUPERIOR = agent("agent.superiorCheck", "/openApi/agent/v1/account/superiorCheck", am.SuperiorCheck, UID_REQ)
ANNOUNCEMENTS = Endpoint("content.announcement", "GET", "/openApi/content/v1/announcement", "none",
                         (Param("contentType", one_of(*CONTENT_TYPES)), Param("language", one_of("zh-tw", "en-us")),
                          Param("page", integer(1))), (), Announcements, limits=("ip:10/1",))
SERVER_TIME_V1 = Endpoint("swap.market.serverTime.v1", "GET", "/openApi/swap/v1/server/time", "none", (), (),
                          ServerTime, limits=("group:market", "ip:10/1"))
