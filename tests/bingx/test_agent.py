"""Agent reads, announcements and the v1 server time through both clients against the simulator."""

from __future__ import annotations

import pytest

from tests.both import Both
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim import Simulator


def test_agent_pages_and_checks(bx: Both, sim: Simulator) -> None:
    uid = sim.users[0].uid
    assert bx.invited_users() == {"list": [], "total": 0, "currentAgentUid": int(uid)}
    assert bx.agent_commissions("20240101", "20240130")["total"] == 0
    assert bx.api_commissions(81, "20240101", "20240130") == {"list": [], "total": 0}
    assert bx.partner_data("20240101", "20240130", page_size=200) == {"list": [], "total": 0}
    assert bx.invitee_deposits(uid, "20240101", "20240130") == {"list": [], "total": 0}
    assert bx.referral_code_commissions(direct=False) == {"list": [], "total": 0}
    other = sim.users[1].uid
    relation = bx.invite_relation(other)
    assert relation["uid"] == int(other) and relation["inviteResult"] is False
    assert bx.superior_check(other) == {"inviteResult": False, "directInvitation": False}
    with pytest.raises(ValidationError):
        bx.agent_commissions("2024-01-01", "20240130")
    with pytest.raises(ExchangeError) as e:  # the server's own check, past the client's rules
        bx.request("GET", "/openApi/agent/v1/asset/partnerData", {"startTime": "20240101", "endTime": "20240130",
                                                                  "pageIndex": 1, "pageSize": 500})
    assert e.value.code == 80012


def test_announcements_and_server_time_v1(public: Both, sim: Simulator) -> None:
    page = public.announcements()
    assert page.total == 5 and page.page == 1
    assert [a.type for a in page.items][:2] == ["SpotListing", "FuturesListing"]
    only = public.announcements(content_type="SystemMaintenance", language="en-us")
    assert [a.title for a in only.items] == ["Scheduled System Maintenance Notice"]
    assert only.items[0].link == "https://bingx.com/en/support/announcement/detail/9002"
    assert public.announcements(page=2).items == []
    assert abs(public.server_time_v1() - sim.clock.now_ms()) < 60_000
    with pytest.raises(ValidationError):
        public.announcements(content_type="Gossip")
