"""Order rules and reconciliation, driven with a scripted transport (no sockets)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from urllib.parse import parse_qsl

import pytest

from tradewire.bingx import orders as O
from tradewire.bingx import trade as T
from tradewire.bingx.base import BingXConfig
from tradewire.bingx.models import Contract
from tradewire.bingx.trade_models import SpotSymbol
from tradewire.core.call import Sleep, run_sync
from tradewire.core.errors import (
    OrderNotPlaced,
    ServerError,
    TransportError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)
from tradewire.core.http import Request, Response

SPOT_OK = b'{"code":0,"msg":"","data":{"symbol":"BTC-USDT","orderId":1700000000000000001,"status":"FILLED",' \
          b'"executedQty":"0.001","clientOrderID":"abc"}}'
SWAP_OK = b'{"code":0,"msg":"","data":{"order":{"symbol":"BTC-USDT","orderId":1800000000000000007,' \
          b'"status":"FILLED","clientOrderId":"abc"}}}'
NOT_FOUND = b'{"code":80016,"msg":"order not exist","timestamp":1}'
GATEWAY = Response(504, {}, b"<html>504 Gateway Time-out</html>")


class Scripted:
    def __init__(self, *steps: Callable[[Request], Response]) -> None:
        self.steps = list(steps)
        self.sent: list[Request] = []

    def __call__(self, req: Request) -> Response:
        self.sent.append(req)
        return self.steps.pop(0)(req)


def answer(status: int, body: bytes) -> Callable[[Request], Response]:
    return lambda req: Response(status, {}, body)


def lost(req: Request) -> Response:
    raise TransportError("connection lost", sent=True)


def params_of(req: Request) -> dict[str, str]:
    text = req.body.decode() if req.body else req.url.split("?", 1)[1]
    return dict(parse_qsl(text))


def config(recv_window: int = 1) -> BingXConfig:
    cfg = BingXConfig("k" * 20, "s" * 20, base_url="http://x", recv_window=recv_window, rate_limits=False)
    cfg.context.clock.synced = True
    return cfg


def rules_of_other_symbols() -> O.Precision:
    """Rules already loaded for both markets, none of them for BTC-USDT (so it is not precision-checked)."""
    p = O.Precision()
    p.load_contracts([Contract(contract_id="9", symbol="OTHER-USDT", quantity_precision=0, price_precision=0)])
    p.load_spot([SpotSymbol(symbol="OTHER-USDT", tick_size=D(1), step_size=D(1))])
    return p


def place(spec: O.Placement, ep: object, send: Scripted, precision: O.Precision | None = None,
          **params: object) -> object:
    cfg = config()
    rules = precision or rules_of_other_symbols()
    return run_sync(O.place(cfg.context, spec, ep, params, rules), send)  # type: ignore[arg-type]


SPOT_BUY = dict(symbol="BTC-USDT", side="BUY", type="MARKET", quantity=D("0.001"))


@pytest.mark.parametrize(("params", "param", "rule"), [
    (dict(type="LIMIT", quantity=D(1), timeInForce="GTC"), "price", "is required for LIMIT orders"),
    (dict(type="LIMIT", quantity=D(1), price=D(1)), "timeInForce", "is required for LIMIT orders"),
    (dict(type="TRIGGER_MARKET", quantity=D(1)), "stopPrice", "is required for TRIGGER_MARKET orders"),
    (dict(type="TAKE_STOP_LIMIT", quantity=D(1), stopPrice=D(2)), "price", "is required for TAKE_STOP_LIMIT orders"),
    (dict(type="MARKET", quantity=D(0)), "quantity", "must be a positive number (> 0)"),
    (dict(type="MARKET", quoteOrderQty=D(-5)), "quoteOrderQty", "must be a positive number (> 0)"),
    (dict(type="MARKET"), "quantity", "one of quantity, quoteOrderQty is required"),
    (dict(type="MARKET", quantity=D(1), newClientOrderId="x" * 41), "newClientOrderId", "1-40 letters, digits or _"),
    (dict(type="MARKET", quantity=0.5), "quantity", "pass money as Decimal or str, never float (floats round)"),
])
def test_spot_rules_fail_before_the_wire(params: dict[str, object], param: str, rule: str) -> None:
    send = Scripted()
    with pytest.raises(ValidationError) as e:
        place(O.SPOT, T.SPOT_ORDER, send, symbol="BTC-USDT", side="BUY", **params)
    assert (e.value.param, e.value.rule) == (param, rule)
    assert send.sent == []


@pytest.mark.parametrize(("params", "param", "rule"), [
    (dict(type="STOP_MARKET", quantity=D(1)), "stopPrice", "is required for STOP_MARKET orders"),
    (dict(type="MARKET"), "quantity", "is required for MARKET orders (unless closePosition=true)"),
    (dict(type="STOP_MARKET", stopPrice=D(1), quantity=D(1), clientOrderId="ab"), "clientOrderId",
     "is supported for MARKET and LIMIT orders only"),
    (dict(type="TRAILING_STOP_MARKET", quantity=D(1), priceRate=D("1.5")), "priceRate",
     "must satisfy 0 < priceRate <= 1 (0.05 = 5%)"),
    (dict(type="TAKE_PROFIT_MARKET", stopPrice=D(1), closePosition=True, quantity=D(1)), "quantity",
     "cannot be used with closePosition=true"),
    (dict(type="TAKE_PROFIT_MARKET", stopPrice=D(1), closePosition=True, quoteOrderQty=D(100)), "quoteOrderQty",
     "cannot be used with closePosition=true"),
    (dict(type="MARKET", quoteOrderQty=D(0)), "quoteOrderQty", "must be a positive number (> 0)"),
    (dict(type="MARKET", quoteOrderQty=100.0), "quoteOrderQty",
     "pass money as Decimal or str, never float (floats round)"),
    (dict(type="STOP", stopPrice=D(1), price=D(1), quantity=D(1), stopLoss={"type": "STOP_MARKET"}), "stopLoss",
     "can be attached to MARKET and LIMIT orders only"),
])
def test_swap_rules_fail_before_the_wire(params: dict[str, object], param: str, rule: str) -> None:
    send = Scripted()
    with pytest.raises(ValidationError) as e:
        place(O.SWAP, T.SWAP_ORDER, send, symbol="BTC-USDT", side="BUY", **params)
    assert (e.value.param, e.value.rule) == (param, rule)
    assert send.sent == []


def precision() -> O.Precision:
    p = O.Precision()
    p.load_contracts([Contract(contract_id="1", symbol="BTC-USDT", quantity_precision=4, price_precision=1,
                               trade_min_quantity=D("0.0001"))])
    return p


@pytest.mark.parametrize(("params", "param", "rule"), [
    (dict(quantity=D("0.00015")), "quantity", "must be a multiple of 0.0001 for BTC-USDT (precision rule)"),
    (dict(quantity=D("0.001"), type="LIMIT", price=D("65000.05"), timeInForce="GTC"), "price",
     "must be a multiple of 0.1 for BTC-USDT (precision rule)"),
])
def test_symbol_precision_is_checked_never_rounded(params: dict[str, object], param: str, rule: str) -> None:
    send = Scripted()
    base: dict[str, object] = dict(symbol="BTC-USDT", side="BUY", type="MARKET")
    with pytest.raises(ValidationError) as e:
        place(O.SWAP, T.SWAP_ORDER, send, precision(), **{**base, **params})
    assert (e.value.param, e.value.rule) == (param, rule)
    assert send.sent == []


CONTRACTS = (b'{"code":0,"msg":"","data":[{"contractId":"100","symbol":"BTC-USDT","quantityPrecision":4,'
             b'"pricePrecision":1,"tradeMinQuantity":0.0001}]}')


def test_the_markets_rules_are_loaded_before_its_first_order() -> None:
    rules = O.Precision()
    send = Scripted(answer(200, CONTRACTS))
    with pytest.raises(ValidationError) as e:
        place(O.SWAP, T.SWAP_ORDER, send, rules, symbol="BTC-USDT", side="BUY", type="MARKET", quantity=D("0.00015"))
    assert e.value.param == "quantity"
    assert [r.url.split("?")[0].rsplit("/", 1)[-1] for r in send.sent] == ["contracts"]  # the order was not sent
    send = Scripted(answer(200, SWAP_OK))
    place(O.SWAP, T.SWAP_ORDER, send, rules, symbol="BTC-USDT", side="BUY", type="MARKET", quantity=D("0.0002"))
    assert [r.url.split("?")[0].rsplit("/", 1)[-1] for r in send.sent] == ["order"]  # loaded once


def test_a_generated_client_order_id_is_sent() -> None:
    send = Scripted(answer(200, SPOT_OK))
    place(O.SPOT, T.SPOT_ORDER, send, **SPOT_BUY)
    cid = params_of(send.sent[0])["newClientOrderId"]
    assert cid.startswith("tw") and len(cid) == 32 and cid.isalnum()


@pytest.mark.parametrize("failure", [answer(504, GATEWAY.body), lost,
                                     answer(200, b'{"code":101500,"msg":"rpc timeout","timestamp":1}')])
def test_unknown_outcome_is_reconciled_by_client_id_never_resent(failure: Callable[[Request], Response]) -> None:
    send = Scripted(failure, answer(200, SPOT_OK))
    order = place(O.SPOT, T.SPOT_ORDER, send, newClientOrderId="abc", **SPOT_BUY)
    assert order.order_id == "1700000000000000001"  # type: ignore[attr-defined]
    assert [r.method + " " + r.url.split("?")[0] for r in send.sent] == [
        "POST http://x/openApi/spot/v1/trade/order", "GET http://x/openApi/spot/v1/trade/query"]
    assert params_of(send.sent[1])["clientOrderID"] == "abc"


def test_swap_lookup_unwraps_data_order() -> None:
    send = Scripted(answer(504, b""), answer(200, SWAP_OK))
    order = place(O.SWAP, T.SWAP_ORDER, send, symbol="BTC-USDT", side="BUY", type="MARKET", quantity=D(1),
                  clientOrderId="abc")
    assert order.order_id == "1800000000000000007"  # type: ignore[attr-defined]
    assert params_of(send.sent[1])["clientOrderId"] == "abc"


def test_not_found_after_the_validity_window_means_not_placed() -> None:
    send = Scripted(answer(504, b""), answer(200, NOT_FOUND), answer(200, NOT_FOUND))
    with pytest.raises(OrderNotPlaced) as e:
        place(O.SWAP, T.SWAP_ORDER, send, symbol="BTC-USDT", side="BUY", type="MARKET", quantity=D(1),
              clientOrderId="abc")
    assert e.value.client_order_id == "abc"
    assert [r.method for r in send.sent] == ["POST", "GET", "GET"]


def test_an_order_without_client_id_raises_unknown_order_state() -> None:
    send = Scripted(answer(504, b""))
    with pytest.raises(UnknownOrderState) as e:
        place(O.SWAP, T.SWAP_ORDER, send, symbol="BTC-USDT", side="SELL", type="STOP_MARKET", quantity=D(1),
              stopPrice=D(60000))
    assert e.value.client_order_id is None
    assert "side=SELL type=STOP_MARKET quantity=1 stopPrice=60000" in str(e.value)
    assert len(send.sent) == 1


def test_failed_lookups_raise_unknown_order_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(O, "backoff", lambda attempt: 0.0)
    send = Scripted(answer(504, b""), *[answer(503, b"busy")] * 20)
    with pytest.raises(UnknownOrderState) as e:
        place(O.SPOT, T.SPOT_ORDER, send, newClientOrderId="abc", **SPOT_BUY)
    assert e.value.client_order_id == "abc"
    assert isinstance(e.value.__cause__, ServerError)
    assert sum(r.method == "POST" for r in send.sent) == 1


def test_unknown_outcome_is_an_unknown_outcome() -> None:
    assert issubclass(UnknownOrderState, UnknownOutcome)


def test_the_validity_window_runs_from_when_the_outcome_became_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A send that hangs 20 s before its 504 may still be accepted until recvWindow after it was stamped: the lookup
    waits for that window instead of declaring the order absent at once."""
    now = [1_700_000_000_000]
    monkeypatch.setattr(O.Clock, "local_ms", staticmethod(lambda: now[0]))

    def slow_gateway(req: Request) -> Response:
        now[0] += 20_000
        return GATEWAY

    send = Scripted(slow_gateway, answer(200, NOT_FOUND), answer(200, NOT_FOUND))
    gen = O.place(config(recv_window=5000).context, O.SWAP, T.SWAP_ORDER,
                  dict(symbol="BTC-USDT", side="BUY", type="MARKET", quantity=D(1), clientOrderId="abc"),
                  rules_of_other_symbols())
    slept: list[float] = []
    action = next(gen)
    with pytest.raises(OrderNotPlaced):
        while True:
            if isinstance(action, Sleep):
                slept.append(action.seconds)
                now[0] += int(action.seconds * 1000)
                action = gen.send(None)
            else:
                action = gen.send(send(action))
    assert [r.method for r in send.sent] == ["POST", "GET", "GET"]
    assert slept == [6.0]  # recvWindow 5 s + the 1 s margin, counted from the 504
