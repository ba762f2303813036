"""Signing reproduces the documented examples (binance.md §4.1) and sends exactly what it signed."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest

from tradewire.binance import endpoints as E
from tradewire.binance.base import BinanceConfig
from tradewire.binance.protocol import KeyCredentials, encode_params, total_params
from tradewire.core.auth import Credentials
from tradewire.core.errors import ValidationError

KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
BODY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"


def test_example_1_and_2_all_in_body_or_query() -> None:
    assert Credentials(KEY, SECRET).sign(total_params("", BODY)) == \
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    assert Credentials(KEY, SECRET).sign(total_params(BODY, "")) == \
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"


def test_example_3_mixed_query_and_body() -> None:
    signed = total_params("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                          "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
    assert signed == ("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
                      "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
    assert Credentials(KEY, SECRET).sign(signed) == "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"


def test_prepared_order_body_is_the_documented_one() -> None:
    cfg = BinanceConfig(KEY, SECRET, recv_window=5000)
    cfg.clock.source = lambda: 1499827319559
    params = E.NEW_ORDER.build({"symbol": "LTCBTC", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                                "quantity": 1, "price": Decimal("0.1")})
    req = cfg.context.venue.prepare(E.NEW_ORDER, params, "https://api.binance.com", cfg.context)
    assert req.url == "https://api.binance.com/api/v3/order"
    assert req.body == (BODY + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71").encode()
    assert req.headers == {"X-MBX-APIKEY": KEY, "Content-Type": "application/x-www-form-urlencoded"}


def test_get_goes_in_the_query_and_arrays_are_encoded() -> None:
    assert encode_params({"symbols": '["BTCUSDT","BNBUSDT"]'}) == "symbols=%5B%22BTCUSDT%22%2C%22BNBUSDT%22%5D"
    cfg = BinanceConfig()
    params = E.TICKER_PRICE.build({"symbols": '["BTCUSDT","BNBUSDT"]'})
    req = cfg.context.venue.prepare(E.TICKER_PRICE, params, "https://api.binance.com", cfg.context)
    assert req.url == "https://api.binance.com/api/v3/ticker/price?symbols=%5B%22BTCUSDT%22%2C%22BNBUSDT%22%5D"
    assert req.body is None and req.headers == {}


def test_rsa_signature_verifies_and_is_url_encoded() -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    payload = ("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2"
               "&timestamp=1668481559918&recvWindow=5000")
    sig = KeyCredentials("CAvIjXy3F44yW6Pou5k8Dy1swsYDWJZLeoK2r8G4cFDnE9nosRppc2eKc1T8TRTQ", pem).sign(payload)
    key.public_key().verify(base64.b64decode(sig), payload.encode(), padding.PKCS1v15(), hashes.SHA256())
    cfg = BinanceConfig("k" * 64, private_key=pem)
    cfg.clock.source = lambda: 1668481559918
    req = cfg.context.venue.prepare(E.ACCOUNT, {}, "https://x", cfg.context)
    assert "+" not in req.url and "/" not in req.url.split("signature=")[1]
    assert "secret" not in repr(cfg.context.credentials) and "PRIVATE" not in repr(cfg.context.credentials)


def test_recv_window_limit() -> None:
    with pytest.raises(ValidationError, match="recv_window: must be an integer from 1 to 60000 ms"):
        BinanceConfig(KEY, SECRET, recv_window=60001)
