"""USD-M futures through tradewire's sync and async clients: market data, settings consistent with
positions, batches, queries, income; the futures user stream and the synced futures book."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from tests.both import Both
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


def test_market_data(bn: Both) -> None:
    bn.futures_ping()
    assert bn.futures_depth("BTCUSDT", limit=5).bids[0] == (D(64999), D("0.327"))
    with pytest.raises(ValidationError, match="limit"):
        bn.futures_depth("BTCUSDT", limit=7)
    (t,) = bn.futures_trades("BTCUSDT")
    assert (t.price, t.qty, t.quote_qty) == (D(65000), D("0.01"), D(650))
    assert [(a.p, a.q) for a in bn.futures_agg_trades("BTCUSDT")] == [(D(65000), D("0.01"))]
    (k,) = bn.futures_continuous_klines("BTCUSDT", "1m")
    (mk,) = bn.futures_mark_price_klines("BTCUSDT", "1m")
    assert (k.close, k.volume, mk.close, mk.volume, mk.trades) == (D(65000), D("0.01"), D(65000), D(0), 1)
    pi = bn.futures_premium_index("ETHUSDT")
    assert (pi.mark_price, pi.last_funding_rate, pi.next_funding_time % 28_800_000) == (D(3200), D(0), 0)
    assert bn.futures_funding_rate("BTCUSDT") == []
    assert [f.funding_interval_hours for f in bn.futures_funding_info()] == [8, 8]
    tk = bn.futures_ticker_24h("BTCUSDT")
    assert (tk.last_price, tk.volume, tk.count) == (D(65000), D("0.01"), 1)
    assert bn.futures_price("ETHUSDT").price == D(3200)
    bt = bn.futures_book_ticker("BTCUSDT")
    assert (bt.bid_price, bt.ask_price) == (D(64999), D(65001))
    assert bn.futures_open_interest("BTCUSDT").open_interest == D(0)


def test_settings_follow_positions(bn: Both) -> None:
    assert bn.futures_set_leverage("BTCUSDT", 10).leverage == 10
    with pytest.raises(ExchangeError, match=r"\[-4028\] Leverage 126 is not valid"):
        bn.request("POST", "/fapi/v1/leverage", {"symbol": "BTCUSDT", "leverage": 126})
    assert bn.futures_set_margin_type("BTCUSDT", "ISOLATED").code == 200
    with pytest.raises(ExchangeError, match="-4046"):
        bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.01"))
    (pos,) = bn.futures_positions()
    # isolated: wallet = 0.01 x 65001 / 10; liquidation where wallet + (p - entry) x 0.01 = 0.4 % x p x 0.01
    assert (pos.position_amt, pos.isolated_wallet, pos.initial_margin) == (D("0.01"), D("65.001"), D(65))
    assert pos.liquidation_price == D("58735.84337349")  # (650.01 - 65.001) / (0.01 - 0.00004)
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
    assert bn.futures_positions("BTCUSDT")[0].isolated_wallet == D("70.001")
    assert [(r.type, r.amount) for r in bn.futures_position_margin_history("BTCUSDT")] == [(1, D(5))]
    with pytest.raises(ExchangeError, match="-4049"):
        bn.futures_position_margin("ETHUSDT", D(5), 1)
    acct = bn.futures_account()
    assert (acct.total_wallet_balance, acct.total_cross_wallet_balance) == (D("999.739996"), D("929.738996"))
    assert acct.positions[0].isolated_wallet == D("70.001")
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
    bn.futures_set_position_mode(False)


def test_batches_queries_and_income(bn: Both, sim: BinanceSim) -> None:
    placed = bn.futures_batch_orders([
        {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.01"), "price": D(60000),
         "timeInForce": "GTC", "newClientOrderId": "b1"},
        {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.01"), "price": D("60000.05"),
         "timeInForce": "GTC"},
        {"symbol": "BTCUSDT", "side": "SELL", "type": "MARKET", "quantity": D("0.02")}])
    first, bad, sell = placed
    assert (first.client_order_id, first.status) == ("b1", "NEW")  # type: ignore[union-attr]
    assert isinstance(bad, BatchError) and bad.code == -1111
    assert (sell.status, sell.avg_price) == ("FILLED", D(64999))  # type: ignore[union-attr]
    assert [o.client_order_id for o in bn.futures_open_orders("BTCUSDT")] == ["b1"]
    assert bn.futures_open_order("BTCUSDT", orig_client_order_id="b1").status == "NEW"
    assert [o.status for o in bn.futures_all_orders("BTCUSDT")] == ["NEW", "FILLED"]
    (c1, c2) = bn.futures_cancel_batch("BTCUSDT", orig_client_order_ids=["b1", "nope"])
    assert c1.status == "CANCELED" and isinstance(c2, BatchError) and c2.code == -2011  # type: ignore[union-attr]
    (tr,) = bn.futures_user_trades("BTCUSDT")
    assert (tr.side, tr.qty, tr.commission, tr.realized_pnl) == ("SELL", D("0.02"), D("0.5199920"), D(0))
    assert [(i.income_type, i.income) for i in bn.futures_income()] == [("COMMISSION", D("-0.519992"))]
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
            await bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.01"), new_client_order_id="u1")
            await asyncio.wait_for(task, 60)
            return seen

    seen = asyncio.run(run())
    cfg, new, trade, acct = seen
    assert isinstance(cfg, AccountConfigUpdate) and cfg.ac is not None and (cfg.ac.s, cfg.ac.l) == ("BTCUSDT", 7)
    assert isinstance(new, OrderTradeUpdate) and (new.o.c, new.o.x, new.o.X) == ("u1", "NEW", "NEW")
    assert isinstance(trade, OrderTradeUpdate) and (trade.o.x, trade.o.X, trade.o.L, trade.o.n) == (
        "TRADE", "FILLED", D(65001), D("0.260004"))
    assert isinstance(acct, AccountUpdate) and acct.a.m == "ORDER"
    assert (acct.a.P[0].pa, acct.a.P[0].ep, acct.a.B[0].wb) == (D("0.01"), D(65001), D("999.739996"))


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
                    sim.run(lambda p=price: sim.exchange.engine.place("mm", "BTCUSDT", "BUY", "LIMIT", D("0.001"),
                                                                     price=p))
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
    assert book.best_ask() == (D(65001), D(snap.asks[0][1]))  # type: ignore[attr-defined]
