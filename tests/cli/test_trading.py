"""Order management: fills read back (average price and fee), trigger orders, TP/SL, the far-price guard,
cancel-all, history, fills, leverage, margin and position mode, close; BingX and Binance on the simulator."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator

SWAP_ORDER = "/openApi/swap/v2/trade/order"
TAKER = Decimal("0.0005")


def _walk(asks: list[dict[str, str]], qty: Decimal) -> tuple[Decimal, Decimal]:
    """The quote amount and base amount a market buy of `qty` takes from `asks`."""
    left, quote = qty, Decimal(0)
    for level in asks:
        take = min(left, Decimal(level["amount"]))
        quote += take * Decimal(level["price"])
        left -= take
        if not left:
            break
    return quote, qty


def _sent(sim: Simulator, path: str) -> list[dict[str, list[str]]]:
    return [parse_qs(r.raw_query or r.body.decode()) for r in sim.requests if r.path == path and r.method == "POST"]


def test_market_order_shows_average_price_and_fee(run_fresh: Run) -> None:
    asks = ok_json(run_fresh("--json", "book", "BTC", "--depth", "5"))["asks"]
    quote, qty = _walk(asks, Decimal("0.01"))
    placed = ok_json(run_fresh("--json", "order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.01",
                               "-m", "swap", "--position-side", "long"))
    assert placed["price"] is None  # not the venue's "0"
    assert (Decimal(placed["average"]), Decimal(placed["fee"]), placed["fee_asset"], placed["status"]) == (
        quote / qty, -quote * TAKER, "USDT", "FILLED")
    fills = ok_json(run_fresh("--json", "fills", "BTC"))
    [summary] = fills["summary"]
    assert (summary["side"], Decimal(summary["amount"]), Decimal(summary["quote"])) == ("buy", qty, quote)
    assert Decimal(summary["average"]) == quote / qty and Decimal(summary["fee"]) == -quote * TAKER
    assert {f["order_id"] for f in fills["fills"]} == {placed["id"]}
    [first] = ok_json(run_fresh("--json", "order", "history", "BTC"))
    assert (first["id"], first["average"], first["fee"]) == (placed["id"], placed["average"], placed["fee"])


def test_spot_market_order_fee_in_the_bought_asset(run_fresh: Run) -> None:
    placed = ok_json(run_fresh("--json", "order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.001",
                               "-m", "spot"))
    [fill] = ok_json(run_fresh("--json", "fills", "BTC", "-m", "spot"))["fills"]
    assert placed["average"] == fill["price"] and placed["fee"] == fill["fee"] and placed["fee_asset"] == "BTC"


def test_take_profit_and_stop_loss_attach_to_a_swap_order(run_fresh: Run, fresh_sim: Simulator) -> None:
    ok_json(run_fresh("--json", "order", "place", "BTC", "-s", "buy", "-t", "limit", "-q", "0.01", "-p", "64000",
                      "-m", "swap", "--position-side", "long", "--tp", "70000.5", "--sl", "60000"))
    [sent] = _sent(fresh_sim, SWAP_ORDER)
    assert sent["takeProfit"] == ['{"type":"TAKE_PROFIT_MARKET","stopPrice":"70000.5","workingType":"MARK_PRICE"}']
    assert sent["stopLoss"] == ['{"type":"STOP_MARKET","stopPrice":"60000","workingType":"MARK_PRICE"}']
    spot = run_fresh("order", "place", "BTC", "-s", "buy", "-t", "limit", "-q", "0.01", "-p", "64000", "-m", "spot",
                     "--tp", "70000")
    assert spot.exit_code == 2
    assert "--tp and --sl attach to perpetual orders (--market swap; Binance: --market futures)" in spot.stderr


def test_trigger_orders_in_the_venue_s_words(run_fresh: Run, fresh_sim: Simulator) -> None:
    base = ("order", "place", "BTC", "-s", "sell", "-q", "0.01", "-m", "swap", "--position-side", "long")
    stop = ok_json(run_fresh("--json", *base, "-t", "stop-loss", "--stop-price", "60000"))
    assert (stop["type"], stop["stop_price"], stop["price"], stop["status"]) == ("STOP_MARKET", "60000", None, "NEW")
    tp = ok_json(run_fresh("--json", *base, "-t", "take-profit-limit", "--stop-price", "70000", "-p", "69990"))
    assert (tp["type"], tp["stop_price"], tp["price"]) == ("TAKE_PROFIT", "70000", "69990")
    trail = ok_json(run_fresh("--json", *base, "-t", "trailing-stop", "--callback-rate", "1.5"))
    assert trail["type"] == "TRAILING_STOP_MARKET"
    assert _sent(fresh_sim, SWAP_ORDER)[-1]["priceRate"] == ["0.015"]  # percent typed, fraction sent
    listed = ok_json(run_fresh("--json", "order", "list", "-m", "swap"))
    assert sorted(o["type"] for o in listed) == ["STOP_MARKET", "TAKE_PROFIT", "TRAILING_STOP_MARKET"]
    spot = ok_json(run_fresh("--json", "order", "place", "BTC", "-s", "sell", "-q", "0.001", "-m", "spot", "-t",
                             "stop-loss", "--stop-price", "60000"))
    assert (spot["type"], spot["stop_price"]) == ("TAKE_STOP_MARKET", "60000")
    cancelled = ok_json(run_fresh("--json", "order", "cancel-all", "-m", "swap"))
    assert sorted(o["id"] for o in cancelled) == sorted(o["id"] for o in listed)
    assert {o["status"] for o in cancelled} == {"CANCELED"}
    assert ok_json(run_fresh("--json", "order", "list", "-m", "swap")) == []


def test_trigger_order_mistakes_are_usage_errors(run_fresh: Run, fresh_sim: Simulator) -> None:
    base = ("order", "place", "BTC", "-s", "sell", "-q", "0.01")
    cases = [(("-m", "swap", "-t", "stop-loss"), "--stop-price is required"),
             (("-m", "swap", "-t", "stop-loss-limit", "--stop-price", "6"), "--price is required"),
             (("-m", "swap", "-t", "stop-loss", "--stop-price", "6", "-p", "5"), "fills at market: no --price"),
             (("-m", "swap", "-t", "trailing-stop"), "--callback-rate"),
             (("-m", "spot", "-t", "trailing-stop", "--callback-rate", "1"), "BingX spot has no trailing"),
             (("-m", "swap", "-t", "limit", "-p", "5", "--stop-price", "6"), "apply to stop, take-profit")]
    before = len(fresh_sim.requests)
    for args, message in cases:
        result = run_fresh(*base, *args)
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)
    assert not [r for r in fresh_sim.requests[before:] if r.method == "POST"]


def test_a_limit_price_far_through_the_market_needs_yes(run_fresh: Run, fresh_sim: Simulator) -> None:
    far = ("order", "place", "BTC", "-s", "buy", "-t", "limit", "-q", "0.01", "-p", "70000", "-m", "swap",
           "--position-side", "long")
    refused = run_fresh(*far)
    assert refused.exit_code == 2
    assert "BUY limit 70000 is 7.69% through the last price 65000.0 of BTC/USDT (more than 5%)" in refused.stderr
    assert _sent(fresh_sim, SWAP_ORDER) == []
    assert run_fresh(*far, "--max-deviation", "8").exit_code == 0  # within the allowed distance
    placed = ok_json(run_fresh("--json", *far, "--yes"))
    assert placed["status"] == "FILLED" and Decimal(placed["average"]) < Decimal(70000)
    near = ok_json(run_fresh("--json", *far[:-6], "-p", "60000", "-m", "swap", "--position-side", "long"))
    assert near["status"] == "NEW"  # a price below the market on a buy never asks


def test_leverage_margin_and_position_mode(run_fresh: Run) -> None:
    assert [(r["side"], r["leverage"]) for r in ok_json(run_fresh("--json", "leverage", "BTC"))] == [
        ("long", 10), ("short", 10)]
    assert [(r["side"], r["leverage"]) for r in ok_json(run_fresh("--json", "leverage", "BTC", "7"))] == [
        ("long", 7), ("short", 7)]
    assert [r["leverage"] for r in ok_json(run_fresh("--json", "leverage", "BTC", "3", "--side", "short"))] == [7, 3]
    assert ok_json(run_fresh("--json", "margin-mode", "BTC")) == {"symbol": "BTC/USDT", "margin_mode": "isolated"}
    refused = run_fresh("margin-mode", "BTC", "cross")  # the demo account holds a BTC position
    assert refused.exit_code == 1 and "80001" in refused.stderr
    assert ok_json(run_fresh("--json", "margin-mode", "SOL", "cross"))["margin_mode"] == "cross"
    assert ok_json(run_fresh("--json", "position-mode")) == {"mode": "hedge"}
    assert run_fresh("margin-mode", "BTC", "both").exit_code == 2


def test_close_one_position_then_all(run_fresh: Run) -> None:
    before = ok_json(run_fresh("--json", "positions"))
    btc = [p for p in before if p["symbol"] == "BTC/USDT"]
    closed = ok_json(run_fresh("--json", "close", "BTC"))
    assert closed["positions"] == btc and len(closed["closing"]) == len(btc)
    assert [p["symbol"] for p in ok_json(run_fresh("--json", "positions"))] == [
        p["symbol"] for p in before if p["symbol"] != "BTC/USDT"]
    ok_json(run_fresh("--json", "close", "--all"))
    assert ok_json(run_fresh("--json", "positions")) == []
    assert run_fresh("close").exit_code == 2


def test_binance_spot_and_usdm(run_binance: Run, fresh_sim: Simulator) -> None:
    placed = ok_json(run_binance("--json", "order", "place", "BTC", "-s", "buy", "-t", "market", "-q", "0.001"))
    [fill] = ok_json(run_binance("--json", "fills", "BTC", "-m", "spot"))["fills"]
    assert (placed["average"], placed["fee"], placed["fee_asset"]) == (
        format(Decimal(fill["price"]).normalize(), "f"), fill["fee"], "BTC")
    trail = ok_json(run_binance("--json", "order", "place", "BTC", "-s", "sell", "-q", "0.001", "-t",
                                "trailing-stop", "--callback-rate", "1"))
    assert (trail["type"], trail["status"]) == ("STOP_LOSS", "NEW")
    sent = [parse_qs(r.raw_query or r.body.decode()) for r in fresh_sim.requests if r.path == "/api/v3/order"
            and r.method == "POST"]
    assert sent[-1]["trailingDelta"] == ["100"]  # BIPS: 1% = 100
    algo = ok_json(run_binance("--json", "order", "place", "BTC", "-s", "sell", "-q", "0.001", "-m", "swap", "-t",
                               "stop-loss", "--stop-price", "60000"))
    assert (algo["market"], algo["type"], Decimal(algo["stop_price"])) == ("swap", "STOP_MARKET", Decimal(60000))
    assert [r["id"] for r in ok_json(run_binance("--json", "order", "cancel-all", "BTC", "-m", "spot"))] == [
        trail["id"]]
    assert ok_json(run_binance("--json", "leverage", "BTC", "5"))[0]["leverage"] == 5
    assert ok_json(run_binance("--json", "position-mode")) == {"mode": "one-way"}
    assert run_binance("order", "cancel-all", "-m", "spot").exit_code == 2


def test_binance_close_sends_reduce_only_market_orders(run_binance: Run, fresh_sim: Simulator) -> None:
    from tradewire.binance.client import Binance

    user = fresh_sim.users[0]
    with Binance(user.api_key, user.secret_key, base_url=fresh_sim.binance_url,
                 futures_url=fresh_sim.binance_url) as rest:
        rest.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity="0.002")
    [before] = ok_json(run_binance("--json", "positions"))
    assert (before["side"], before["amount"]) == ("long", "0.002")
    closed = ok_json(run_binance("--json", "close", "BTC"))
    assert closed["positions"] == [before] and len(closed["closing"]) == 1
    [sent] = [parse_qs(r.raw_query or r.body.decode()) for r in fresh_sim.requests
              if r.path == "/fapi/v1/order" and r.method == "POST"][-1:]
    assert (sent["side"], sent["type"], sent["quantity"], sent["reduceOnly"]) == (
        ["SELL"], ["MARKET"], ["0.002"], ["true"])
    assert ok_json(run_binance("--json", "positions")) == []
