"""Agent reads, announcements and the v1 server time: reference-shaped answers decoded to exact values
(scripted wire, sync and async), and the simulator's affiliate program through both clients."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.both import Both, make_both
from tests.fidelity.bingx_wire import NOW, assert_get, wired
from tradewire.bingx import agent_models as am
from tradewire.core.codec import Id, Percent
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim import Simulator
from tradewire.sim.market import DAY

D = Decimal
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])

# bingx-skills/agent/api-reference.md gives field tables but no JSON examples: each body below carries every
# field of its table with the type the table states (long and int as numbers, string as strings, the
# `"true"`/`"false"` strings of kycResult and existInviter), and the values of SKILL.md's examples.
INVITED_BODY = (b'{"code":0,"msg":"","data":{"list":[{"uid":"1234567891","ownInviteCode":"AB12CD",'
                b'"inviterSid":123456789,"InvitationCode":"XY98ZW","registerTime":1704067200000,'
                b'"directInvitation":true,"kycResult":"true","deposit":true,"balanceVolume":"1520.50",'
                b'"trade":false,"userLevel":2,"commissionRatio":30,"currentBenefit":1,"benefitRatio":10,'
                b'"benefitExpiration":1706745600000}],"total":1,"currentAgentUid":123456789}}')
INVITED = am.AgentPage(items=[am.InvitedUser(
    uid=Id("1234567891"), own_invite_code="AB12CD", inviter_sid=Id("123456789"), invitation_code="XY98ZW",
    register_time=1704067200000, direct_invitation=True, kyc_result=True, deposit=True,
    balance_volume=D("1520.50"), trade=False, user_level=2, commission_ratio=30, current_benefit=1,
    benefit_ratio=10, benefit_expiration=1706745600000)], total=1, current_agent_uid=Id("123456789"))
COMMISSION_BODY = (b'{"code":0,"msg":"","data":{"list":[{"uid":1234567891,"commissionTime":1704067200000,'
                   b'"tradingVolume":"12500.5","commissionVolume":"2.25015","spotTradingVolume":"2500.5",'
                   b'"swapTradingVolume":"10000","stdTradingVolume":"0","extCopyTradingVolume":"0",'
                   b'"mt5TradingVolume":"0","spotCommissionVolume":"0.75015","swapCommissionVolume":"1.5",'
                   b'"stdCommissionVolume":"0","extCopyCommissionVolume":"0","mt5CommissionVolume":"0"}],'
                   b'"total":1,"currentAgentUid":123456789}}')
COMMISSION = am.Commission(
    uid=Id("1234567891"), commission_time=1704067200000, trading_volume=D("12500.5"),
    commission_volume=D("2.25015"), spot_trading_volume=D("2500.5"), swap_trading_volume=D("10000"),
    std_trading_volume=D(0), ext_copy_trading_volume=D(0), mt5_trading_volume=D(0),
    spot_commission_volume=D("0.75015"), swap_commission_volume=D("1.5"), std_commission_volume=D(0),
    ext_copy_commission_volume=D(0), mt5_commission_volume=D(0))
RELATION_BODY = (b'{"code":0,"msg":"","data":{"uid":1234567891,"existInviter":"true","inviteResult":true,'
                 b'"directInvitation":false,"inviterSid":123456789,"registerDateTime":1704067200000,'
                 b'"deposit":false,"kycResult":"false","balanceVolume":"0","trade":false,"userLevel":1,'
                 b'"commissionRatio":20,"currentBenefit":2,"benefitRatio":5,"benefitExpiration":1706745600000}}')
RELATION = am.AgentUser(
    uid=Id("1234567891"), exist_inviter=True, invite_result=True, direct_invitation=False,
    inviter_sid=Id("123456789"), register_date_time=1704067200000, deposit=False, kyc_result=False,
    balance_volume=D(0), trade=False, user_level=1, commission_ratio=20, current_benefit=2, benefit_ratio=5,
    benefit_expiration=1706745600000)
API_BODY = (b'{"code":0,"msg":"","data":{"list":[{"uid":987654321,"commissionTime":1704067200000,'
            b'"tradeVolume":"50000.25","commissionVolume":"3.75","commissionBizType":81}],"total":1}}')
API = am.Page(items=[am.ApiCommission(uid=Id("987654321"), commission_time=1704067200000,
                                      trade_volume=D("50000.25"), commission_volume=D("3.75"),
                                      commission_biz_type=81)], total=1)
PARTNER_BODY = (b'{"code":0,"msg":"","data":{"list":[{"uid":1234567891,"email":"ab***@gmail.com",'
                b'"Phone":"","referralType":1,"remarks":"","referrerUid":123456789,"language":"en",'
                b'"newReferees":"12","firstTrade":"3","branchDeposits":"8000.5","branchTrading":"41",'
                b'"branchTradingVol":"250000.75","level":"L2","commissionRatio":"0.35"}],"total":1}}')
PARTNER = am.Page(items=[am.Partner(
    uid=Id("1234567891"), email="ab***@gmail.com", phone=None, referral_type=1, remarks=None,
    referrer_uid=Id("123456789"), language="en", new_referees=12, first_trade=3, branch_deposits=D("8000.5"),
    branch_trading=41, branch_trading_vol=D("250000.75"), level="L2", commission_ratio=D("0.35"))], total=1)
DEPOSIT_BODY = (b'{"code":0,"msg":"","data":{"list":[{"uid":1234567891,"inviteResult":true,'
                b'"directInvitation":true,"bizType":1,"bizTime":1704070800000,"assetType":1,'
                b'"assetTypeName":"Deposit","currencyName":"USDT","currencyAmountVolume":"1000.00"}],"total":1}}')
DEPOSIT = am.Page(items=[am.InviteeDeposit(
    uid=Id("1234567891"), invite_result=True, direct_invitation=True, biz_type=1, biz_time=1704070800000,
    asset_type=1, asset_type_name="Deposit", currency_name="USDT", currency_amount_volume=D("1000.00"))], total=1)
CODE_BODY = (b'{"code":0,"msg":"","data":{"list":[{"referralCode":"XY98ZW","commissionRatio":"30",'
             b'"friendEarn":"10","swapFeeDiscount":"5","referralNum":"25","deposited":"9","traded":"7",'
             b'"tradingVolume":"125000.5","fee":"75.25","offsetTradingFees":"7.525","payableTradingFees":"67.725",'
             b'"commission":"22.575"}],"total":1}}')
CODE = am.Page(items=[am.ReferralCodeData(
    referral_code="XY98ZW", commission_ratio=Percent(30), friend_earn=Percent(10), swap_fee_discount=Percent(5),
    referral_num=25, deposited=9, traded=7, trading_volume=D("125000.5"), fee=D("75.25"),
    offset_trading_fees=D("7.525"), payable_trading_fees=D("67.725"), commission=D("22.575"))], total=1)
SUPERIOR_BODY = b'{"code":0,"msg":"","data":{"inviteResult":true,"directInvitation":true}}'
DAYS = "endTime=20240131&pageIndex=1&pageSize=100&startTime=20240101"
#: (route, call, reference-shaped body, the exact model, the signed query without its timestamp)
GOLDEN: list[tuple[str, Callable[[Both], Any], bytes, Any, str]] = [
    ("/openApi/agent/v1/account/inviteAccountList", lambda bx: bx.invited_users(), INVITED_BODY, INVITED,
     "pageIndex=1&pageSize=100"),
    ("/openApi/agent/v2/reward/commissionDataList", lambda bx: bx.agent_commissions("20240101", "20240131"),
     COMMISSION_BODY, am.AgentPage(items=[COMMISSION], total=1, current_agent_uid=Id("123456789")), DAYS),
    ("/openApi/agent/v1/account/inviteRelationCheck", lambda bx: bx.invite_relation("1234567891"),
     RELATION_BODY, RELATION, "uid=1234567891"),
    ("/openApi/agent/v1/reward/third/commissionDataList", lambda bx: bx.api_commissions(81, "20240101", "20240131"),
     API_BODY, API, f"commissionBizType=81&{DAYS}"),
    ("/openApi/agent/v1/asset/partnerData", lambda bx: bx.partner_data("20240101", "20240131"), PARTNER_BODY,
     PARTNER, DAYS),
    ("/openApi/agent/v1/asset/depositDetailList",
     lambda bx: bx.invitee_deposits("123456789", "20240101", "20240131"), DEPOSIT_BODY, DEPOSIT,
     f"bizType=1&{DAYS}&uid=123456789"),
    ("/openApi/agent/v1/commissionDataList/referralCode", lambda bx: bx.referral_code_commissions(), CODE_BODY,
     CODE, "directInvitation=true"),
    ("/openApi/agent/v1/account/superiorCheck", lambda bx: bx.superior_check("1234567891"), SUPERIOR_BODY,
     am.SuperiorCheck(invite_result=True, direct_invitation=True), "uid=1234567891"),
]


def _sorted_query(query: str) -> str:
    return "&".join(sorted([*query.split("&"), f"timestamp={NOW}"]))


@KINDS
@pytest.mark.parametrize(("path", "call", "body", "expected", "query"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_reference_bodies_decode_exactly(kind: str, path: str, call: Callable[[Both], Any], body: bytes,
                                         expected: Any, query: str) -> None:
    for bx, wire in wired(kind, body):
        got = call(bx)
        assert_get(wire.sent[0], path, _sorted_query(query))
        assert got == expected and type(got) is type(expected)


@KINDS
def test_decimal_text_and_flags_survive_exactly(kind: str) -> None:
    for bx, _ in wired(kind, INVITED_BODY, PARTNER_BODY, RELATION_BODY.replace(b'"false"', b'false')):
        user = bx.invited_users().items[0]
        assert str(user.balance_volume) == "1520.50" and user.kyc_result is True
        assert str(bx.partner_data("20240101", "20240131").items[0].branch_trading_vol) == "250000.75"
        assert bx.invite_relation("1234567891").kyc_result is False  # a JSON bool reads like "false"


def _day(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y%m%d")


def test_the_demo_users_invitee_and_commissions(bx: Both, sim: Simulator) -> None:
    demo, bob = sim.users[0].uid, sim.users[1].uid
    start = sim.state.market.start_ms
    registered, traded = start - 20 * DAY, (start - DAY) // DAY * DAY
    page = bx.invited_users()
    assert page == am.AgentPage(items=[am.InvitedUser(
        uid=Id(bob), own_invite_code="BX" + bob[-6:], inviter_sid=Id(demo), invitation_code="BX" + demo[-6:],
        register_time=registered, direct_invitation=True, kyc_result=True, deposit=True,
        balance_volume=D("1003.25"), trade=True, user_level=1, commission_ratio=30, current_benefit=1,
        benefit_ratio=10, benefit_expiration=registered + 90 * DAY)], total=1, current_agent_uid=Id(demo))
    assert bx.invited_users(startTime=registered + 1).items == []
    day = _day(traded)
    commissions = bx.agent_commissions(_day(traded - 3 * DAY), day)
    assert commissions.items == [am.Commission(
        uid=Id(bob), commission_time=traded, trading_volume=D("12500.5"), commission_volume=D("2.25015"),
        spot_trading_volume=D("2500.5"), swap_trading_volume=D("10000"), std_trading_volume=D(0),
        ext_copy_trading_volume=D(0), mt5_trading_volume=D(0), spot_commission_volume=D("0.75015"),
        swap_commission_volume=D("1.5"), std_commission_volume=D(0), ext_copy_commission_volume=D(0),
        mt5_commission_volume=D(0))]
    assert (commissions.total, commissions.current_agent_uid) == (1, demo)
    assert bx.agent_commissions(day, day, uid=demo).total == 0
    assert bx.agent_commissions(day, day, invitationCode="BX" + demo[-6:]).total == 1
    assert bx.agent_commissions(_day(start), _day(start)).items == []
    deposits = bx.invitee_deposits(demo, _day(registered), _day(start))
    assert deposits == am.Page(items=[am.InviteeDeposit(
        uid=Id(bob), invite_result=True, direct_invitation=True, biz_type=1, biz_time=registered + 3_600_000,
        asset_type=1, asset_type_name="Deposit", currency_name="USDT", currency_amount_volume=D(1000))], total=1)
    assert bx.referral_code_commissions() == am.Page(items=[am.ReferralCodeData(
        referral_code="BX" + demo[-6:], commission_ratio=Percent(30), friend_earn=Percent(10),
        swap_fee_discount=Percent(0), referral_num=1, deposited=1, traded=1, trading_volume=D("12500.5"),
        fee=D("7.5005"), offset_trading_fees=D("0.75005"), payable_trading_fees=D("6.75045"),
        commission=D("2.25015"))], total=1)
    assert bx.referral_code_commissions(direct=False).total == 0
    assert bx.referral_code_commissions(startTime=start - 30 * DAY, endTime=traded - 1).total == 0
    assert bx.api_commissions(81, day, day) == am.Page(items=[], total=0)
    assert bx.partner_data(day, day, page_size=200) == am.Page(items=[], total=0)


def test_agent_user_checks(bx: Both, sim: Simulator) -> None:
    demo, bob = sim.users[0].uid, sim.users[1].uid
    registered = sim.state.market.start_ms - 20 * DAY
    assert bx.invite_relation(bob) == am.AgentUser(
        uid=Id(bob), exist_inviter=True, invite_result=True, direct_invitation=True, inviter_sid=Id(demo),
        register_date_time=registered, deposit=True, kyc_result=True, balance_volume=D("1003.25"), trade=True,
        user_level=1, commission_ratio=30, current_benefit=1, benefit_ratio=10,
        benefit_expiration=registered + 90 * DAY)
    assert bx.invite_relation(demo) == am.AgentUser(uid=Id(demo), exist_inviter=False, invite_result=False,
                                                    direct_invitation=False)
    assert bx.superior_check(bob) == am.SuperiorCheck(invite_result=True, direct_invitation=True)
    assert bx.superior_check(demo) == am.SuperiorCheck(invite_result=False, direct_invitation=False)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_bob_invited_nobody(kind: str, sim: Simulator) -> None:
    bob = sim.users[1]
    for client in make_both(kind, api_key=bob.api_key, secret_key=bob.secret_key, base_url=sim.bingx_url,
                            rate_limits=False):
        assert client.invited_users() == am.AgentPage(items=[], total=0, current_agent_uid=Id(bob.uid))
        assert client.invite_relation(bob.uid) == am.AgentUser(uid=Id(bob.uid), exist_inviter=True,
                                                               invite_result=False, direct_invitation=False)


def test_agent_parameter_errors(bx: Both) -> None:
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
