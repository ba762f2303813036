"""`order place --market futures` on Binance USD-M: plain MARKET/LIMIT, reduce-only, position side, and TP/SL
attached as Binance's UI does it (separate closePosition algo orders after the entry), wire checked on the
simulator's request log."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qs

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator

ORDER, ALGO = "/fapi/v1/order", "/fapi/v1/algoOrder"
SIGNING = {"timestamp", "signature", "recvWindow"}


def _posts(sim: Simulator, path: str) -> list[dict[str, str]]:
    """Each POST to `path` as one value per parameter, the signature's own parameters left out."""
    out = []
    for r in sim.requests:
        if r.path == path and r.method == "POST":
            params = parse_qs(r.raw_query or r.body.decode())
            assert all(len(v) == 1 for v in params.values())
            out.append({k: v[0] for k, v in params.items() if k not in SIGNING})
    return out


def test_market_entry_then_tp_and_sl_legs(run_binance: Run, fresh_sim: Simulator) -> None:
    doc = ok_json(run_binance("--json", "order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.010", "-m",
                              "futures", "--tp", "70000.5", "--sl", "60000", "--client-id", "entry-1"))
    [entry] = _posts(fresh_sim, ORDER)
    assert entry == {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.010",
                     "newClientOrderId": "entry-1"}
    tp, sl = _posts(fresh_sim, ALGO)
    leg = {"algoType": "CONDITIONAL", "symbol": "BTCUSDT", "side": "SELL", "workingType": "MARK_PRICE",
           "closePosition": "true"}
    assert {k: v for k, v in tp.items() if k != "clientAlgoId"} == leg | {"type": "TAKE_PROFIT_MARKET",
                                                                          "triggerPrice": "70000.5"}
    assert {k: v for k, v in sl.items() if k != "clientAlgoId"} == leg | {"type": "STOP_MARKET",
                                                                          "triggerPrice": "60000"}
    assert len({tp["clientAlgoId"], sl["clientAlgoId"], "entry-1"}) == 3
    order = doc["order"]
    [fill] = ok_json(run_binance("--json", "fills", "BTC", "-m", "futures"))["fills"]
    assert (order["client_id"], order["status"], order["filled"], order["price"]) == ("entry-1", "FILLED", "0.010",
                                                                                      None)
    assert Decimal(order["average"]) == Decimal(fill["price"]) and order["fee"] == fill["fee"]
    assert [(a["leg"], a["type"], a["side"], a["stop_price"], a["status"], a["client_id"]) for a in doc["attached"]] \
        == [("take-profit", "TAKE_PROFIT_MARKET", "sell", "70000.5", "NEW", tp["clientAlgoId"]),
            ("stop-loss", "STOP_MARKET", "sell", "60000", "NEW", sl["clientAlgoId"])]


def test_limit_reduce_only_and_post_only(run_binance: Run, fresh_sim: Simulator) -> None:
    refused = run_binance("order", "place", "BTC", "-s", "sell", "-t", "market", "-q", "0.002", "-m", "futures",
                          "--reduce-only")
    assert refused.exit_code == 1 and "[-2022] ReduceOnly Order is rejected" in refused.stderr  # nothing to reduce
    ok_json(run_binance("--json", "order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.002", "-m", "futures"))
    placed = ok_json(run_binance("--json", "order", "place", "BTCUSDT", "-s", "sell", "-t", "limit", "-q", "0.002",
                                 "-p", "66000", "--tif", "postonly", "-m", "usdm", "--reduce-only"))
    sent = _posts(fresh_sim, ORDER)[-1]
    assert {k: v for k, v in sent.items() if k != "newClientOrderId"} == {
        "symbol": "BTCUSDT", "side": "SELL", "type": "LIMIT", "quantity": "0.002", "price": "66000",
        "timeInForce": "GTX", "reduceOnly": "true"}
    assert (placed["type"], placed["time_in_force"], placed["status"], placed["fee"]) == ("LIMIT", "GTX", "NEW", None)
    assert _posts(fresh_sim, ALGO) == []


def test_a_refused_entry_sends_no_leg(run_binance: Run, fresh_sim: Simulator) -> None:
    result = run_binance("order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.01", "-m", "futures",
                         "--position-side", "long", "--tp", "70000", "--sl", "60000")
    assert result.exit_code == 1
    assert "[-4061] Order's position side does not match user's setting" in result.stderr  # one-way account
    [entry] = _posts(fresh_sim, ORDER)
    assert entry["positionSide"] == "LONG"
    assert _posts(fresh_sim, ALGO) == [] and "Order placed" not in result.stdout


def test_a_failed_leg_is_named_and_the_entry_reported(run_binance: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("code", ALGO, code=-2021, msg="Order would immediately trigger.")
    result = run_binance("--json", "order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.01", "-m",
                         "futures", "--tp", "70000", "--sl", "60000")
    assert result.exit_code == 1
    tp, sl = _posts(fresh_sim, ALGO)  # each leg sent once: the refused one is not retried
    assert (tp["type"], sl["type"]) == ("TAKE_PROFIT_MARKET", "STOP_MARKET")
    doc = json.loads(result.stdout)
    assert doc["order"]["status"] == "FILLED"
    assert [(a["leg"], a["status"], a["id"] is None) for a in doc["attached"]] == [
        ("take-profit", "FAILED", True), ("stop-loss", "NEW", False)]
    assert doc["attached"][0]["error"] == "binance [-2021] Order would immediately trigger."
    [line] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert line.startswith(f"error: the entry order was placed, but attaching failed for take-profit at 70000 "
                           f"(client id {tp['clientAlgoId']}): binance [-2021] Order would immediately trigger")
    [pos] = ok_json(run_binance("--json", "positions", "BTC"))
    assert (pos["side"], pos["amount"]) == ("long", "0.010")


def test_futures_order_mistakes_send_nothing(run_binance: Run, fresh_sim: Simulator) -> None:
    base = ("order", "place", "BTC", "-s", "buy", "-q", "0.01", "-m", "futures")
    cases = [(("-t", "market", "--reduce-only", "--position-side", "long"), "--reduce-only: not in hedge mode"),
             (("-t", "market", "--reduce-only", "--tp", "70000"), "not a --reduce-only one"),
             (("-t", "limit"), "--price is required"),
             (("-t", "market", "--sl", "0"), "--sl: must be greater than 0")]
    for args, message in cases:
        result = run_binance(*base, *args)
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)
    assert not [r for r in fresh_sim.requests if r.method == "POST"]
