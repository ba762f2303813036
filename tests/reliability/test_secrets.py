"""Secrets sweep: with every logger at DEBUG, run the error paths (bad signature, timeout, reset, 5xx, 429,
unknown outcome, validation, listen keys) through the sync and async clients, then look for the secret key,
every signature that was actually sent and every listen key in all log records, every exception (str, repr,
args, attributes, causes and contexts, walked), client reprs (half-built ones too) and pickles.
"""

from __future__ import annotations

import logging
import pickle
import re
from collections.abc import Callable, Iterator
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import Both
from tests.reliability.clients import open_client
from tradewire import AsyncBingX, BingX
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.client import Binance
from tradewire.core.auth import Credentials
from tradewire.core.errors import TradewireError
from tradewire.sim import Simulator

TIMEOUT = 1.0  # float ok: seconds
DELAY = 3.0  # float ok: seconds: the client always gives up first


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.args))


@pytest.fixture
def logs() -> Iterator[Collect]:
    handler = Collect()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    names = ("", "urllib3", "urllib3.connectionpool", "aiohttp", "aiohttp.client", "tradewire")
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


def _walk(obj: Any, out: list[str], seen: set[int], depth: int = 0) -> None:
    """Every text an exception (or anything it holds) can show."""
    if id(obj) in seen or depth > 6:
        return
    if isinstance(obj, Credentials):  # holds the secret by design: only what it shows counts
        out.append(repr(obj))
        return
    seen.add(id(obj))
    try:
        out.append(str(obj))
        out.append(repr(obj))
    except Exception as e:  # a repr that raises is a finding of its own
        out.append(f"REPR RAISED {type(e).__name__}: {e}")
    if isinstance(obj, str | bytes | int | float | D | bool) or obj is None:
        return
    if isinstance(obj, BaseException):
        for part in (obj.args, obj.__cause__, obj.__context__, getattr(obj, "__notes__", None)):
            _walk(part, out, seen, depth + 1)
    if isinstance(obj, dict):
        for k, v in obj.items():
            _walk(k, out, seen, depth + 1)
            _walk(v, out, seen, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            _walk(v, out, seen, depth + 1)
    for name in getattr(obj, "__dict__", {}) or {}:
        _walk(getattr(obj, name, None), out, seen, depth + 1)
    for cls in type(obj).__mro__:
        for name in getattr(cls, "__slots__", ()) or ():
            _walk(getattr(obj, name, None), out, seen, depth + 1)




def _scenarios(venue: str, sim: Simulator) -> list[tuple[str, str | None, dict[str, Any], Callable[[Both], Any]]]:
    """(name, fault path, fault, call): each fails one way."""
    if venue == "bingx":
        read, write = "/openApi/spot/v1/account/balance", "/openApi/api/asset/v1/transfer"

        def move(c: Both) -> Any:
            return c.transfer("USDT", D(1), type="FUND_PFUTURES")

        lk = "/openApi/user/auth/userDataStream"
        return [
            ("timeout", read, {"kind": "delay", "seconds": DELAY}, lambda c: c.spot_balance()),
            ("reset", read, {"kind": "reset"}, lambda c: c.spot_balance()),
            ("5xx write", write, {"kind": "status", "status": 502}, move),
            ("429 write", write, {"kind": "status", "status": 429}, move),
            ("unknown write", write, {"kind": "code", "code": 101500}, move),
            ("reset write", write, {"kind": "reset"}, move),
            ("validation", None, {}, lambda c: c.transfer("USDT", 1.5, type="FUND_PFUTURES")),
            ("listen key extend reset", lk, {"kind": "reset"}, lambda c: c.extend_listen_key(c.key)),
            ("listen key extend 500", lk, {"kind": "status", "status": 500, "count": 5},
             lambda c: c.extend_listen_key(c.key)),
        ]
    read, write = "/api/v3/account", "/sapi/v1/margin/transfer"
    lk = "/api/v3/userDataStream"
    return [
        ("timeout", read, {"kind": "delay", "seconds": DELAY}, lambda c: c.account()),
        ("reset", read, {"kind": "reset"}, lambda c: c.account()),
        ("5xx write", write, {"kind": "status", "status": 503}, lambda c: c.margin_transfer("USDT", D(1), 1)),
        ("429 write", write, {"kind": "status", "status": 429}, lambda c: c.margin_transfer("USDT", D(1), 1)),
        ("validation", None, {}, lambda c: c.margin_transfer("USDT", 1.5, 1)),
        ("listen key keepalive reset", lk, {"kind": "reset"},
         lambda c: c.keepalive_listen_key(c.key)),
    ]


def _signatures(sim: Simulator) -> set[str]:
    found = set()
    for r in sim.requests:
        found |= set(re.findall(r"signature=([0-9a-fA-F]{16,})", r.raw_query + r.body.decode(errors="replace")))
    return found


def _listen_keys(sim: Simulator) -> set[str]:
    found = set()
    for r in sim.requests:
        found |= set(re.findall(r"listenKey=([A-Za-z0-9]{16,})", r.raw_query + r.body.decode(errors="replace")))
    return found


@pytest.mark.parametrize("venue", ["bingx", "binance"])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_no_secret_in_logs_errors_reprs_or_pickles(sim: Simulator, logs: Collect, venue: str, kind: str) -> None:
    texts: list[str] = []
    seen: set[int] = set()
    since = sim.state.recorded
    wrong, close = open_client(venue, kind, sim, secret="W" * 64, timeout=TIMEOUT)
    try:
        with pytest.raises(TradewireError) as bad:
            wrong.account() if venue == "binance" else wrong.spot_balance()
        _walk(bad.value, texts, seen)
        texts.append(repr(wrong.client))
    finally:
        close()
    for name, path, fault, call in _scenarios(venue, sim):
        client, close = open_client(venue, kind, sim, timeout=TIMEOUT)
        try:
            client.server_time()
            client.key = client.create_listen_key()  # a live listen key, then the fault
            if path is not None:
                sim.faults.add(fault.pop("kind"), path=path, **fault)
            with pytest.raises(TradewireError) as caught:
                call(client)
            _walk(caught.value, texts, seen)
            texts.append(repr(client.client))
        except BaseException as e:
            raise AssertionError(f"{venue} {kind} {name}") from e
        finally:
            sim.faults.clear()
            close()
    # half-built clients: repr must work (and say nothing secret)
    for cls in (BingX, AsyncBingX, Binance, AsyncBinance):
        texts.append(repr(cls.__new__(cls)))
    creds = Credentials(sim.users[0].api_key, sim.users[0].secret_key)
    for obj in (creds, client.client):
        try:
            texts.append(repr(pickle.dumps(obj)))
        except TypeError as e:
            texts.append(str(e))
    texts += logs.lines
    secrets = {sim.users[0].secret_key, "W" * 64} | _signatures(sim) | _listen_keys(sim)
    assert len(_signatures(sim)) > 3, "the sweep saw signed requests"
    del since
    leaks = sorted({s[:12] + "..." for s in secrets for t in texts if s in t})
    where = [t[:300] for t in texts if any(s in t for s in secrets)][:5]
    assert not leaks, f"secrets leaked: {leaks}\n" + "\n".join(where)
