"""The remembered answers (balance, positions, depth: `tradewire.sim.memo`) change with every kind of change of
what they show: a fill, a resting order, a transfer, funding, a clock move; and equal a fresh computation."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator
from tradewire.sim.memo import Memo

D = Decimal
Q4 = D("0.0001")
BALANCE = "/openApi/swap/v3/user/balance"
POSITIONS = "/openApi/swap/v2/user/positions"
DEPTH = "/openApi/swap/v2/quote/depth"
ORDER = "/openApi/swap/v2/trade/order"
TRANSFER = "/openApi/api/asset/v1/transfer"
MAX_TRADES = 200  # tape trades searched for a moved mark


class Stamped(RawClient):
    """Stamps requests with the simulator's clock, which these tests move by hours."""

    def __init__(self, sim: Simulator, index: int) -> None:
        user = sim.users[index]
        super().__init__(sim.bingx_url, user.api_key, user.secret_key)
        self.clock = sim.clock

    def query(self, params: list[tuple[str, str]], *, timestamp: int | None = None) -> str:
        return super().query(params, timestamp=self.clock.now_ms() if timestamp is None else timestamp)


@pytest.fixture
def demo(sim: Simulator) -> RawClient:
    return Stamped(sim, 0)


@pytest.fixture
def bob(sim: Simulator) -> RawClient:
    return Stamped(sim, 1)


def _f4(value: Decimal) -> str:
    return format(value.quantize(Q4), "f")


def _usdt(client: RawClient) -> dict[str, str]:
    row: dict[str, str] = client.get(BALANCE).data[0]
    return row


def _answers(demo: RawClient, bob: RawClient) -> list[bytes]:
    """The raw bodies of the remembered answers, the clock frozen (depth's ``T`` is the request time)."""
    answers = [c.get(path) for c in (demo, bob) for path in (BALANCE, POSITIONS)]
    answers += [demo.public(DEPTH, symbol=s, limit=n) for s in ("BTC-USDT", "ETH-USDT") for n in (5, 20, 100)]
    assert all(a.status == 200 and a.code == 0 for a in answers)
    return [a.raw for a in answers]


def _same_when_fresh(demo: RawClient, bob: RawClient) -> list[bytes]:
    """Read twice (the second from the memos), forget every memo, read again: all three equal."""
    first, cached = _answers(demo, bob), _answers(demo, bob)
    Memo.forget_all()
    assert cached == first == _answers(demo, bob)
    return first


def test_remembered_answers_equal_fresh_ones_through_changes(sim: Simulator, demo: RawClient,
                                                             bob: RawClient) -> None:
    sim.clock.speed = 0
    seen = [_same_when_fresh(demo, bob)]
    assert demo.post(ORDER, symbol="BTC-USDT", side="BUY", type="MARKET", positionSide="LONG",
                     quantity="0.01").code == 0
    seen.append(_same_when_fresh(demo, bob))
    assert bob.post(ORDER, symbol="BTC-USDT", side="BUY", type="LIMIT", positionSide="LONG", quantity="0.05",
                    price="1000").code == 0
    seen.append(_same_when_fresh(demo, bob))
    for ms in (10_000, 3_600_000, 8 * 3_600_000):
        sim.clock.advance(ms)
        seen.append(_same_when_fresh(demo, bob))
    assert all(a != b for a, b in itertools.pairwise(seen))  # every step changed some answer


def test_a_fill_shows_in_the_next_balance_and_depth(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    uid = sim.users[0].uid
    before = _usdt(demo)
    asks = [(D(p), D(q)) for p, q in demo.public(DEPTH, symbol="BTC-USDT", limit=5).data["asks"]]
    qty = D("0.0004")  # the smallest house level: it takes part of the best ask, or all of it
    assert asks[0][1] >= qty
    assert demo.post(ORDER, symbol="BTC-USDT", side="BUY", type="MARKET", positionSide="LONG",
                     quantity=format(qty, "f")).code == 0
    fee = sim.state.book.income[uid][-1]
    assert fee.income_type == "TRADING_FEE"
    after = _usdt(demo)
    assert after["balance"] == _f4(D(before["balance"]) + fee.income) != before["balance"]
    assert D(after["usedMargin"]) > D(before["usedMargin"])
    left = [(asks[0][0], asks[0][1] - qty)] if asks[0][1] > qty else []
    expected = [[format(p, "f"), format(q, "f")] for p, q in left + asks[1:]]
    assert demo.public(DEPTH, symbol="BTC-USDT", limit=5).data["asks"][:4] == expected[:4]


def test_a_resting_order_shows_in_frozen_margin_and_depth(sim: Simulator, bob: RawClient) -> None:
    sim.clock.speed = 0
    assert _usdt(bob)["freezedMargin"] == "0.0000"
    bids = bob.public(DEPTH, symbol="BTC-USDT", limit=1000).data["bids"]
    assert ["1000.0", "0.0500"] not in bids
    assert bob.post(ORDER, symbol="BTC-USDT", side="BUY", type="LIMIT", positionSide="LONG", quantity="0.05",
                    price="1000", leverage="10").code == 0
    assert _usdt(bob)["freezedMargin"] == "5.0000"  # 0.05 x 1000 / 10
    bids = bob.public(DEPTH, symbol="BTC-USDT", limit=1000).data["bids"]
    assert bids[-1] == ["1000.0", "0.0500"]


def test_a_transfer_shows_in_the_next_balance(sim: Simulator, bob: RawClient) -> None:
    sim.clock.speed = 0
    assert _usdt(bob)["balance"] == "250.0000"
    assert bob.post(TRANSFER, asset="USDT", amount="123.45678", fromAccount="fund", toAccount="USDTMPerp").code == 0
    after = _usdt(bob)
    assert (after["balance"], after["equity"], after["availableMargin"]) == ("373.4568", "373.4568", "373.4568")


def test_funding_shows_in_the_next_balance(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    uid = sim.users[0].uid
    assert _usdt(demo)["balance"] == "10000.0000"
    at = sim.state.market.next_funding_time(sim.clock.now_ms())
    sim.clock.advance(at - sim.clock.now_ms())
    after = _usdt(demo)
    fees = [r.income for r in sim.state.book.income[uid] if r.income_type == "FUNDING_FEE" and r.time == at]
    assert len(fees) == 2 and all(fees)  # both seeded positions paid or received
    assert after["balance"] == _f4(D(10000) + sum(fees, D(0)))


def test_a_clock_move_shows_in_unrealized_profit(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    market = sim.state.market
    before = _usdt(demo)

    def unrealized(now: int) -> D:
        return ((market.mark_price("BTC-USDT", now) - D("64250.5")) * D("0.05")
                + (D("3310.25") - market.mark_price("ETH-USDT", now)) * D("1.5"))

    for _ in range(MAX_TRADES):
        sim.clock.advance(10_000)  # one tape trade
        now = sim.clock.now_ms()
        if _f4(unrealized(now)) != before["unrealizedProfit"]:  # the two marks' moves may cancel out
            break
    else:
        raise AssertionError(f"the unrealized profit did not move in {MAX_TRADES} trades")
    after = _usdt(demo)
    assert after["unrealizedProfit"] == _f4(unrealized(now)) != before["unrealizedProfit"]
    positions = {p["symbol"]: p["markPrice"] for p in demo.get(POSITIONS).data}
    assert positions["BTC-USDT"] == format(market.mark_price("BTC-USDT", now), "f")


def test_depth_follows_the_house_ladder_as_the_clock_moves(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    market = sim.state.market
    contract = market.contracts["ETH-USDT"]
    answers = []
    for _ in range(3):
        bids, asks = market.book("ETH-USDT", sim.clock.now_ms(), 20)
        data = demo.public(DEPTH, symbol="ETH-USDT", limit=20).data
        assert data["bids"] == [[format(contract.price(p), "f"), format(contract.qty(q), "f")] for p, q in bids]
        assert data["asks"] == [[format(contract.price(p), "f"), format(contract.qty(q), "f")] for p, q in asks]
        assert data["bidsCoin"] == data["bids"] and data["asksCoin"] == data["asks"]
        assert data["T"] == sim.clock.now_ms()
        answers.append(data)
        sim.clock.advance(10_000)
    assert answers[0]["bids"] != answers[1]["bids"] or answers[1]["bids"] != answers[2]["bids"]
