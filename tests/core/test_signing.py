"""Signing: official vectors, canonical string, and the exact bytes placed on the wire."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradewire.bingx import endpoints as E
from tradewire.bingx.base import BingXConfig
from tradewire.core.auth import canonical, hmac_sha256_hex, transmitted
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.errors import ValidationError

S1 = "mheO6dR8ovSsxZQCOYEFCtelpuxcWGTfHw7te326y6jOwq5WpvFQ9JNljoTwBXZGv5It07m9RXSPpDQEK2w"
S_SPOT = "UuGuyEGt6ZEkpUObCYCmIfh0elYsZVh80jlYwpJuRZEw70t6vomMH7Sjmf94ztSI"


@pytest.mark.parametrize(
    ("secret", "message", "signature"),
    [
        # 2023 swap doc (unsorted parameters, as published)
        (S1, "symbol=BTC-USDT&timestamp=1667872120843&side=LONG&leverage=6",
         "4f581ecdb1fa09b9d6e57886b6f70cffed17f82b93399722939e49a38edec2bf"),
        # old spot docs
        (S_SPOT, "quoteOrderQty=20&side=BUY&symbol=ETHUSDT&timestamp=1649404670162&type=MARKET",
         "428a3c383bde514baff0d10d3c20e5adfaacaf799e324546dafe5ccc480dd827"),
        # derived in bingx.md §4
        (S1, "timestamp=1696751141337", "b1206765e9bd1cc8ef850965fc5c1edce909192ac61a811e6616a9930b8bf64c"),
        (S1, 'data=[{"symbol":"BTC-USDT","side":"BUY","type":"LIMIT","quantity":0.001,"price":85000}]'
             "&recvWindow=5000&timestamp=1766679008165",
         "a80790626d30237883df17aef2655b3ed4c80277f3a8ddbfb5adc124d62a2f78"),
    ],
)
def test_official_vectors(secret: str, message: str, signature: str) -> None:
    assert hmac_sha256_hex(secret, message) == signature


def test_canonical_sorts_and_keeps_values_raw() -> None:
    params = {"type": "MARKET", "symbol": "ETHUSDT", "side": "BUY", "quoteOrderQty": "20",
              "timestamp": "1649404670162"}
    assert canonical(params) == "quoteOrderQty=20&side=BUY&symbol=ETHUSDT&timestamp=1649404670162&type=MARKET"
    assert hmac_sha256_hex(S_SPOT, canonical(params)) == (
        "428a3c383bde514baff0d10d3c20e5adfaacaf799e324546dafe5ccc480dd827")


def test_values_with_brackets_are_encoded_in_transit_but_signed_raw() -> None:
    params = {"data": '[{"a":1, "b":"x y"}]', "timestamp": "1766679008165"}
    signed = canonical(params)
    assert signed == 'data=[{"a":1, "b":"x y"}]&timestamp=1766679008165'
    assert transmitted(params, signed) == (
        "data=%5B%7B%22a%22%3A1%2C%20%22b%22%3A%22x%20y%22%7D%5D&timestamp=1766679008165")
    plain = {"symbol": "BTC-USDT", "timestamp": "1"}
    assert transmitted(plain, canonical(plain)) == "symbol=BTC-USDT&timestamp=1"


def _config() -> BingXConfig:
    cfg = BingXConfig("KEY" * 10, S1, base_url="http://h", source_key="TEST")
    cfg.context.clock.source = lambda: 1696751141337
    return cfg


def test_get_sends_exactly_the_signed_query() -> None:
    cfg = _config()
    ep = E.POSITIONS
    req = cfg.context.venue.prepare(ep, ep.build({"symbol": "BTC-USDT"}), "http://h", cfg.context)
    signed = "symbol=BTC-USDT&timestamp=1696751141337"
    sig = hmac_sha256_hex(S1, signed)
    assert req.method == "GET"
    assert req.url == f"http://h/openApi/swap/v2/user/positions?{signed}&signature={sig}"
    assert req.body is None
    assert req.headers == {"X-SOURCE-KEY": "TEST", "X-BX-APIKEY": "KEY" * 10}


def test_post_sends_exactly_the_signed_form_body() -> None:
    cfg = _config()
    ep = E.TRANSFER
    params = ep.build({"asset": "USDT", "amount": Decimal("1E+1"), "fromAccount": "fund", "toAccount": "USDTMPerp"})
    req = cfg.context.venue.prepare(ep, params, "http://h", cfg.context)
    signed = "amount=10&asset=USDT&fromAccount=fund&timestamp=1696751141337&toAccount=USDTMPerp"
    assert req.url == "http://h/openApi/api/asset/v1/transfer"
    assert req.body == f"{signed}&signature={hmac_sha256_hex(S1, signed)}".encode()
    assert req.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_recv_window_is_signed_when_configured() -> None:
    cfg = BingXConfig("k" * 20, S1, base_url="http://h", recv_window=5000)
    cfg.context.clock.source = lambda: 1696751141337
    req = cfg.context.venue.prepare(E.SWAP_BALANCE, {}, "http://h", cfg.context)
    signed = "recvWindow=5000&timestamp=1696751141337"
    assert req.url.endswith(f"?{signed}&signature={hmac_sha256_hex(S1, signed)}")


def test_public_call_carries_timestamp_but_no_key_or_signature() -> None:
    cfg = _config()
    req = cfg.context.venue.prepare(E.DEPTH, E.DEPTH.build({"symbol": "BTC-USDT", "limit": 5}), "http://h",
                                    cfg.context)
    assert req.url == "http://h/openApi/swap/v2/quote/depth?limit=5&symbol=BTC-USDT&timestamp=1696751141337"
    assert "X-BX-APIKEY" not in req.headers


def test_values_render_exactly() -> None:
    ep = Endpoint("t", "GET", "/x", params=(Param("a"), Param("b"), Param("c"), Param("d")))
    assert ep.build({"a": Decimal("0.00000001"), "b": True, "c": 10**20, "d": Decimal("1.50")}) == {
        "a": "0.00000001", "b": "true", "c": "100000000000000000000", "d": "1.50"}


@pytest.mark.parametrize("bad", ["a&b", "a=b", "a?b", "a#b", "a\rb", "a\nb"])
def test_pollution_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError) as e:
        E.TRANSFER_RECORDS.build({"transferId": bad})
    assert e.value.param == "transferId"
    assert "must not contain" in e.value.rule


def test_floats_are_refused_for_money() -> None:
    with pytest.raises(ValidationError) as e:
        E.TRANSFER.build({"asset": "USDT", "amount": 0.1, "fromAccount": "fund", "toAccount": "USDTMPerp"})
    assert e.value.param == "amount"


def test_secret_never_in_repr() -> None:
    cfg = _config()
    assert S1 not in repr(cfg)
    assert S1 not in repr(cfg.context.credentials)
    assert S1 not in str(cfg.context)
