"""Hostile parameters for every declared endpoint: either `ValidationError` naming a parameter, or a request
whose every name is a plain identifier sent once, whose values decode back to exactly what was signed, and whose
numbers carry no float, NaN or exponent text.

The catalogue part prepares the request (the same pure code the clients send from) and reads it back the way a
server does; the wire part sends hostile values through the real clients to the simulator, which checks the
signature itself, and reads back what arrived.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import pkgutil
import re
from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any
from urllib.parse import unquote_plus, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradewire.bingx
from tradewire import BingX
from tradewire.binance import endpoints as BE
from tradewire.binance.client import Binance
from tradewire.core.auth import canonical
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim import Simulator

KEY, SECRET = "k" * 64, "s" * 64
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _catalogue(*modules: Any) -> list[Endpoint]:
    seen: dict[tuple[str, str, str], Endpoint] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Endpoint):
                seen.setdefault((value.name, value.method, value.path), value)
    return sorted(seen.values(), key=lambda e: e.name)


BINGX_MODULES = [importlib.import_module(m.name)
                 for m in pkgutil.walk_packages(tradewire.bingx.__path__, "tradewire.bingx.")]
BINGX_EPS = _catalogue(*BINGX_MODULES)  # every family's declarations
BINANCE_EPS = _catalogue(BE)

# --- hostile values and names --------------------------------------------------------------------

CONTROL = st.sampled_from(["\x00", "\n", "\r", "\t", "\x7f", "\u2028"])
NASTY_TEXT = st.one_of(
    st.sampled_from(["", " ", "1_000", "١٢٣", "１２", "1e5", "1E-7", "NaN", "inf", "-0", "0x10", "a=1&amount=9",
                     "x#y", "?q", "%41", "+", "[1]", "{}", "BTC-USDT", "true", "60000.5", "-1"]),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=4), CONTROL, st.text(max_size=4)),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([D("1E+25"), D("1e-30"), D("0.1234567890123456789"), D("-0"), D("1E+2"), D("100000000000000000000"),
                     D("0.000000000000000001"), D("123.4500")]),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.sampled_from([4_102_444_800_001, 4_102_444_800_000_000]),  # ms after 2100, and µs
)
NESTED = st.recursive(st.one_of(st.floats(), st.decimals(allow_nan=False, allow_infinity=False, places=4),
                                st.text(max_size=4), st.integers(-5, 5), st.booleans()),
                      lambda inner: st.one_of(st.lists(inner, max_size=3),
                                              st.dictionaries(st.text(max_size=3), inner, max_size=3)),
                      max_leaves=6)
#: values a server must get back exactly: printable text full of &=?#%+ and spaces, exact decimals, ints
TRICKY = st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=10),
                   st.text(alphabet="&=?#%+ [{\"',é中", max_size=6),
                   st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=8, allow_nan=False),
                   st.integers(-(10**15), 10**15))
VALUES = st.one_of(NUMBERS, NASTY_TEXT, NESTED, TRICKY, TRICKY, st.booleans(), st.just(b"bytes"),
                   st.just(object()), st.just(complex(1, 2)), st.just({1, 2}))
RESERVED = ["timestamp", "signature", "recvWindow", "TIMESTAMP", "Signature"]
NASTY_NAMES = ["a=1&amount", "a b", "ámount", "amount ", " x", "", "x#y", "x?y", "1abc", "a.b", "a-b", "a[0]",
               "name\n", "_ok", "ok_name", "x" * 200]


CANDIDATES: list[Any] = ["BTC-USDT", "BTCUSDT", "BUY", "LIMIT", D("1"), 1, "USDT", "1h", "FUND_PFUTURES", "abc123",
                         "LONG", "true", "COIN", "ISOLATED", "STOP_ON_FAILURE", 1_700_000_000_000, "[1]", "0x1"]


def _base(ep: Endpoint) -> dict[str, Any]:
    """A value for each required parameter that its own rule accepts (when one of the candidates does), so
    hostile additions meet the rendering and signing, not only the first missing parameter."""
    out: dict[str, Any] = {}
    for p in ep.params:
        if p.required:
            for value in CANDIDATES:
                try:
                    p.rule(p.name, value)
                except ValidationError:
                    continue
                out[p.name] = value
                break
    return out


@st.composite
def _params(draw: st.DrawFn, ep: Endpoint) -> dict[str, Any]:
    declared = [p.name for p in ep.params]
    names = st.one_of(st.sampled_from(NASTY_NAMES + RESERVED), st.text(max_size=6),
                      st.sampled_from(["note", "memo", "x_1", "Tag", "extra2"]))
    if declared:
        names = st.one_of(st.sampled_from(declared), st.sampled_from(declared).map(str.upper),
                          st.sampled_from(declared).map(str.lower), names)
    out = _base(ep) if draw(st.booleans()) else {}
    out |= {draw(names): draw(VALUES) for _ in range(draw(st.integers(1, 3)))}
    if "startTime" in declared and draw(st.booleans()):  # reversed time range
        out["startTime"], out["endTime"] = 1_700_000_001_000, 1_700_000_000_000
    return out


# --- reading a request back the way a server does ------------------------------------------------


def _pairs(text: str) -> list[tuple[str, str]]:
    out = []
    for part in text.split("&") if text else []:
        name, sep, value = part.partition("=")
        assert sep, f"a parameter without '=': {part!r}"
        out.append((unquote_plus(name), unquote_plus(value)))
    return out


def _check_wire(venue: str, method: str, raw_query: str, body: bytes, rendered: dict[str, str],
                given: dict[str, Any], signed: bool, secret: str = SECRET) -> None:
    text = body.decode() if body else raw_query
    pairs = _pairs(text)
    names = [n for n, _ in pairs]
    assert all(IDENT.match(n) for n in names), names
    assert len(names) == len(set(names)), f"a name sent twice: {names}"
    sent = dict(pairs)
    signature = sent.pop("signature", None)
    for extra in ("timestamp", "recvWindow"):
        if extra not in rendered:
            sent.pop(extra, None)
    assert sent == rendered, "what arrives decodes to exactly what was rendered"
    if signed:
        assert signature is not None
        if venue == "bingx":
            full = dict(pairs)
            full.pop("signature")
            message = canonical(full)  # BingX signs the decoded values, sorted
        else:
            message = text.rpartition("&signature=")[0]  # Binance signs the string exactly as sent
        assert hmac.compare_digest(signature, hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest())
    for name, value in given.items():
        if isinstance(value, int | float | D) and not isinstance(value, bool) and name in rendered:
            assert NUMBER.match(rendered[name]), f"{name}: {rendered[name]!r} is not plain decimal text"
    del method


def _prepare_and_check(client: Any, venue: str, ep: Endpoint, params: dict[str, Any]) -> None:
    declared = {p.name for p in ep.params}
    try:
        rendered = ep.build(params)
    except ValidationError as e:
        named = set(e.param.replace("/", " ").replace(",", " ").split()) | {e.param}
        assert named & (set(params) | declared), f"{e.param!r} names neither a given nor a declared parameter"
        return
    ctx = client.context
    req = ctx.venue.prepare(ep, rendered, "http://127.0.0.1:9", ctx)
    url = urlsplit(req.url)
    assert url.path == ep.path
    _check_wire(venue, req.method, url.query, req.body or b"", rendered, params, ep.auth == "signed")


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, Any]]:
    with BingX(KEY, SECRET, base_url="http://127.0.0.1:9", sync_clock=False, recv_window=5000) as bx, \
            Binance(KEY, SECRET, base_url="http://127.0.0.1:9", sync_clock=False) as bn:
        yield {"bingx": bx, "binance": bn}


@SETTINGS
@given(data=st.data())
@pytest.mark.parametrize("ep", BINGX_EPS, ids=lambda e: e.name)
def test_bingx_endpoint_refuses_or_sends_exactly_what_it_signed(clients: dict[str, Any], ep: Endpoint,
                                                                 data: st.DataObject) -> None:
    _prepare_and_check(clients["bingx"], "bingx", ep, data.draw(_params(ep)))


@SETTINGS
@given(data=st.data())
@pytest.mark.parametrize("ep", BINANCE_EPS, ids=lambda e: e.name)
def test_binance_endpoint_refuses_or_sends_exactly_what_it_signed(clients: dict[str, Any], ep: Endpoint,
                                                                   data: st.DataObject) -> None:
    _prepare_and_check(clients["binance"], "binance", ep, data.draw(_params(ep)))


# --- on the wire: the simulator verifies the signature over what it received ---------------------


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


WIRE_VALUES = st.one_of(NASTY_TEXT, NUMBERS, NESTED)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.dictionaries(st.sampled_from(["note", "tag", "memo", "x_1", "Amount2"]), WIRE_VALUES, min_size=1,
                             max_size=3))
def test_hostile_extras_reach_the_simulator_as_signed(sim: Simulator, extra: dict[str, Any]) -> None:
    user = sim.users[0]
    with BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx:
        ep = bx.raw_endpoint("GET", "/openApi/spot/v1/account/balance", True)
        try:
            rendered = ep.build(extra)
        except ValidationError as e:
            assert e.param in extra
            return
        since = sim.state.recorded
        try:
            bx.request("GET", ep.path, extra)
        except ExchangeError as e:  # the simulator may refuse a value, never the signature
            assert "signature" not in str(e).lower(), e
        new = sim.requests[-(sim.state.recorded - since):]
        mine = [r for r in new if r.path == ep.path]
        assert len(mine) == 1
        _check_wire("bingx", "GET", mine[0].raw_query, mine[0].body, rendered, extra, True, user.secret_key)
