"""Agent (affiliate) reads, announcements and the v1 server time (skills agent, announcement, references).

The rows come from the simulated affiliate program (`affiliates.py`: the demo user invited Bob), filtered by
the caller, the days or times asked and the page, after the parameters are checked as the reference states
(agent parameter errors: 80012). Nobody trades through the API outside an invitation and nobody is a partner:
those pages are empty.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tradewire.sim.bingx import market_api as mk
from tradewire.sim.bingx.affiliates import Invitation, invitations, invite_code
from tradewire.sim.bingx.calls import Call, Endpoint, Handler
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.ratelimit import Limit
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import DAY

AGENT_PARAM = 80012  # "Parameter error" (agent api-reference)
_DAY_RE = re.compile(r"^[0-9]{8}$")
CONTENT_TYPES = ("LatestAnnouncements", "LatestPromotions", "ProductUpdates", "AssetMaintenance",
                 "SystemMaintenance", "SpotListing", "FuturesListing", "InnovationListing", "FundingRate",
                 "Delisting", "CryptoScout")
PAGE_SIZE = 10
DEFAULT_CODE_DAYS = 7  # referralCode: "defaults to last 7 days" without startTime/endTime
#: (type, title, days before the simulator's start)
NOTICES = (("SpotListing", "BingX Will List SOL (SOL) in the Innovation Zone", 2),
           ("FuturesListing", "BingX Perpetual Futures Lists DOGE-USDT with up to 50x Leverage", 5),
           ("SystemMaintenance", "Scheduled System Maintenance Notice", 9),
           ("FundingRate", "Funding Rate Interval Adjustment for BTC-USDT", 12),
           ("AssetMaintenance", "Wallet Maintenance for ETH (ERC20) Network", 20))


def _fail(msg: str) -> ApiError:
    return ApiError(AGENT_PARAM, msg)


def _required(call: Call, *names: str) -> None:
    for name in names:
        if call.params.text(name) is None:
            raise _fail(f"{name} is required")


def _page(call: Call, high: int | None, *, default: int | None = None) -> tuple[int, int]:
    """(pageIndex, pageSize), required unless `default` gives the size (index 1)."""
    try:
        index = call.params.integer("pageIndex", low=1, default=None if default is None else 1)
        size = call.params.integer("pageSize", low=1, high=high, default=default)
    except ApiError as exc:
        raise _fail(exc.msg) from exc
    if index is None or size is None:
        raise _fail("pageIndex and pageSize are required")
    return index, size


def _days(call: Call) -> tuple[int, int]:
    """startTime and endTime (yyyymmdd, required) as [midnight of the first day, midnight after the last)."""
    bounds = []
    for name in ("startTime", "endTime"):
        value = call.params.text(name)
        if value is None or not _DAY_RE.match(value):
            raise _fail(f"{name} must be a day written yyyymmdd")
        try:
            day = datetime.strptime(value, "%Y%m%d").replace(tzinfo=UTC)
        except ValueError as exc:
            raise _fail(f"{name} is not a calendar day") from exc
        bounds.append(int(day.timestamp() * 1000))
    return bounds[0], bounds[1] + DAY


def _times(call: Call) -> tuple[int | None, int | None]:
    try:
        return call.params.time_range()
    except ApiError as exc:
        raise _fail(exc.msg) from exc


def _paged(call: Call, rows: list[Json], high: int | None, default: int | None = None, **extra: Json) -> Reply:
    """The page of `rows` asked for, with the number of rows."""
    index, size = _page(call, high, default=default)
    return ok({"list": rows[(index - 1) * size:index * size], "total": len(rows), **extra})


def _mine(call: Call) -> list[Invitation]:
    """The invitations of the caller."""
    return [i for i in invitations(call.state.users, call.state.market.start_ms) if i.agent.uid == call.uid]


def invite_list(call: Call) -> Reply:
    """GET /openApi/agent/v1/account/inviteAccountList: invitees registered in [startTime, endTime] (ms)."""
    start, end = _times(call)
    rows: list[Json] = [i.invited_user() for i in _mine(call) if (start is None or i.registered >= start)
                        and (end is None or i.registered <= end)]
    return _paged(call, rows, None, currentAgentUid=int(call.uid))


def commission_list(call: Call) -> Reply:
    """GET /openApi/agent/v2/reward/commissionDataList: rows of the days asked, by invitee UID or code."""
    low, high = _days(call)
    uid, code = call.params.text("uid"), call.params.text("invitationCode")
    rows: list[Json] = [i.commission() for i in _mine(call) if low <= i.commission_day < high
                        and uid in (None, i.invitee.uid) and code in (None, invite_code(i.agent))]
    return _paged(call, rows, 100, currentAgentUid=int(call.uid))


def third_commissions(call: Call) -> Reply:
    """GET /openApi/agent/v1/reward/third/commissionDataList."""
    if call.params.text("commissionBizType") not in ("81", "82"):
        raise _fail("commissionBizType must be 81 or 82")
    _days(call)
    return _paged(call, [], 100)


def partner_data(call: Call) -> Reply:
    """GET /openApi/agent/v1/asset/partnerData."""
    _days(call)
    return _paged(call, [], 200)


def deposit_details(call: Call) -> Reply:
    """GET /openApi/agent/v1/asset/depositDetailList: deposits of the invitees of `uid` (the caller)."""
    _required(call, "uid", "bizType")
    low, high = _days(call)
    uid = call.params.require("uid")
    rows: list[Json] = [i.deposit() for i in _mine(call) if uid == call.uid and low <= i.deposit_time < high]
    return _paged(call, rows, 100)


def referral_codes(call: Call) -> Reply:
    """GET /openApi/agent/v1/commissionDataList/referralCode: the caller's code, for direct invitations."""
    direct = call.params.text("directInvitation")
    if direct not in ("true", "false"):
        raise _fail("directInvitation must be true or false")
    start, end = _times(call)
    if start is None and end is None:
        start = call.now - DEFAULT_CODE_DAYS * DAY
    code = call.params.text("referralCode")
    rows: list[Json] = [i.referral_code() for i in _mine(call) if direct == "true"
                        and code in (None, invite_code(i.agent))
                        and (start is None or i.commission_day >= start) and (end is None or i.commission_day <= end)]
    return _paged(call, rows, 200, default=100)


def _invitation_of(call: Call) -> tuple[Invitation | None, bool]:
    """The caller's invitation of `uid`, and whether anybody invited `uid`."""
    _required(call, "uid")
    uid = call.params.require("uid")
    every = [i for i in invitations(call.state.users, call.state.market.start_ms) if i.invitee.uid == uid]
    return next((i for i in every if i.agent.uid == call.uid), None), bool(every)


def relation_check(call: Call) -> Reply:
    """GET /openApi/agent/v1/account/inviteRelationCheck: account details for the caller's invitees only."""
    mine, invited = _invitation_of(call)
    if mine is not None:
        return ok(mine.relation())
    return ok({"uid": int(call.params.require("uid")), "existInviter": "true" if invited else "false",
               "inviteResult": False, "directInvitation": False})


def superior_check(call: Call) -> Reply:
    """GET /openApi/agent/v1/account/superiorCheck."""
    mine, _ = _invitation_of(call)
    return ok({"inviteResult": mine is not None, "directInvitation": mine is not None})


def announcements(call: Call) -> Reply:
    """GET /openApi/content/v1/announcement (public): the simulator's notices, newest first, 10 a page."""
    kind = call.params.enum("contentType", CONTENT_TYPES)
    call.params.enum("language", ("zh-tw", "en-us"))
    page = call.params.integer("page", default=1, low=1) or 1
    start = call.state.market.start_ms
    rows: list[Json] = []
    for index, (kind_, title, days) in enumerate(NOTICES):
        if kind in (None, "LatestAnnouncements", kind_):
            rows.append({"title": title, "time": _time(start - days * DAY), "type": kind_,
                         "link": f"https://bingx.com/en/support/announcement/detail/{9000 + index}",
                         "content": title + "."})
    return ok({"list": rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], "total": len(rows), "page": page})


def _time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _agent(path: str, handler: Handler) -> Endpoint:
    return Endpoint("GET", path, "signed", False, Limit(20, 1000), "account", handler)


ENDPOINTS = (
    _agent("/openApi/agent/v1/account/inviteAccountList", invite_list),
    _agent("/openApi/agent/v2/reward/commissionDataList", commission_list),
    _agent("/openApi/agent/v1/account/inviteRelationCheck", relation_check),
    _agent("/openApi/agent/v1/reward/third/commissionDataList", third_commissions),
    _agent("/openApi/agent/v1/asset/partnerData", partner_data),
    _agent("/openApi/agent/v1/asset/depositDetailList", deposit_details),
    _agent("/openApi/agent/v1/commissionDataList/referralCode", referral_codes),
    _agent("/openApi/agent/v1/account/superiorCheck", superior_check),
    Endpoint("GET", "/openApi/content/v1/announcement", "none", False, None, "market", announcements),
    Endpoint("GET", "/openApi/swap/v1/server/time", "none", True, None, None, mk.server_time),
)
