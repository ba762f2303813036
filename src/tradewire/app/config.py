"""Credentials and defaults: environment variables and `~/.config/tradewire/config.toml`.

```toml
env = "vst"                 # default environment (otherwise live when keys exist, sim when not)
[bingx]
api_key = "..."
secret_key = "..."
[profiles.sub1]             # --profile sub1
env = "live"
[profiles.sub1.bingx]
api_key = "..."
secret_key = "..."
```
The file must not be readable by group or others (chmod 600). `TRADEWIRE_CONFIG` points elsewhere.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradewire.app.errors import AUTH, USAGE, CliError

ENV_KEYS = {
    "bingx": ("BINGX_API_KEY", "BINGX_SECRET_KEY"),
    "binance": ("BINANCE_API_KEY", "BINANCE_SECRET_KEY"),
}


@dataclass(frozen=True)
class Keys:
    """An API key pair and where it came from (for messages; never the secret itself)."""

    api_key: str
    secret_key: str
    source: str

    def __repr__(self) -> str:
        from tradewire.core.auth import mask

        return f"Keys(api_key={mask(self.api_key)!r}, secret_key='***', source={self.source!r})"


@dataclass(frozen=True)
class Resolved:
    """What the configuration says for one venue and profile."""

    keys: Keys | None
    env: str | None


def config_path(environ: Mapping[str, str]) -> Path:
    """`$TRADEWIRE_CONFIG`, else `$XDG_CONFIG_HOME/tradewire/config.toml`, else `~/.config/...`."""
    if environ.get("TRADEWIRE_CONFIG"):
        return Path(environ["TRADEWIRE_CONFIG"]).expanduser()
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tradewire" / "config.toml"


def load(path: Path) -> dict[str, Any]:
    """The parsed file ({} when absent); refused when group or others may read it."""
    import tomllib  # here: --help and commands without a config file do not pay for the parser
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise CliError(f"config file {path}: cannot be read ({e.strerror or e})", USAGE) from None
    if not stat.S_ISREG(st.st_mode):
        raise CliError(f"config file {path}: is not a regular file (a directory?); point TRADEWIRE_CONFIG at "
                       "a TOML file", USAGE)
    if st.st_mode & 0o077:
        raise CliError(f"{path} is readable by others (mode {stat.filemode(st.st_mode)}); it holds secrets, "
                       f"so it was not read: run `chmod 600 {path}`", AUTH)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise CliError(f"config file {path}: not valid TOML ({_one_line(e)})", USAGE) from None
    except UnicodeDecodeError:
        raise CliError(f"config file {path}: not valid TOML (not UTF-8 text)", USAGE) from None
    except OSError as e:
        raise CliError(f"config file {path}: cannot be read ({e.strerror or e})", USAGE) from None
    _check_types(data, path)
    return data


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


def _check_types(data: dict[str, Any], path: Path) -> None:
    """The shapes this module reads: `env` a known name, venue sections and profiles tables of strings."""
    from tradewire.app.session import ENVS

    def env_of(table: dict[str, Any], where: str) -> None:
        env = table.get("env")
        if env is not None and env not in ENVS:
            raise CliError(f"config file {path}: {where}env must be one of {', '.join(ENVS)} (got {env!r})", USAGE)

    def venues(table: dict[str, Any], where: str) -> None:
        for venue in ENV_KEYS:
            section = table.get(venue)
            if section is None:
                continue
            if not isinstance(section, dict):
                raise CliError(f"config file {path}: [{where}{venue}] must be a table with api_key and "
                               "secret_key", USAGE)
            for name in ("api_key", "secret_key"):
                if name in section and not isinstance(section[name], str):
                    raise CliError(f"config file {path}: {where}{venue}.{name} must be a string", USAGE)

    env_of(data, "")
    venues(data, "")
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise CliError(f"config file {path}: profiles must be tables ([profiles.NAME])", USAGE)
    for name, profile in profiles.items():
        if not isinstance(profile, dict):
            raise CliError(f"config file {path}: profiles.{name} must be a table ([profiles.{name}])", USAGE)
        env_of(profile, f"profiles.{name}.")
        venues(profile, f"profiles.{name}.")


def resolve(venue: str, profile: str | None, environ: Mapping[str, str]) -> Resolved:
    """Keys and default env: a named profile wins, then environment variables, then the file's top level."""
    path = config_path(environ)
    data = load(path)
    if profile is not None:
        section = data.get("profiles", {}).get(profile)
        if not isinstance(section, dict):
            raise CliError(f"no profile [profiles.{profile}] in {path}", USAGE)
        return Resolved(_keys(section.get(venue), f"profile {profile}", path), section.get("env") or data.get("env"))
    key_var, secret_var = ENV_KEYS[venue]
    if environ.get(key_var) or environ.get(secret_var):
        if not (environ.get(key_var) and environ.get(secret_var)):
            raise CliError(f"set both {key_var} and {secret_var}", AUTH)
        return Resolved(Keys(environ[key_var], environ[secret_var], f"${key_var}"), data.get("env"))
    return Resolved(_keys(data.get(venue), "config file", path), data.get("env"))


def _keys(section: Any, source: str, path: Path) -> Keys | None:
    if not isinstance(section, dict):
        return None
    key, secret = section.get("api_key"), section.get("secret_key")
    if not key and not secret:
        return None
    if not (isinstance(key, str) and isinstance(secret, str) and key and secret):
        raise CliError(f"{path} ({source}): api_key and secret_key must both be set", AUTH)
    return Keys(key, secret, source)
