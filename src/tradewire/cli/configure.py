"""`config init`: ask for a venue, an environment and API keys, check the keys with a read-only call, and write
the config file (mode 600). `config path` prints where the file is."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from tradewire.app.config import config_path
from tradewire.app.errors import USAGE, CliError, describe
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.cli import prompts
from tradewire.cli.common import session
from tradewire.core.errors import TradewireError

config_app = typer.Typer(help="The config file: where it is, and writing it.")
VENUE_CHOICES = (("bingx", "BingX"), ("binance", "Binance"))
ENV_CHOICES = {"bingx": (("live", "real funds"), ("vst", "BingX's simulated trading (VST)")),
               "binance": (("live", "real funds"), ("testnet", "the Binance Spot Testnet"))}


def render(venue: str, env: str, api_key: str, secret_key: str) -> str:
    """The config file's text (JSON string escapes are valid TOML basic strings)."""
    return (f"# written by `tradewire config init`; keep it private (mode 600)\nenv = {json.dumps(env)}\n\n"
            f"[{venue}]\napi_key = {json.dumps(api_key)}\nsecret_key = {json.dumps(secret_key)}\n")


def write_private(path: Path, text: str, force: bool) -> None:
    """Write `text` to `path` readable by its owner only; an existing file only with `force`."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise CliError(f"{path} exists: pass --force to replace it", USAGE) from None
    with os.fdopen(fd, "w") as f:
        os.fchmod(fd, 0o600)  # also when --force replaced a file of another mode
        f.write(text)


def check_keys(s: Session, venue: str, env: str, api_key: str, secret_key: str) -> int:
    """A signed read-only call (balances) with the keys; returns how many balances it read."""
    from tradewire.unified import open_exchange

    options = {"base_url": s.base_url} if s.base_url else {}
    with open_exchange(venue, env, api_key, secret_key, **options) as ex:
        return len(ex.balances(ex.accounts[0]))


@config_app.command("init")
def init(ctx: typer.Context,
         force: Annotated[bool, typer.Option(help="replace an existing config file")] = False) -> None:
    """Ask for the venue, environment and API keys, check them read-only, and write the config file (600)."""
    s = session(ctx)
    path = config_path(s.environ)
    if path.exists() and not force:
        raise CliError(f"{path} exists: pass --force to replace it", USAGE)
    if not prompts.interactive():
        raise CliError("config init asks for the keys: run it in a terminal", USAGE)
    venue = prompts.choose(s.out, "--venue", "Which exchange?", VENUE_CHOICES)
    env = prompts.choose(s.out, "--env", "Which environment?", ENV_CHOICES[venue])
    api_key = prompts.ask(s.out, "--api-key", "API key")
    secret_key = prompts.ask_secret(s.out, "Secret key (not shown)")
    s.out.info(f"Checking the keys with a read-only call to {venue} {env}...")
    try:
        count = check_keys(s, venue, env, api_key, secret_key)
    except TradewireError as e:
        code, line = describe(e, lambda: None)
        raise CliError(f"the check failed, nothing was written: {line}", code) from None
    write_private(path, render(venue, env, api_key, secret_key), force)
    s.out.show(Table("config", "Config written", (Col("path", "File"), Col("venue", "Venue"), Col("env", "Env"),
                                                  Col("balances", "Balances read", "int")),
                     [{"path": str(path), "venue": venue, "env": env, "balances": count}], single=True))


@config_app.command("path")
def show_path(ctx: typer.Context) -> None:
    """Print where the config file is (`$TRADEWIRE_CONFIG`, else the XDG config directory)."""
    s = session(ctx)
    path = config_path(s.environ)
    s.out.show(Table("config", "Config file", (Col("path", "File"), Col("exists", "Exists")),
                     [{"path": str(path), "exists": path.exists()}], single=True))


def register(app: typer.Typer) -> None:
    """Add `config init` and `config path`."""
    app.add_typer(config_app, name="config")
