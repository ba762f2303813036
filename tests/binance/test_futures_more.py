"""USD-M futures through tradewire's sync and async clients: market data, settings consistent with
positions, batches, queries, income; the futures user stream and the synced futures book."""

from __future__ import annotations

import asyncio
from decimal import ROUND_DOWN, Decimal

import pytest

from tests.binance.test_futures import Q8, entry_of
from tests.both import Both
from tests.walk import vwap, walk
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.futures_models import BatchError
from tradewire.binance.futures_streams import (
    AccountConfigUpdate,
    AccountUpdate,
    FuturesDepthSync,
    FuturesDepthUpdate,
    FuturesLocalBook,
    FuturesUserStream,
    OrderTradeUpdate,
)
from tradewire.binance.streams import Resynced
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal


def _q3(value: Decimal) -> Decimal:
    """A quantity at the contracts' 3 decimals, as the futures endpoints print it."""
    return D(f"{value:.3f}")


def test_market_data(bn: Both, sim: BinanceSim) -> None:
    bn.futures_ping()
    ex, now = sim.exchange, sim.exchange.clock.now_ms()
    _, bids, asks = ex.futures.engine.depth("BTCUSDT", 5)  # the book the futures fill on
    assert bn.futures_depth("BTCUSDT", limit=5).bids[0] == (bids[0][0], _q3(bids[0][1]))
    with pytest.raises(ValidationError, match="limit"):
        bn.futures_depth("BTCUSDT", limit=7)
    tape = ex.tapes.trades("BTCUSDT", now, 500)  # the futures follow the spot tape
    got = bn.futures_trades("BTCUSDT")
    assert [(t.id, t.price, t.qty) for t in got] == [(str(t.id), t.price, _q3(t.qty)) for t in tape]
    assert (got[-1].price, got[-1].quote_qty) == (D(65000), D(f"{tape[-1].price * tape[-1].qty:.2f}"))
    assert [(a.p, a.q) for a in bn.futures_agg_trades("BTCUSDT")][-1] == (D(65000), _q3(tape[-1].qty))
    k = bn.futures_continuous_klines("BTCUSDT", "1m")[-1]
    mk = bn.futures_mark_price_klines("BTCUSDT", "1m")[-1]
    minute = ex.tapes.kline("BTCUSDT", "1m", now - now % 60_000, now).stats
    assert (k.close, k.volume, mk.close, mk.volume, mk.trades) == (
        D(65000), _q3(minute.volume), D(65000), D(0), minute.count)
    pi = bn.futures_premium_index("ETHUSDT")
    at = now - now % 28_800_000 + 28_800_000  # the next funding time, and its rate
    assert (pi.mark_price, pi.last_funding_rate, pi.next_funding_time) == (
        D(3200), ex.tapes.market.funding_rate("ETHUSDT", at), at)
    settled = ex.tapes.market.funding_times(0, now)  # the market's history: a rate per 8 h
    assert [(r.funding_time, r.funding_rate) for r in bn.futures_funding_rate("BTCUSDT")] == [
        (t, ex.tapes.market.funding_rate("BTCUSDT", t)) for t in settled]
    assert [f.funding_interval_hours for f in bn.futures_funding_info()] == [8, 8]
    day = ex.tapes.window("BTCUSDT", now - 86_400_000 + 1, now)
    tk = bn.futures_ticker_24h("BTCUSDT")
    assert (tk.last_price, tk.volume, tk.count) == (D(65000), _q3(day.volume), day.count)
    assert bn.futures_price("ETHUSDT").price == D(3200)
    bt = bn.futures_book_ticker("BTCUSDT")
    assert (bt.bid_price, bt.ask_price) == (bids[0][0], asks[0][0])
    assert bn.futures_open_interest("BTCUSDT").open_interest == D(0)


def test_settings_follow_positions(bn: Both) -> None:
    assert bn.futures_set_leverage("BTCUSDT", 10).leverage == 10
    with pytest.raises(ExchangeError, match=r"\[-4028\] Leverage 126 is not valid"):
        bn.request("POST", "/fapi/v1/leverage", {"symbol": "BTCUSDT", "leverage": 126})
    assert bn.futures_set_margin_type("BTCUSDT", "ISOLATED").code == 200
    with pytest.raises(ExchangeError, match="-4046"):
        bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).asks, D("0.01"))
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.01"))  # walks the asks
    entry = entry_of(fills)
    (pos,) = bn.futures_positions()
    # isolated: wallet = 0.01 x entry / 10; liquidation where wallet + (p - entry) x 0.01 = 0.4 % x p x 0.01
    iso = entry * D("0.01") / 10
    assert (pos.position_amt, pos.isolated_wallet, pos.initial_margin) == (D("0.01"), iso, D(65))  # mark 65000
    assert pos.liquidation_price == ((entry * D("0.01") - iso) / (D("0.01") - D("0.00004"))).quantize(Q8)
    (cfg,) = bn.futures_symbol_config("BTCUSDT")
    assert (cfg.margin_type, cfg.leverage) == ("ISOLATED", 10)
    with pytest.raises(ExchangeError, match=r"\[-4048\] Margin type cannot be changed if there exists position."):
        bn.futures_set_margin_type("BTCUSDT", "CROSSED")
    with pytest.raises(ExchangeError, match="-4068"):
        bn.futures_set_position_mode(True)
    with pytest.raises(ExchangeError, match="-4167"):
        bn.futures_set_multi_assets(True)
    assert bn.futures_position_margin("BTCUSDT", D(5), 1).amount == D(5)
    with pytest.raises(ExchangeError, match="-4051"):
        bn.futures_position_margin("BTCUSDT", D(6), 2)  # would fall below the initial margin at mark
    assert bn.futures_positions("BTCUSDT")[0].isolated_wallet == iso + 5
    assert [(r.type, r.amount) for r in bn.futures_position_margin_history("BTCUSDT")] == [(1, D(5))]
    with pytest.raises(ExchangeError, match="-4049"):
        bn.futures_position_margin("ETHUSDT", D(5), 1)
    acct = bn.futures_account()
    wallet = 1000 - sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))  # taker fees
    assert (acct.total_wallet_balance, acct.total_cross_wallet_balance) == (wallet, wallet - iso - 5)
    assert acct.positions[0].isolated_wallet == iso + 5
    (br,) = bn.futures_leverage_brackets("BTCUSDT")
    assert (br.brackets[0].initial_leverage, br.brackets[0].maint_margin_ratio) == (125, D("0.004"))
    rate = bn.futures_commission_rate("BTCUSDT")
    assert (rate.maker_commission_rate, rate.taker_commission_rate) == (D("0.0002"), D("0.0004"))
    assert bn.futures_position_mode() is False and bn.futures_multi_assets() is False


def test_position_mode_and_hedge_refusal(bn: Both) -> None:
    assert bn.futures_set_position_mode(True).code == 200
    assert bn.futures_position_mode() is True
    with pytest.raises(ExchangeError, match="-4061"):
        bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.01"))
    with pytest.raises(ExchangeError, match=r"\[-1106\] Parameter 'reduceOnly' sent when not required."):
        bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=D("0.01"), reduce_only=True)
    bn.futures_set_position_mode(False)


def test_batches_queries_and_income(bn: Both, sim: BinanceSim) -> None:
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).bids, D("0.02"))
    placed = bn.futures_batch_orders([
        {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.01"), "price": D(60000),
         "timeInForce": "GTC", "newClientOrderId": "b1"},
        {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.01"), "price": D("60000.05"),
         "timeInForce": "GTC"},
        {"symbol": "BTCUSDT", "side": "SELL", "type": "MARKET", "quantity": D("0.02")}])
    first, bad, sell = placed
    assert (first.client_order_id, first.status) == ("b1", "NEW")  # type: ignore[union-attr]
    assert isinstance(bad, BatchError) and bad.code == -1111
    assert (sell.status, sell.avg_price) == ("FILLED", vwap(fills).quantize(Q8))  # one fill per level  # type: ignore[union-attr]
    assert [o.client_order_id for o in bn.futures_open_orders("BTCUSDT")] == ["b1"]
    assert bn.futures_open_order("BTCUSDT", orig_client_order_id="b1").status == "NEW"
    assert [o.status for o in bn.futures_all_orders("BTCUSDT")] == ["NEW", "FILLED"]
    (c1, c2) = bn.futures_cancel_batch("BTCUSDT", orig_client_order_ids=["b1", "nope"])
    assert c1.status == "CANCELED" and isinstance(c2, BatchError) and c2.code == -2011  # type: ignore[union-attr]
    fees = [(p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills]
    assert [(t.side, t.price, t.qty, t.commission, t.realized_pnl) for t in bn.futures_user_trades("BTCUSDT")] == [
        ("SELL", p, q, fee, D(0)) for (p, q), fee in zip(fills, fees, strict=True)]
    assert [(i.income_type, i.income) for i in bn.futures_income()] == [("COMMISSION", -fee) for fee in fees]
    bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.01"), price=D(60000), time_in_force="GTC")
    assert bn.futures_countdown_cancel_all("BTCUSDT", 5000).countdown_time == 5000
    sim.exchange.clock.advance(6000)
    assert bn.futures_open_orders("BTCUSDT") == []  # the countdown ran out
    assert bn.futures_cancel_all("BTCUSDT").code == 200


def _sim_client(sim: BinanceSim) -> AsyncBinance:
    return AsyncBinance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, futures_url=sim.url, ws_url=sim.ws_url,
                        futures_ws_url=sim.fws_url)


def test_futures_user_stream(sim: BinanceSim) -> None:
    async def run() -> list[object]:
        async with _sim_client(sim) as bn:
            seen: list[object] = []
            stream = FuturesUserStream(bn)

            async def read() -> None:
                async for ev in stream:
                    seen.append(ev)
                    if isinstance(ev, AccountUpdate):
                        return

            task = asyncio.ensure_future(read())
            for _ in range(200):  # the key exists once the stream has connected
                if sim.exchange.fstate.listen_keys and any(c.streams for c in sim.streams.futures.conns):  # type: ignore[union-attr]
                    break
                await asyncio.sleep(0.05)
            await bn.futures_set_leverage("BTCUSDT", 7)
            await bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.001"), new_client_order_id="u1")
            await asyncio.wait_for(task, 60)
            return seen

    seen = asyncio.run(run())
    cfg, new, trade, acct = seen
    assert isinstance(trade, OrderTradeUpdate)
    ask = trade.o.L  # the best ask, whose level holds at least the 0.001 step
    fee = ask * D("0.001") * D("0.0004")
    assert ask == sim.exchange.futures.orders[1].avg_price
    assert isinstance(cfg, AccountConfigUpdate) and cfg.ac is not None and (cfg.ac.s, cfg.ac.l) == ("BTCUSDT", 7)
    assert isinstance(new, OrderTradeUpdate) and (new.o.c, new.o.x, new.o.X) == ("u1", "NEW", "NEW")
    assert isinstance(trade, OrderTradeUpdate) and (trade.o.x, trade.o.X, trade.o.L, trade.o.n) == (
        "TRADE", "FILLED", ask, fee)
    assert isinstance(acct, AccountUpdate) and acct.a.m == "ORDER"
    assert (acct.a.P[0].pa, acct.a.P[0].ep, acct.a.B[0].wb) == (D("0.001"), ask, 1000 - fee)


def _ev(U: int, u: int, pu: int, b: list[tuple[str, str]] | None = None) -> FuturesDepthUpdate:
    return FuturesDepthUpdate(E=0, T=0, s="BTCUSDT", U=U, u=u, pu=pu, b=b or [], a=[])


def test_futures_depth_rule() -> None:
    sync = FuturesDepthSync()
    assert sync.apply(_ev(5, 8, 4, [("100", "1")]))  # buffered before the snapshot
    assert sync.apply(_ev(9, 12, 8, [("100", "2")]))
    assert sync.snapshot(10, [("100", "5"), ("99", "1")], [("101", "1")])
    assert sync.last_u == 12 and sync.book.best_bid() == (D(100), D(2))  # u=8 < 10 dropped, 9<=10<=12 applied
    assert sync.apply(_ev(13, 15, 12, [("99", "0")]))
    assert not sync.apply(_ev(17, 18, 16))  # pu 16 != 15: resync
    assert not sync.synced and len(sync.book) == 0
    late = FuturesDepthSync()
    late.apply(_ev(30, 31, 29))
    assert not late.snapshot(20, [], [])  # the first event must straddle lastUpdateId
    bad = FuturesDepthSync()
    assert bad.snapshot(10, [("100", "5")], [("101", "1")])
    with pytest.raises(ValueError, match="book cleared"):
        bad.apply(_ev(9, 12, 8, [("100", "+2")]))
    assert not bad.synced and len(bad.book) == 0


def test_futures_local_book_resyncs_on_a_gap(sim: BinanceSim) -> None:
    async def run() -> tuple[list[object], object]:
        async with _sim_client(sim) as bn:
            local = FuturesLocalBook(bn, "BTCUSDT", limit=1000)
            events: list[object] = []
            front = sim.streams.futures
            assert front is not None

            async def churn() -> None:
                for i in range(200):
                    price = D(64000) - i
                    sim.run(lambda p=price: sim.exchange.futures.engine.house_order("BTCUSDT", "BUY", p,
                                                                                   D("0.001")))
                    if i == 40:
                        sim.run(lambda: front.gaps.__setitem__("BTCUSDT", 1))  # type: ignore[attr-defined]
                    await asyncio.sleep(0.02)

            churner = asyncio.ensure_future(churn())
            try:
                async def read() -> None:
                    async for ev in local:
                        events.append(ev)
                        if sum(isinstance(e, Resynced) for e in events) == 2 and local.sync.synced:
                            return
                await asyncio.wait_for(read(), 120)
            finally:
                churner.cancel()
            snap = await bn.futures_depth("BTCUSDT", limit=1000)
            return events, (local.book, snap)

    events, (book, snap) = asyncio.run(run())
    reasons = [e.reason for e in events if isinstance(e, Resynced)]
    assert reasons[0] == "start" and reasons[1].startswith("gap: event pu=")
    # after the resync the local book agrees with a later snapshot at the touch (the house's ask, the churn's bid)
    assert book.best_ask() == (D(snap.asks[0][0]), D(snap.asks[0][1]))  # type: ignore[attr-defined]
    assert book.best_bid() == (D(snap.bids[0][0]), D(snap.bids[0][1]))  # type: ignore[attr-defined]
