"""Bad arguments and files: one line on stderr naming what was wrong, the documented exit code, no traceback,
and nothing sent to the exchange (the simulator's request log and balances are unchanged)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.cli_helpers import Run
from tests.cli.conftest import _start, runner_for
from tradewire.sim import RecordedRequest, Simulator

TRANSFER_PATH = "/openApi/api/asset/v1/transfer"
SPOT_QUERY_PATH = "/openApi/spot/v1/trade/query"
SPOT_ORDER_PATH = "/openApi/spot/v1/trade/order"
SWAP_ORDER = ("order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "0.001", "-p", "60000", "-m", "swap",
              "--position-side", "LONG")
SPOT_ORDER = ("order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "0.001", "-p", "60000", "-m", "spot")
TRANSFER = ("transfer", "-d", "FUND_PFUTURES", "-a", "USDT")
CONFIGS = {"types.toml": "env = 5\n", "bad.toml": "env = \n", "key.toml": '[bingx]\napi_key = 5\nsecret_key = "s"\n',
           "profiles.toml": 'profiles = "x"\n'}


def _with(base: tuple[str, ...], **changes: str) -> tuple[str, ...]:
    """`base` with the values of some options replaced (`_with(SPOT_ORDER, **{"-p": "1.5"})`)."""
    args = list(base)
    for option, value in changes.items():
        args[args.index(option) + 1] = value
    return tuple(args)


#: (arguments, extra environment, exit code, what the one error line must name)
BAD: list[tuple[tuple[str, ...], dict[str, str], int, str]] = [
    # times
    (("income", "--since", "0001-01-01"), {}, 2, "--since"),
    (("income", "--since", "garbage"), {}, 2, "--since"),
    (("income", "--since", "2d", "--until", "3d"), {}, 2, "--until"),
    (("klines", "BTC-USDT", "--since", "99999999d"), {}, 2, "--since"),
    (("klines", "BTC-USDT", "--since", "١٢٣٤٥٦٧٨٩٠١٢٣"), {}, 2, "--since"),
    # files
    (("download", "klines", "BTC-USDT", "--since", "1d", "-o", "/nonexistent/x.csv"), {}, 2, "--out"),
    (("download", "klines", "BTC-USDT", "--since", "1d", "-o", "{tmp}"), {}, 2, "--out"),
    (("income", "export", "-o", "{tmp}"), {}, 2, "--out"),
    (("balance",), {"TRADEWIRE_CONFIG": "{tmp}"}, 2, "config file"),
    (("balance",), {"TRADEWIRE_CONFIG": "{tmp}/bad.toml"}, 2, "not valid TOML"),
    (("balance",), {"TRADEWIRE_CONFIG": "{tmp}/types.toml"}, 2, "env must be one of"),
    (("balance",), {"TRADEWIRE_CONFIG": "{tmp}/key.toml"}, 2, "bingx.api_key must be a string"),
    (("balance",), {"TRADEWIRE_CONFIG": "{tmp}/profiles.toml"}, 2, "profiles must be tables"),
    # durations
    (("stream", "trades", "BTC-USDT", "--seconds", "nan"), {}, 2, "--seconds"),
    (("stream", "trades", "BTC-USDT", "--seconds", "inf"), {}, 2, "--seconds"),
    (("stream", "trades", "BTC-USDT", "--seconds", "-1"), {}, 2, "--seconds"),
    (("stream", "book", "BTC-USDT", "--depth", "0"), {}, 2, "--depth"),
    # decimals
    ((*TRANSFER, "--amount", "1e999"), {}, 2, "--amount"),
    ((*TRANSFER, "--amount", "NaN"), {}, 2, "--amount"),
    ((*TRANSFER, "--amount", "1_000"), {}, 2, "--amount"),
    ((*TRANSFER, "--amount", "١٠"), {}, 2, "--amount"),
    ((*TRANSFER, "--amount", "-5"), {}, 2, "--amount"),
    ((*TRANSFER, "--amount", "0"), {}, 2, "--amount"),
    ((*TRANSFER, "--amount", "1" * 40), {}, 2, "--amount"),
    (_with(SPOT_ORDER, **{"-q": "0x10"}), {}, 2, "--quantity"),
    (_with(SPOT_ORDER, **{"-p": "Infinity"}), {}, 2, "--price"),
    # enums and names
    (("transfer", "-d", "MOON", "-a", "USDT", "--amount", "1"), {}, 2, "--direction"),
    ((*TRANSFER, "-a", "US DT", "--amount", "1"), {}, 2, "--asset"),
    (("balance", "moon"), {}, 2, "ACCOUNT"),
    (("--env", "moon", "price"), {}, 2, "--env"),
    (("--venue", "kraken", "price"), {}, 2, "--venue"),
    (("--json", "--csv", "price"), {}, 2, "--json"),
    (("income", "--type", "moon"), {}, 2, "--type"),
    (_with(SPOT_ORDER, **{"-s": "up"}), {}, 2, "--side"),
    (_with(SPOT_ORDER, **{"-t": "moon"}), {}, 2, "--type"),
    (_with(SPOT_ORDER, **{"-m": "moon"}), {}, 2, "--market"),
    ((*SPOT_ORDER, "--tif", "XYZ"), {}, 2, "--time-in-force"),
    ((*SPOT_ORDER, "--reduce-only"), {}, 2, "--reduce-only"),
    ((*SPOT_ORDER, "--client-id", "a b"), {}, 2, "--client-id"),
    (("order", "place", "BTC USDT", "-s", "buy", "-t", "market", "-q", "1", "-m", "spot"), {}, 2, "SYMBOL"),
    (("order", "place", "BTC-USDT", "-t", "limit", "-q", "1"), {}, 2, "--side"),
    (("order", "get", "BTC-USDT", "-m", "spot"), {}, 2, "--id"),
    # the symbol's rules (loaded with a read; the order itself is never sent)
    (_with(SWAP_ORDER, **{"-p": "60000.05"}), {}, 2, "--price"),
    (_with(SWAP_ORDER, **{"-q": "0.00001"}), {}, 2, "--quantity"),
    # market data limits
    (("book", "BTC-USDT", "--depth", "0"), {}, 2, "--depth"),
    (("book", "BTC-USDT", "--depth", "1001"), {}, 2, "--depth"),
    (("book", "BTC-USDT", "--depth", "x"), {}, 2, "--depth"),
    (("trades", "BTC-USDT", "--limit", "0"), {}, 2, "--limit"),
    (("klines", "BTC-USDT", "-i", "7x"), {}, 2, "--interval"),
    (("download", "trades", "BTC-USDT", "-o", "{tmp}/t.csv", "--count", "0"), {}, 2, "--count"),
    # usage
    (("price", "--bogus"), {}, 2, "--bogus"),
    (("nosuch",), {}, 2, "nosuch"),
]


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    s = _start()
    yield s
    s.stop()


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


def _configs(tmp: Path) -> None:
    for name, body in CONFIGS.items():
        (tmp / name).write_text(body)
        (tmp / name).chmod(0o600)


def _sent(before: list[RecordedRequest], after: list[RecordedRequest]) -> list[RecordedRequest]:
    """The requests that arrived between two snapshots of the log."""
    return after[len(before):] if len(after) > len(before) else [r for r in after if r not in before]


def _writes(requests: list[RecordedRequest]) -> list[str]:
    return [f"{r.method} {r.path}" for r in requests if r.method != "GET"]


def assert_one_line(result: Result, code: int, names: str) -> None:
    everything = result.stdout + result.stderr
    assert result.exit_code == code, (result.exit_code, everything)
    assert "Traceback" not in everything and "╭" not in everything, everything
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and names in lines[0], lines[0]


@pytest.mark.parametrize(("args", "env", "code", "names"), BAD, ids=[" ".join(row[0])[:60] for row in BAD])
def test_bad_invocation_is_one_line_and_sends_nothing(sim: Simulator, tmp_path: Path, args: tuple[str, ...],
                                                      env: dict[str, str], code: int, names: str) -> None:
    _configs(tmp_path)
    run = runner_for(sim, tmp_path)
    fund = sim.ledger.balance(sim.users[0].uid, "fund", "USDT")
    before = sim.requests
    result = run(*(_fill(a, tmp_path) for a in args), env={k: _fill(v, tmp_path) for k, v in env.items()})
    assert_one_line(result, code, names)
    sent = _sent(before, sim.requests)
    assert _writes(sent) == []
    if names not in ("--price", "--quantity"):  # the rules of a market are read before its first order
        assert sent == [], [f"{r.method} {r.path}" for r in sent]
    assert sim.ledger.balance(sim.users[0].uid, "fund", "USDT") == fund


def test_a_5xx_on_a_transfer_is_outcome_unknown(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("status", path=TRANSFER_PATH, status=500, execute=True)
    before = fresh_sim.ledger.balance(fresh_sim.users[0].uid, "fund", "USDT")
    result = run_fresh(*TRANSFER, "--amount", "5")
    assert_one_line(result, 4, "OUTCOME UNKNOWN")
    assert "transfer history -d FUND_PFUTURES" in result.stderr and "failed" not in result.stderr.lower()
    assert sum(r.path == TRANSFER_PATH for r in fresh_sim.requests) == 1  # never re-sent
    assert fresh_sim.ledger.balance(fresh_sim.users[0].uid, "fund", "USDT") == before - Decimal(5)  # it did happen


def test_a_5xx_on_an_order_is_reconciled_to_the_real_order(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("status", path=SPOT_ORDER_PATH, status=500, execute=True)
    result = run_fresh("--json", *SPOT_ORDER, "--client-id", "badargs5xx")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert '"badargs5xx"' in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert sum(r.path == SPOT_ORDER_PATH and r.method == "POST" for r in fresh_sim.requests) == 1


@pytest.mark.usefixtures("instant_backoff")
def test_an_order_whose_lookup_fails_too_is_outcome_unknown(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("status", path=SPOT_ORDER_PATH, status=500, execute=True)
    fresh_sim.faults.add("status", path=SPOT_QUERY_PATH, status=503, count=20)
    result = run_fresh(*SPOT_ORDER, "--client-id", "badargs5xx")
    assert_one_line(result, 4, "OUTCOME UNKNOWN")
    assert "order get BTC/USDT --market spot --client-id badargs5xx" in result.stderr
    assert "failed" not in result.stderr.lower()
    assert sum(r.path == SPOT_ORDER_PATH and r.method == "POST" for r in fresh_sim.requests) == 1
    fresh_sim.faults.clear()
    found = run_fresh("--json", "order", "get", "BTC-USDT", "-m", "spot", "--client-id", "badargs5xx")
    assert found.exit_code == 0 and '"badargs5xx"' in found.stdout


# --- real processes, with the simulator embedded in the command (no base URL): its logs must not leak -------------

def _cli(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env |= {"TRADEWIRE_CONFIG": str(tmp / "absent.toml"), "TZ": "UTC", "COLUMNS": "100",
            "TRADEWIRE_SIM_DIR": str(tmp / "sim-state")}
    return subprocess.run([sys.executable, "-c", "from tradewire.cli.app import main; main()", "--env", "sim",
                           *args], capture_output=True, text=True, env=env, cwd=tmp, timeout=120, check=False)


@pytest.mark.parametrize(("args", "code", "names"), [
    (("income", "--since", "0001-01-01"), 2, "--since"),
    (("download", "klines", "BTC-USDT", "--since", "1d", "-o", "/nonexistent/x.csv"), 2, "--out"),
    ((*TRANSFER, "--amount", "1e999"), 2, "--amount"),
    (("stream", "trades", "BTC-USDT", "--seconds", "nan"), 2, "--seconds"),
    (("balance", "moon"), 2, "ACCOUNT"),
])
def test_real_process(tmp_path: Path, args: tuple[str, ...], code: int, names: str) -> None:
    done = _cli(tmp_path, *args)
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and names in lines[0], done.stderr


QUIET = """
import asyncio, logging, sys
from decimal import Decimal
from tradewire.app.session import Options, Session
from tradewire.core.errors import TradewireError

s = Session(Options(env="sim"), {"TRADEWIRE_CONFIG": sys.argv[1], "TRADEWIRE_SIM_DIR": sys.argv[1] + ".sim"})
client = s.bingx()  # starts the embedded simulator, as every `--env sim` command does
try:
    client.transfer("USDT", Decimal("1" + "0" * 60), type="FUND_PFUTURES")  # a request the server may choke on
except TradewireError:
    pass
try:
    raise RuntimeError("boom")
except RuntimeError:  # what aiohttp and a dying event-loop task log
    logging.getLogger("aiohttp.server").exception("Error handling request from 127.0.0.1")
    logging.getLogger("asyncio").error("Task exception was never retrieved", exc_info=True)
    logging.getLogger("aiohttp.access").warning("127.0.0.1 POST /x 500")
s.close()
print("done")
"""


def test_embedded_simulator_logs_stay_out_of_stderr(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    done = subprocess.run([sys.executable, "-c", QUIET, str(tmp_path / "absent.toml")], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip().endswith("done"), done.stderr
    assert done.stderr == "", done.stderr
