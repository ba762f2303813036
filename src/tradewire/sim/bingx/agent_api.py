"""Agent (affiliate) reads, announcements and the v1 server time (skills agent, announcement, references).

The simulated users invited nobody: agent pages are empty and relation checks answer "no relationship",
after the parameters are checked as the reference states (agent parameter errors: 80012)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tradewire.sim.bingx import market_api as mk
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


def _page(call: Call, high: int | None) -> None:
    try:
        index = call.params.integer("pageIndex", low=1)
        size = call.params.integer("pageSize", low=1, high=high)
    except ApiError as exc:
        raise _fail(exc.msg) from exc
    if index is None or size is None:
        raise _fail("pageIndex and pageSize are required")


def _days(call: Call) -> None:
    for name in ("startTime", "endTime"):
        value = call.params.text(name)
        if value is None or not _DAY_RE.match(value):
            raise _fail(f"{name} must be a day written yyyymmdd")


def invite_list(call: Call) -> Reply:
    """GET /openApi/agent/v1/account/inviteAccountList."""
    _page(call, None)
    return ok({"list": [], "total": 0, "currentAgentUid": int(call.uid)})


def commission_list(call: Call) -> Reply:
    """GET /openApi/agent/v2/reward/commissionDataList."""
    _days(call)
    _page(call, 100)
    return ok({"list": [], "total": 0, "currentAgentUid": int(call.uid)})


def third_commissions(call: Call) -> Reply:
    """GET /openApi/agent/v1/reward/third/commissionDataList."""
    if call.params.text("commissionBizType") not in ("81", "82"):
        raise _fail("commissionBizType must be 81 or 82")
    _days(call)
    _page(call, 100)
    return ok({"list": [], "total": 0})


def partner_data(call: Call) -> Reply:
    """GET /openApi/agent/v1/asset/partnerData."""
    _days(call)
    _page(call, 200)
    return ok({"list": [], "total": 0})


def deposit_details(call: Call) -> Reply:
    """GET /openApi/agent/v1/asset/depositDetailList."""
    _required(call, "uid", "bizType")
    _days(call)
    _page(call, 100)
    return ok({"list": [], "total": 0})


def referral_codes(call: Call) -> Reply:
    """GET /openApi/agent/v1/commissionDataList/referralCode."""
    if call.params.text("directInvitation") not in ("true", "false"):
        raise _fail("directInvitation must be true or false")
    return ok({"list": [], "total": 0})


def relation_check(call: Call) -> Reply:
    """GET /openApi/agent/v1/account/inviteRelationCheck: nobody was invited by a simulated user."""
    _required(call, "uid")
    return ok({"uid": int(call.params.require("uid")), "existInviter": "false", "inviteResult": False,
               "directInvitation": False})


def superior_check(call: Call) -> Reply:
    """GET /openApi/agent/v1/account/superiorCheck."""
    _required(call, "uid")
    return ok({"inviteResult": False, "directInvitation": False})


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
