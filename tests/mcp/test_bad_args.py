"""Bad tool calls: one line naming the argument, no token issued and nothing sent; every check `execute` would
fail on is caught by `prepare_*`; a 5xx on a write is OUTCOME UNKNOWN with the check to run."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.app.session import Options, Session
from tradewire.core.errors import TradewireError
from tradewire.mcp.desk import Desk
from tradewire.sim import RecordedRequest, Simulator
from tradewire.unified import OrderRequest, open_exchange

SPOT = {"symbol": "BTC-USDT", "side": "buy", "type": "LIMIT", "amount": "0.001", "price": "20000"}
SWAP = {**SPOT, "market": "swap", "position_side": "LONG"}
BN_SPOT = {"symbol": "BTCUSDT", "side": "buy", "type": "LIMIT", "amount": "0.001", "price": "20000"}
MOVE = {"direction": "FUND_PFUTURES", "asset": "USDT", "amount": "25"}
SPOT_ORDER_PATH = "/openApi/spot/v1/trade/order"

#: (tool, arguments, the argument the error line must name)
BAD: list[tuple[str, dict[str, Any], str]] = [
    # unknown arguments are refused, not ignored
    ("prepare_order", {**SPOT, "bogus": 1}, "bogus"),
    ("prepare_order", {**SPOT, "stop_price": "19000"}, "stop_price"),
    ("prepare_transfer", {"direction": "FUND_PFUTURES", "asset": "USDT", "amout": "25"}, "amout"),
    ("balances", {"acount": "spot"}, "acount"),
    ("execute", {"token": "x", "confirm": "CONFIRM", "force": True}, "force"),
    # decimals: strings, plain, positive
    ("prepare_order", {**SPOT, "amount": 0.001}, "amount"),
    ("prepare_order", {**SPOT, "amount": "1e999"}, "amount"),
    ("prepare_order", {**SPOT, "amount": "NaN"}, "amount"),
    ("prepare_order", {**SPOT, "amount": "1_000"}, "amount"),
    ("prepare_order", {**SPOT, "amount": "١٠"}, "amount"),
    ("prepare_order", {**SPOT, "price": "-1"}, "price"),
    ("prepare_transfer", {**MOVE, "amount": "Infinity"}, "amount"),
    ("prepare_transfer", {**MOVE, "amount": "0"}, "amount"),
    ("prepare_internal_transfer", {"coin": "USDT", "amount": "1e3", "recipient_type": "uid", "recipient": "1"},
     "amount"),
    # enums
    ("prepare_order", {**SPOT, "side": "up"}, "side"),
    ("prepare_order", {**SPOT, "type": "STOP"}, "type"),
    ("prepare_order", {**SPOT, "market": "futures"}, "market"),
    ("prepare_order", {**SPOT, "time_in_force": "GTX"}, "time_in_force"),
    ("prepare_order", {**SWAP, "position_side": "UP"}, "position_side"),
    ("prepare_transfer", {**MOVE, "direction": "MOON"}, "direction"),
    ("prepare_transfer", {**MOVE, "asset": "ÜSDT"}, "asset"),
    ("prepare_internal_transfer", {"coin": "USDT", "amount": "1", "recipient_type": "name", "recipient": "x"},
     "recipient_type"),
    ("prepare_cancel", {"symbol": "BTC-USDT", "market": "moon", "order_id": "1"}, "market"),
    # the order's own rules
    ("prepare_order", {**SPOT, "price": None}, "price"),
    ("prepare_order", {**SPOT, "type": "MARKET"}, "price"),
    ("prepare_order", {**SPOT, "type": "MARKET", "price": None, "time_in_force": "GTC"}, "time_in_force"),
    ("prepare_order", {**SPOT, "reduce_only": True}, "reduce_only"),
    ("prepare_order", {**SPOT, "position_side": "LONG"}, "position_side"),
    ("prepare_order", {**SPOT, "client_id": "a b"}, "client_id"),
    ("prepare_order", {**SWAP, "client_id": "a-b"}, "client_id"),
    # the account's position mode (hedge on a new simulator account)
    ("prepare_order", {**SWAP, "position_side": "BOTH"}, "position_side"),
    ("prepare_order", {**SWAP, "reduce_only": True}, "reduce_only"),
    # the symbol's precision
    ("prepare_order", {**SPOT, "price": "20000.001"}, "price"),
    ("prepare_order", {**SWAP, "amount": "0.00001"}, "amount"),
    # read tools
    ("order_book", {"symbol": "BTC-USDT", "depth": 1001}, "depth"),
    ("klines", {"symbol": "BTC-USDT", "interval": "7x"}, "interval"),
    ("klines", {"symbol": "BTC-USDT", "limit": "many"}, "limit"),
    ("income", {"start_time": "0001-01-01"}, "start_time"),
    ("positions", {"symbol": "BTC USDT"}, "symbol"),
]

#: the same on Binance (spot only, its symbol filters)
BAD_BINANCE: list[tuple[str, dict[str, Any], str]] = [
    ("prepare_order", {**BN_SPOT, "market": "swap"}, "market"),
    ("prepare_order", {**BN_SPOT, "reduce_only": True}, "reduce_only"),
    ("prepare_order", {**BN_SPOT, "amount": "0.0011111"}, "amount"),
    ("prepare_order", {**BN_SPOT, "price": "20000.001"}, "price"),
    ("prepare_order", {**BN_SPOT, "time_in_force": "PostOnly"}, "time_in_force"),
]


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    s = Simulator(rate_limits=False).start()
    yield s
    s.stop()


def _writes(before: list[RecordedRequest], after: list[RecordedRequest]) -> list[str]:
    """Requests that change something (an order test endpoint changes nothing) since `before`."""
    new = after[len(before):] if len(after) > len(before) else [r for r in after if r not in before]
    return [f"{r.method} {r.path}" for r in new if r.method != "GET" and not r.path.endswith("/test")]


async def _refused(desk: Desk, call: Call, sim: Simulator, tool: str, args: dict[str, Any], names: str) -> str:
    before = sim.requests
    result = await call(tool, **args)
    assert result.is_error, text(result)
    line = text(result)[-1]
    assert "\n" not in line and "Traceback" not in line and "validation error" not in line, line
    assert line.startswith(f"invalid {names}: ") or f"; {names}: " in line, line
    assert line.endswith("nothing was sent"), line
    assert text(result)[0].startswith("BingX · " if desk.exchange().venue == "bingx" else "Binance · ")
    assert desk.confirmations.pending() == 0
    assert _writes(before, sim.requests) == []
    return line


@pytest.mark.parametrize(("tool", "args", "names"), BAD, ids=[f"{t}-{n}-{i}" for i, (t, _, n) in enumerate(BAD)])
async def test_bad_call_is_one_line_no_token_nothing_sent(sim: Simulator, tmp_path: Path, tool: str,
                                                          args: dict[str, Any], names: str) -> None:
    desk = desk_for(sim, tmp_path)
    try:
        await _refused(desk, caller(desk), sim, tool, {k: v for k, v in args.items() if v is not None}, names)
    finally:
        desk.session.close()


@pytest.mark.parametrize(("tool", "args", "names"), BAD_BINANCE, ids=[n for _, _, n in BAD_BINANCE])
async def test_bad_binance_call(sim: Simulator, tmp_path: Path, tool: str, args: dict[str, Any], names: str) -> None:
    desk = desk_for(sim, tmp_path, venue="binance")
    try:
        await _refused(desk, caller(desk), sim, tool, args, names)
    finally:
        desk.session.close()


async def test_schemas_forbid_unknown_arguments(sim: Simulator, tmp_path: Path) -> None:
    from mcp.client.client import Client

    from tradewire.mcp.server import build_server

    desk = desk_for(sim, tmp_path)
    try:
        async with Client(build_server(desk)) as client:
            tools = (await client.list_tools()).tools
        assert tools and all(t.input_schema.get("additionalProperties") is False for t in tools)
    finally:
        desk.session.close()


#: orders `execute` would fail on (the library's own place_order raises): prepare must refuse them first
DOOMED: list[tuple[str, dict[str, Any], str]] = [
    ("bingx", {**SPOT, "price": "20000.001"}, "price"),
    ("bingx", {**SPOT, "amount": "0.0000001"}, "amount"),
    ("bingx", {**SPOT, "client_id": "a b"}, "client_id"),
    ("bingx", {**SWAP, "price": "20000.05"}, "price"),
    ("bingx", {**SWAP, "position_side": "BOTH"}, "position_side"),
    ("binance", {**BN_SPOT, "amount": "0.0011111"}, "amount"),
    ("binance", {**BN_SPOT, "price": "20000.001"}, "price"),
]


def _request(args: dict[str, Any]) -> OrderRequest:
    return OrderRequest(symbol=args["symbol"], side=args["side"], type=args["type"], amount=Decimal(args["amount"]),
                        price=Decimal(args["price"]), market=args.get("market", "spot"), time_in_force="GTC",
                        client_id=args.get("client_id"), position_side=args.get("position_side"))


@pytest.mark.parametrize(("venue", "args", "names"), DOOMED, ids=[f"{v}-{n}" for v, _, n in DOOMED])
async def test_what_execute_would_fail_on_is_caught_at_prepare(sim: Simulator, tmp_path: Path, venue: str,
                                                               args: dict[str, Any], names: str) -> None:
    url = sim.binance_url if venue == "binance" else sim.bingx_url
    user = sim.users[0]
    with open_exchange(venue, "live", user.api_key, user.secret_key, base_url=url) as ex, \
            pytest.raises(TradewireError):
        ex.place_order(_request(args))  # the check is real: execute would fail
    desk = desk_for(sim, tmp_path, venue=venue)
    try:
        await _refused(desk, caller(desk), sim, "prepare_order", args, names)
    finally:
        desk.session.close()


async def test_one_way_mode_takes_both_only(fresh_sim: Simulator, tmp_path: Path) -> None:
    user = next(u for u in fresh_sim.users[1:] if _no_positions(fresh_sim, u.api_key, u.secret_key))
    with open_exchange("bingx", "live", user.api_key, user.secret_key, base_url=fresh_sim.bingx_url) as ex:
        ex.client.set_position_mode(False)
        with pytest.raises(TradewireError):
            ex.place_order(_request(SWAP))  # LONG in one-way mode: the exchange refuses it
    environ = {"TRADEWIRE_CONFIG": str(tmp_path / "absent.toml"), "BINGX_API_KEY": user.api_key,
               "BINGX_SECRET_KEY": user.secret_key}
    desk = Desk(Session(Options(env="vst", fmt="json", base_url=fresh_sim.bingx_url), environ))
    try:
        call = caller(desk)
        line = await _refused(desk, call, fresh_sim, "prepare_order", SWAP, "position_side")
        assert "one-way mode" in line
        ok = doc(await call("prepare_order", **{**SWAP, "position_side": "BOTH"}))
        assert ok["would_do"]["position_side"] == "BOTH"
        nothing_to_reduce = await call("prepare_order", **{**SWAP, "position_side": "BOTH", "reduce_only": True})
        assert nothing_to_reduce.is_error and "101290" in text(nothing_to_reduce)[-1]  # the test endpoint's word
    finally:
        desk.session.close()


def _no_positions(sim: Simulator, key: str, secret: str) -> bool:
    with open_exchange("bingx", "live", key, secret, base_url=sim.bingx_url) as ex:
        return not ex.positions() and not ex.open_orders("swap")


async def test_spot_preview_never_shows_a_dropped_flag(sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(sim, tmp_path)
    try:
        preview = doc(await caller(desk)("prepare_order", **SPOT, reduce_only=False))
        assert preview["would_do"]["reduce_only"] is None and preview["would_do"]["position_side"] is None
    finally:
        desk.session.close()


async def test_a_5xx_on_an_order_is_reconciled_to_the_real_order(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path)
    try:
        call = caller(desk)
        token = doc(await call("prepare_order", **SPOT, client_id="mcp5xx"))["token"]
        fresh_sim.faults.add("status", path=SPOT_ORDER_PATH, status=500, execute=True)
        result = await call("execute", token=token)
        assert not result.is_error
        assert doc(result)["result"]["order"]["client_id"] == "mcp5xx"
        assert sum(r.path == SPOT_ORDER_PATH and r.method == "POST" for r in fresh_sim.requests) == 1
    finally:
        desk.session.close()


@pytest.mark.usefixtures("instant_backoff")
async def test_an_order_whose_lookup_fails_too_is_outcome_unknown(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path)
    try:
        call = caller(desk)
        token = doc(await call("prepare_order", **SPOT, client_id="mcp5xx"))["token"]
        fresh_sim.faults.add("status", path=SPOT_ORDER_PATH, status=500, execute=True)
        fresh_sim.faults.add("status", path="/openApi/spot/v1/trade/query", status=503, count=20)
        result = await call("execute", token=token)
        fresh_sim.faults.clear()
        assert result.is_error
        line = text(result)[-1]
        assert line.startswith("OUTCOME UNKNOWN") and "NOT re-sent" in line and "failed" not in line.lower()
        assert 'get_order(symbol="BTC/USDT", market="spot", client_id="mcp5xx")' in line
        assert sum(r.path == SPOT_ORDER_PATH and r.method == "POST" for r in fresh_sim.requests) == 1
        found = doc(await call("get_order", symbol="BTC-USDT", market="spot", client_id="mcp5xx"))
        assert found["order"]["client_id"] == "mcp5xx"
    finally:
        desk.session.close()
