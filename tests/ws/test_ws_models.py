"""Every push sample of bingx-samples.md part B decodes with exact Decimal and str values.

Samples printed with ``//`` comments in their sources are given here without the comments (and
with the comma missing after ``"rp"`` in the 2023 ORDER_TRADE_UPDATE restored).
"""

from __future__ import annotations

from decimal import Decimal

from tradewire.bingx.ws_models import (
    AccountConfigUpdate,
    AccountUpdate,
    Balance,
    BookTicker,
    ListenKeyExpired,
    MarkPrice,
    OrderTradeUpdate,
    Position,
    UnknownEvent,
    decode_account_event,
    decode_book_ticker,
    decode_depth,
    decode_klines,
    decode_last_price,
    decode_mark_price,
    decode_ticker,
    decode_trades,
)

D = Decimal

DEPTH5 = b"""{"code": 0, "dataType": "BTC-USDT@depth5@500ms", "ts": 1759996742928, "data": {
 "bids": [["121825.7","7.7622"],["121825.6","0.0060"],["121825.4","0.1234"],["121825.2","0.0021"],
          ["121825.0","0.0023"]],
 "asks": [["121827.3","0.0025"],["121827.1","0.0010"],["121826.5","0.0028"],["121826.1","0.0143"],
          ["121825.9","9.2345"]]}}"""


def test_b1_partial_depth() -> None:
    (depth,) = decode_depth(DEPTH5)
    assert depth.time == 1759996742928  # the frame's ts
    assert depth.bids[0] == (D("121825.7"), D("7.7622")) and depth.bids[4] == (D("121825.0"), D("0.0023"))
    assert depth.asks[0] == (D("121825.9"), D("9.2345")) and str(depth.bids[1][1]) == "0.0060"  # sorted best first


def test_b2_account_update_swap_2025() -> None:
    ev = decode_account_event(b"""{"e": "ACCOUNT_UPDATE", "E": 1758608899352, "a": {"m": "ORDER",
      "B": [{"a": "USDT", "wb": "117.80007595", "cw": "95.23045595", "bc": "0"}],
      "P": [{"s": "BTC-USDT", "pa": "0.00100000", "ep": "112848.10000000", "up": "-0.00004435", "mt": "cross",
             "iw": "22.56957565", "ps": "SHORT", "cr": "-0.05642405"}]}}""")
    assert isinstance(ev, AccountUpdate) and ev.event_time == 1758608899352 and ev.push_time is None
    assert ev.account.reason == "ORDER"
    assert ev.account.balances == [
        Balance(asset="USDT", wallet_balance=D("117.80007595"), cross_wallet_balance=D("95.23045595"),
                balance_change=D("0"))
    ]  # fmt: skip
    assert ev.account.positions == [
        Position(symbol="BTC-USDT", position_amount=D("0.00100000"), entry_price=D("112848.10000000"),
                 unrealized_pnl=D("-0.00004435"), margin_type="cross", isolated_margin=D("22.56957565"),
                 position_side="SHORT", cr=D("-0.05642405"))
    ]  # fmt: skip


def test_b2_account_update_swap_2023_and_ccxt_and_spot() -> None:
    ev = decode_account_event(b"""{"e": "ACCOUNT_UPDATE", "E":1676603102163, "T":1676603102163, "a":{"m":"ORDER",
      "B":[{"a":"USDT","wb":"5277.59264687","cw":"5233.21709203","bc":"0"}],
      "P":[{"s":"LINK-USDT","pa":"108.84300000","ep":"7.25620000","up": "1.42220000","mt":"isolated",
            "iw": "23.19081642","ps":"SHORT"}]}}""")
    assert isinstance(ev, AccountUpdate) and ev.push_time == 1676603102163
    assert ev.account.positions[0].entry_price == D("7.25620000") and ev.account.positions[0].cr is None
    assert ev.account.balances[0].cross_wallet_balance == D("5233.21709203")

    ev = decode_account_event(b"""{"e":"ACCOUNT_UPDATE","E":1696244249320,"a":{"m":"WITHDRAW",
      "B":[{"a":"USDT","wb":"49.81083984","cw":"49.81083984","bc":"-1.00000000"}],"P":[]}}""")
    assert isinstance(ev, AccountUpdate) and ev.account.reason == "WITHDRAW" and ev.account.positions == []
    assert ev.account.balances[0].balance_change == D("-1.00000000")

    ev = decode_account_event(b"""{"e": "ACCOUNT_UPDATE", "a": {"B": [{"a": "USDT", "bc": "0.00",
      "cw": "0.00000000999999", "wb": "0.00000000999999", "lk": "0"}], "m": "INIT"}, "E": 1760067938102}""")
    assert isinstance(ev, AccountUpdate) and ev.account.reason == "INIT"
    assert ev.account.balances[0].locked == D("0") and ev.account.balances[0].wallet_balance == D("0.00000000999999")

    ev = decode_account_event(
        b'{"e":"ACCOUNT_UPDATE","E":1714648293000,"T":1714648293541,"a":{"B":[{"a":"ETH",'
        b'"bc":"0.00000000000000000000","cw":"0.00000016900000000000","lk":"0.00000000000000000000",'
        b'"wb":"0.00000016900000000000"}],"m":"ORDER"}}'
    )
    assert isinstance(ev, AccountUpdate)
    assert str(ev.account.balances[0].wallet_balance) == "1.6900000000000E-7"
    assert ev.account.balances[0].wallet_balance == D("0.000000169")


def test_b3_order_trade_update_2023_number_id() -> None:
    ev = decode_account_event(b"""{"e":"ORDER_TRADE_UPDATE","E":1676973375161,"o":{"s":"LINK-USDT","c":"",
      "i":1627970445070303232,"S":"SELL","o":"MARKET","q":"5.00000000","p":"7.82700000","ap":"7.82690000",
      "x":"TRADE","X":"FILLED","N":"USDT","n":"-0.01369708","T":1676973375149,"wt": "MARK_PRICE",
      "ps":"SHORT","rp":"0.00000000","z": "0.00000000"}}""")
    assert isinstance(ev, OrderTradeUpdate) and ev.event == "ORDER_TRADE_UPDATE"
    o = ev.order
    assert o.order_id == "1627970445070303232" and isinstance(o.order_id, str)
    assert o.client_order_id is None and o.side == "SELL" and o.type == "MARKET"
    assert (o.quantity, o.price, o.average_price, o.fee) == (D("5.00000000"), D("7.82700000"), D("7.82690000"),
                                                             D("-0.01369708"))  # fmt: skip
    assert o.execution_type == "TRADE" and o.status == "FILLED" and o.trigger_price_type == "MARK_PRICE"
    assert o.trade_time == 1676973375149 and o.realized_pnl == D("0E-8") and o.filled_quantity == D("0")


def test_b3_order_trade_update_ccxt_string_id() -> None:
    ev = decode_account_event(b"""{"e": "ORDER_TRADE_UPDATE", "E": 1696843635475, "o": {"s": "LTC-USDT",
      "c": "", "i": "1711312357852147712", "S": "BUY", "o": "MARKET", "q": "0.10000000", "p": "64.35010000",
      "ap": "64.36000000", "x": "TRADE", "X": "FILLED", "N": "USDT", "n": "-0.00321800", "T": 0,
      "wt": "MARK_PRICE", "ps": "LONG", "rp": "0.00000000", "z": "0.10000000"}}""")
    assert isinstance(ev, OrderTradeUpdate)
    assert ev.order.order_id == "1711312357852147712" and ev.order.trade_time == 0
    assert ev.order.filled_quantity == D("0.10000000") and ev.order.average_price == D("64.36000000")


def test_b3_trade_update_spelling_2025() -> None:
    ev = decode_account_event(b"""{"e": "TRADE_UPDATE", "E": 1758608899350, "T": 1758608899316, "o": {
      "s": "BTC-USDT", "c": "", "i": 1970374651259388000, "S": "SELL", "o": "MARKET", "q": "0.00100000",
      "p": "112848.10000000", "sp": "0.00000000", "ap": "112848.10000000", "x": "TRADE", "X": "FILLED",
      "N": "USDT", "n": "-0.05642405", "T": 1758608899316, "wt": "", "ps": "SHORT", "rp": "0.00000000",
      "z": "0.00100000", "sg": "false", "ti": 0, "ro": false, "td": 511178071, "tv": "112.8"}}""")
    assert isinstance(ev, OrderTradeUpdate) and ev.event == "TRADE_UPDATE" and ev.transaction_time == 1758608899316
    o = ev.order
    assert o.order_id == "1970374651259388000" and o.trigger_price_type is None and o.stop_price == D("0E-8")
    assert (o.sg, o.ti, o.ro, o.td, o.tv) == ("false", 0, False, "511178071", D("112.8"))


def test_b3_coin_m_order_update_tolerated() -> None:
    ev = decode_account_event(b"""{"e": "ORDER_TRADE_UPDATE", "E": 1760079163296, "o": {"s": "SUI-USD", "c": "",
      "i": 1976541385109553200, "S": "SELL", "o": "MARKET", "q": "10.00000000", "p": "3.43679900",
      "sp": "0.00000000", "ap": "3.43670000", "x": "TRADE", "X": "Unknown", "N": "USD", "n": "-0.00145488",
      "T": 0, "wt": "MARK_PRICE", "ps": "SHORT", "rp": "0.00000000", "z": "10.00000000", "ti": 0}}""")
    assert isinstance(ev, OrderTradeUpdate) and ev.order.status == "Unknown" and ev.order.price == D("3.43679900")


def test_b4_other_account_events() -> None:
    key = "53c1067059c5401e216ec0562f4e9741f49c3c18239a743653d844a50c4db6c0"
    ev = decode_account_event(b'{"e":"listenKeyExpired","E":1676964520421,"listenKey":"%s"}' % key.encode())
    assert ev == ListenKeyExpired(event="listenKeyExpired", event_time=1676964520421, listen_key=key)

    ev = decode_account_event(b'{"e":"ACCOUNT_CONFIG_UPDATE","E":1676878489992,'
                              b'"ac":{"s": "BTC-USDT","l":12,"S":9,"mt":"cross"}}')  # fmt: skip
    assert isinstance(ev, AccountConfigUpdate)
    assert (ev.config.symbol, ev.config.long_leverage, ev.config.short_leverage, ev.config.margin_type) == (
        "BTC-USDT", 12, 9, "cross")  # fmt: skip

    ev = decode_account_event(b"""{"e": "ACCOUNT_CONFIG_UPDATE", "E": 1760545706397,
      "ac": {"s": "BTC-USD", "l": 4, "S": 20, "mt": "Cross"}}""")
    assert isinstance(ev, AccountConfigUpdate) and ev.config.short_leverage == 20 and ev.config.margin_type == "Cross"

    ev = decode_account_event(b'{"e":"SNAPSHOT","E":1780336019559,"ac":{"s":"MTL-USDT","l":1,"S":1,"mt":"isolated"}}')
    config = {"s": "MTL-USDT", "l": 1, "S": 1, "mt": "isolated"}
    assert ev == UnknownEvent(event="SNAPSHOT", raw={"e": "SNAPSHOT", "E": 1780336019559, "ac": config})


def test_b4_spot_execution_report_kept_raw_with_exact_numbers() -> None:
    ev = decode_account_event(b"""{"code": 0, "dataType": "spot.executionReport", "data": {"u": 246523679711280,
      "e": "executionReport", "E": 1760068118150, "s": "SUI-USDT", "S": "BUY", "o": "MARKET", "q": 5,
      "p": 3.4649, "x": "TRADE", "X": "FILLED", "i": 1976495057808654300, "l": 5, "z": 5, "L": 3.4647,
      "n": -0.005, "U": "", "mu": "246523679711280", "N": "SUI", "T": 1760068118035, "t": 83956769,
      "O": 1760068117941, "Z": 17.3235, "Y": 17.3235, "Q": 17.5845, "m": false, "A": "17.3235",
      "ws": 1760068118166}}""")
    assert isinstance(ev, UnknownEvent) and ev.event is None
    data = ev.raw["data"]
    assert data["p"] == D("3.4649") and data["n"] == D("-0.005") and data["U"] is None
    assert data["i"] == 1976495057808654300


def test_b4_mark_price_and_book_ticker() -> None:
    (mark,) = decode_mark_price(b"""{"code": 0, "dataType": "BTC-USDT@markPrice", "data": {
      "e": "markPriceUpdate", "E": 1760001628357, "s": "BTC-USDT", "p": "121570.0"}}""")
    assert mark == MarkPrice(symbol="BTC-USDT", price=D("121570.0"), event_time=1760001628357)
    (bt,) = decode_book_ticker(b"""{"code": 0, "dataType": "BTC-USDT@bookTicker", "data": {"e": "bookTicker",
      "u": 578534658, "E": 1760001840686, "T": 1760001840687, "s": "BTC-USDT", "b": "121584.1", "B": "18.7084",
      "a": "121584.3", "A": "4.9602"}}""")
    assert bt == BookTicker(
        symbol="BTC-USDT", bid_price=D("121584.1"), bid_quantity=D("18.7084"), ask_price=D("121584.3"),
        ask_quantity=D("4.9602"), update_id=578534658, event_time=1760001840686, time=1760001840687,
    )  # fmt: skip


def test_market_channels_without_part_b_samples() -> None:
    """Shapes from ccxt's captured frames and the skills (no official samples exist)."""
    (ticker,) = decode_ticker(b"""{"code": 0, "dataType": "BTC-USDT@ticker", "data": {"e": "24hTicker",
      "E": 1706498923556, "s": "BTC-USDT", "p": "346.4", "P": "0.82", "c": "42432.5", "L": "0.0529",
      "h": "42855.4", "l": "41578.3", "v": "64310.9754", "q": "2728360284.15", "o": "42086.1",
      "O": 1706498922655, "C": 1706498883023, "A": "42437.8", "a": "1.4160", "B": "42437.1", "b": "2.5747"}}""")
    assert ticker.last_price == D("42432.5") and ticker.price_change_percent == D("0.82")
    assert (ticker.bid_price, ticker.bid_quantity, ticker.ask_price, ticker.ask_quantity) == (
        D("42437.1"), D("2.5747"), D("42437.8"), D("1.4160"))  # fmt: skip
    (last,) = decode_last_price(
        b'{"code":0,"dataType":"BTC-USDT@lastPrice","data":{"s":"BTC-USDT","c":"42432.5","T":1}}'
    )
    assert last.price == D("42432.5") and last.time == 1
    (kline,) = decode_klines(b"""{"code": 0, "dataType": "BTC-USDT@kline_1m", "s": "BTC-USDT", "data": [
      {"c": "28909.0", "o": "28915.4", "h": "28915.4", "l": "28896.1", "v": "27.6919", "T": 1690907580000}]}""")
    assert (kline.open, kline.close, kline.volume, kline.time) == (D("28915.4"), D("28909.0"), D("27.6919"),
                                                                   1690907580000)  # fmt: skip
    (kline,) = decode_klines(b"""{"code":0,"dataType":"BTC-USDT@kline_1m","data":{"s":"BTC-USDT",
      "K":{"t":1,"T":2,"o":"1.0","h":"2.0","l":"0.5","c":"1.5","v":"10"}}}""")
    assert kline.start_time == 1 and kline.high == D("2.0")
    trades = decode_trades(b"""{"code": 0, "dataType": "BTC-USD@trade", "data": {"e": "trade", "E": 1722920589665,
      "s": "BTC-USD", "t": "39125001", "p": "55360.0", "q": "1", "T": 1722920589582, "m": false}}""")
    assert trades[0].trade_id == "39125001" and trades[0].price == D("55360.0")
