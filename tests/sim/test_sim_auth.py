"""Authentication as the live server does it: key, signature presence, recvWindow, timestamp, HMAC."""

from __future__ import annotations

import time
from decimal import Decimal
from urllib.parse import quote

from tests.sim.bxraw import RawClient, hmac_hex
from tradewire.sim import DEMO_API_KEY, DEMO_SECRET_KEY, Simulator
from tradewire.sim.bingx.signing import payload, sign, split_pairs

BALANCE = "/openApi/swap/v3/user/balance"
SPOT = "/openApi/spot/v1/account/balance"


def test_published_vector_spot_docs() -> None:
    secret = "UuGuyEGt6ZEkpUObCYCmIfh0elYsZVh80jlYwpJuRZEw70t6vomMH7Sjmf94ztSI"
    message = "quoteOrderQty=20&side=BUY&symbol=ETHUSDT&timestamp=1649404670162&type=MARKET"
    expected = "428a3c383bde514baff0d10d3c20e5adfaacaf799e324546dafe5ccc480dd827"
    assert sign(secret, message) == expected
    assert hmac_hex(secret, message) == expected
    assert payload(split_pairs(f"{message}&signature={expected}")) == message


def test_published_vector_unsorted_2023_doc() -> None:
    secret = "mheO6dR8ovSsxZQCOYEFCtelpuxcWGTfHw7te326y6jOwq5WpvFQ9JNljoTwBXZGv5It07m9RXSPpDQEK2w"
    wire = "symbol=BTC-USDT&timestamp=1667872120843&side=LONG&leverage=6"
    assert sign(secret, payload(split_pairs(wire))) == (
        "4f581ecdb1fa09b9d6e57886b6f70cffed17f82b93399722939e49a38edec2bf"
    )


def test_demo_credentials_are_fixed(sim: Simulator) -> None:
    assert sim.users[0].api_key == DEMO_API_KEY == Simulator.DEMO_API_KEY
    assert sim.users[0].secret_key == DEMO_SECRET_KEY == sim.DEMO_SECRET_KEY
    assert len(DEMO_API_KEY) == len(DEMO_SECRET_KEY) == 64
    assert DEMO_SECRET_KEY not in repr(sim.users[0])


def test_signed_request_passes(demo: RawClient) -> None:
    answer = demo.get(SPOT)
    assert answer.status == 200
    assert answer.json["code"] == 0


def test_transmitted_order_is_what_counts(demo: RawClient) -> None:
    unsorted = demo.query([("recvWindow", "5000"), ("asset", "USDT")])
    assert demo.send("GET", "/openApi/fund/v1/account/balance", unsorted).code == 0
    # Signed sorted, sent in another order: mismatch.
    signed = demo.query([("asset", "USDT"), ("recvWindow", "5000")])
    a, b, rest = signed.split("&", 2)
    answer = demo.send("GET", "/openApi/fund/v1/account/balance", f"{b}&{a}&{rest}")
    assert answer.json == {
        "code": 100001, "msg": "Signature verification failed due to signature mismatch",
        "timestamp": answer.json["timestamp"],
    }
    assert "data" not in answer.json


def test_signature_covers_decoded_values(demo: RawClient) -> None:
    """Values are percent-decoded before verification: sign raw, send encoded."""
    stamp = str(int(time.time() * 1000))
    message = f"incomeType=FUNDING_FEE&symbol=BTC-USDT&timestamp={stamp}"
    encoded = f"incomeType={quote('FUNDING_FEE')}&symbol=BTC%2DUSDT&timestamp={stamp}"
    answer = demo.send("GET", "/openApi/swap/v2/user/income", f"{encoded}&signature={hmac_hex(demo.secret, message)}")
    assert answer.code == 0
    # Signing the encoded bytes instead does not verify.
    wrong = f"{encoded}&signature={hmac_hex(demo.secret, encoded)}"
    assert demo.send("GET", "/openApi/swap/v2/user/income", wrong).code == 100001


def test_wrong_secret_is_a_mismatch(sim: Simulator) -> None:
    client = RawClient(sim.bingx_url, DEMO_API_KEY, "x" * 64)
    assert client.get(BALANCE).code == 100001


def test_unknown_or_missing_key(sim: Simulator, demo: RawClient) -> None:
    stranger = RawClient(sim.bingx_url, "nope" * 16, DEMO_SECRET_KEY)
    assert stranger.get(BALANCE).json["code"] == 100413
    assert stranger.get(BALANCE).json["msg"] == "Incorrect apiKey"
    assert demo.send("GET", BALANCE, demo.query([]), with_key=False).code == 100413


def test_missing_signature(demo: RawClient) -> None:
    answer = demo.send("GET", BALANCE, f"timestamp={int(time.time() * 1000)}")
    assert (answer.status, answer.code, answer.json["msg"]) == (200, 100412, "Null signature")


def test_timestamps(demo: RawClient) -> None:
    now = int(time.time() * 1000)
    assert demo.send("GET", BALANCE, demo.query([], timestamp=now - 6000)).code == 100421
    assert demo.send("GET", BALANCE, demo.query([], timestamp=now + 3000)).code == 100421
    assert demo.send("GET", BALANCE, demo.query([("recvWindow", "10000")], timestamp=now - 6000)).code == 0
    no_stamp = "recvWindow=5000"
    answer = demo.send("GET", BALANCE, f"{no_stamp}&signature={hmac_hex(demo.secret, no_stamp)}")
    assert (answer.code, answer.json["msg"]) == (100421, "Null timestamp or timestamp mismatch")


def test_recv_window_bounds(demo: RawClient) -> None:
    assert demo.send("GET", BALANCE, demo.query([("recvWindow", "0")])).code == 109400
    assert demo.send("GET", BALANCE, demo.query([("recvWindow", "60001")])).code == 109400
    assert demo.send("GET", SPOT, demo.query([("recvWindow", "60001")])).code == 100400
    assert demo.send("GET", BALANCE, demo.query([("recvWindow", "60000")])).code == 0


def test_post_query_and_body_are_signed_together(sim: Simulator, demo: RawClient) -> None:
    """Query first, then body, joined by '&', in the order transmitted."""
    stamp = int(time.time() * 1000)
    query = "asset=USDT&amount=1"
    body = f"fromAccount=fund&toAccount=spot&timestamp={stamp}"
    signature = hmac_hex(demo.secret, f"{query}&{body}")
    answer = demo.send("POST", "/openApi/api/asset/v1/transfer", query, body=f"{body}&signature={signature}")
    assert answer.code == 0
    assert sim.ledger.balance(sim.users[0].uid, "spot", "USDT") == Decimal("2501.5")


def test_public_endpoints_need_no_key(demo: RawClient) -> None:
    assert demo.public("/openApi/swap/v2/quote/contracts", timestamp=int(time.time() * 1000)).code == 0


def test_api_key_endpoint_needs_only_the_header(demo: RawClient) -> None:
    answer = demo.send("POST", "/openApi/user/auth/userDataStream")
    assert answer.status == 200
    assert list(answer.json) == ["listenKey"]
    assert len(answer.json["listenKey"]) == 64
    assert demo.send("POST", "/openApi/user/auth/userDataStream", with_key=False).code == 100413
