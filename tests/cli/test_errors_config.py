"""Exit codes and one-line errors; credentials from env vars, profiles and a private config file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.cli.cli_helpers import Run, ok_json
from tradewire.cli.app import app
from tradewire.sim import Simulator

BALANCE = "/openApi/spot/v1/account/balance"


def test_timestamp_error_shows_the_clock_offset(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("code", BALANCE, count=2, code=100421)  # the client resyncs once, then gives up
    result = run_fresh("balance", "spot")
    assert result.exit_code == 1
    assert "100421" in result.stderr and "clock differs from the server's by" in result.stderr


def test_auth_errors_exit_3(run_fresh: Run, fresh_sim: Simulator) -> None:
    for code, words in ((100419, "whitelist"), (100413, "API key or secret"), (100004, "permission")):
        fresh_sim.faults.add("code", BALANCE, code=code)
        result = run_fresh("balance", "spot")
        assert result.exit_code == 3 and str(code) in result.stderr and words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_exchange_error_exit_1(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("code", BALANCE, code=100202, msg="Insufficient balance")
    result = run_fresh("balance", "spot")
    assert result.exit_code == 1 and "[100202] Insufficient balance" in result.stderr


def test_no_answer_is_exit_4(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--env", "sim", "--base-url", "http://127.0.0.1:9", "price", "BTC"],
                                env={"TRADEWIRE_CONFIG": str(tmp_path / "none.toml")})
    assert result.exit_code == 4 and "network" in result.stderr


def _config(tmp: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp / "config.toml"
    path.write_text(text)
    path.chmod(mode)
    return path


def test_config_readable_by_others_is_refused(run: Run, tmp_path: Path) -> None:
    path = _config(tmp_path, '[bingx]\napi_key = "k"\nsecret_key = "s"\n', 0o644)
    result = run("balance", env={"TRADEWIRE_CONFIG": str(path)})
    assert result.exit_code == 3 and "chmod 600" in result.stderr


def test_profile_keys_are_used_and_never_printed(shared_sim: Simulator, tmp_path: Path) -> None:
    user = shared_sim.users[0]
    path = _config(tmp_path, f'env = "vst"\n[profiles.demo]\nenv = "live"\n[profiles.demo.bingx]\n'
                             f'api_key = "{user.api_key}"\nsecret_key = "{user.secret_key}"\n')
    env = {"TRADEWIRE_CONFIG": str(path), "TRADEWIRE_BASE_URL": shared_sim.bingx_url, "BINGX_API_KEY": None,
           "BINGX_SECRET_KEY": None}
    result = CliRunner().invoke(app, ["--profile", "demo", "--debug", "--json", "fees"], env=env)
    assert ok_json(result)[0]["rate"] == "0.0005"
    everything = result.stdout + result.stderr
    assert user.secret_key not in everything and user.api_key not in everything
    assert f"{user.api_key[:5]}...{user.api_key[-4:]}" in everything
    missing = CliRunner().invoke(app, ["--profile", "nope", "fees"], env=env)
    assert missing.exit_code == 2 and "profiles.nope" in missing.stderr


def test_env_var_keys_and_vst_notice(shared_sim: Simulator, tmp_path: Path) -> None:
    user = shared_sim.users[0]
    env = {"TRADEWIRE_CONFIG": str(tmp_path / "none.toml"), "TRADEWIRE_BASE_URL": shared_sim.bingx_url,
           "BINGX_API_KEY": user.api_key, "BINGX_SECRET_KEY": user.secret_key}
    result = CliRunner().invoke(app, ["--env", "vst", "fees"], env=env)
    assert result.exit_code == 0
    assert result.stdout.startswith("You are operating in the Production Simulated (VST) environment.")
    no_secret = CliRunner().invoke(app, ["--env", "vst", "fees"], env={**env, "BINGX_SECRET_KEY": None})
    assert no_secret.exit_code == 3 and "BINGX_SECRET_KEY" in no_secret.stderr


def test_live_without_keys_says_how_to_fix(tmp_path: Path, shared_sim: Simulator) -> None:
    env = {"TRADEWIRE_CONFIG": str(tmp_path / "none.toml"), "BINGX_API_KEY": None, "BINGX_SECRET_KEY": None,
           "TRADEWIRE_BASE_URL": shared_sim.bingx_url}
    result = CliRunner().invoke(app, ["--env", "live", "balance"], env=env)
    assert result.exit_code == 3 and "BINGX_API_KEY" in result.stderr and "--env sim" in result.stderr


def test_usage_errors(run: Run) -> None:
    assert run("--json", "--csv", "fees").exit_code == 2
    assert run("--env", "moon", "fees").exit_code == 2
    assert run("--venue", "kraken", "fees").exit_code == 2
