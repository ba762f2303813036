"""One command's connection: global options, credentials, the environment, and the exchange."""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tradewire.app import config
from tradewire.app.errors import AUTH, USAGE, CliError
from tradewire.app.output import Format, Out

if TYPE_CHECKING:
    from tradewire.bingx.client import BingX
    from tradewire.unified import Exchange

ENVS = ("live", "vst", "testnet", "sim")
BASE_URL_VAR = "TRADEWIRE_BASE_URL"
WS_URL_VAR = "TRADEWIRE_WS_URL"
TESTNET_NOTICE = "You are operating on the Binance Spot Testnet: test funds, not real ones."


@dataclass(frozen=True)
class Options:
    """The global command-line options."""

    venue: str = "bingx"
    env: str | None = None
    profile: str | None = None
    fmt: Format = "table"
    utc: bool = False
    debug: bool = False
    base_url: str | None = None


#: what an in-process simulator (aiohttp server, its event loop, its own logger) may log: the server side of
#: a refused request is the simulator's business, never a line in the command's output
SIMULATOR_LOGGERS = ("aiohttp.server", "aiohttp.access", "aiohttp.web", "aiohttp.websocket", "aiohttp.internal",
                     "tradewire.sim", "asyncio")


def quiet_simulator_logs() -> None:
    """Keep the embedded simulator's log lines and tracebacks (and its loop's "Task exception was never
    retrieved") out of the command's stderr; `--debug` leaves them on."""
    import logging

    for name in SIMULATOR_LOGGERS:
        log = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
            log.addHandler(logging.NullHandler())
        log.propagate = False


class Session:
    """Opens the exchange on first use (starting an in-process simulator for `sim`) and closes it."""

    def __init__(self, opts: Options, environ: Mapping[str, str] | None = None, find_running: bool = True) -> None:
        """`find_running`: with `--env sim`, use a running `tradewire sim` when there is one (else embed one)."""
        self.opts = opts
        self.find_running = find_running
        self.environ = os.environ if environ is None else environ
        self.out = Out(opts.fmt, opts.utc)
        self._stack = ExitStack()
        self._exchange: Exchange | None = None
        self.env = ""
        #: the REST base URL in use when not the official hosts (simulator, --base-url)
        self.rest_url: str | None = None
        self.keys: config.Keys | None = None

    @property
    def base_url(self) -> str | None:
        """Where REST calls go when not the official hosts (`--base-url` or `$TRADEWIRE_BASE_URL`)."""
        return self.opts.base_url or self.environ.get(BASE_URL_VAR) or None

    def exchange(self) -> Exchange:
        """The unified exchange for the chosen venue and environment."""
        if self._exchange is None:
            self._exchange = self._open()
        return self._exchange

    def bingx(self) -> BingX:
        """The BingX client, for what only BingX has (fund transfers, income, VST)."""
        ex = self.exchange()
        if ex.venue != "bingx":
            raise CliError(f"this command is BingX-only (use --venue bingx, not {ex.venue})", USAGE)
        client: BingX = ex.client
        return client

    def ws_url(self) -> str | None:
        """Websocket base URL: `$TRADEWIRE_WS_URL`, else derived from a non-official REST URL (same host,
        as the simulator serves both), else None for the venue's official one."""
        self.exchange()
        return self._ws_for(self.rest_url)

    def _ws_for(self, rest_url: str | None) -> str | None:
        given = self.environ.get(WS_URL_VAR)
        if given:
            return given
        if rest_url is None:
            return None
        url = "ws" + rest_url.removeprefix("http")
        return f"{url.rstrip('/')}/swap-market" if self.opts.venue == "bingx" else url

    def require_keys(self) -> None:
        """Fail with exit 3 before sending a signed call without credentials."""
        self.exchange()
        if self.keys is None:
            key_var, secret_var = config.ENV_KEYS[self.opts.venue]
            raise CliError(f"no API key for {self.opts.venue} {self.env}: set {key_var} and {secret_var}, add them "
                           f"to {config.config_path(self.environ)}, or use --env sim", AUTH)

    def check(self) -> None:
        """Fail now on a bad configuration (venue, profile, config file, environment) without opening anything:
        no client, no simulator. `exchange()` does the same checks and then opens."""
        if self._exchange is None:
            self._resolve()

    def _resolve(self) -> tuple[str, str, config.Resolved]:
        from tradewire.unified import VENUES

        venue = self.opts.venue
        if venue not in VENUES:
            raise CliError(f"--venue {venue}: not available in this build (available: {', '.join(VENUES)})", USAGE)
        resolved = config.resolve(venue, self.opts.profile, self.environ)
        self.env = env = self.opts.env or resolved.env or ("live" if resolved.keys else "sim")
        if env not in ENVS:
            raise CliError(f"--env must be one of {', '.join(ENVS)} (got {env!r})", USAGE)
        if env == "testnet" and venue == "bingx":
            raise CliError("BingX has no testnet: its simulated environment is --env vst", USAGE)
        if env == "vst" and venue == "binance":
            raise CliError("VST is BingX's; Binance's test environment is --env testnet", USAGE)
        return venue, env, resolved

    def _open(self) -> Exchange:
        from tradewire.unified import open_exchange

        venue, env, resolved = self._resolve()
        options: dict[str, Any] = {}
        if self.opts.debug:
            self.out.info(f"venue {venue}, env {env}, base url {self.base_url or 'official'}, keys {resolved.keys!r}")
        if env == "sim":
            url, self.keys = self._simulator(defaulted=self.opts.env is None and resolved.env is None)
            options["base_url"] = url
            env = "live"  # the simulator speaks the live protocol on its own address
        else:
            self.keys = resolved.keys
            if self.base_url:
                options["base_url"] = self.base_url
            if env == "vst":
                from tradewire.bingx.base import VST_NOTICE

                self.out.notice(VST_NOTICE)
            elif env == "testnet":
                self.out.notice(TESTNET_NOTICE)
        self.rest_url = options.get("base_url")
        ws = self._ws_for(self.rest_url)
        if ws:
            options["ws_url"] = ws
        ex = open_exchange(venue, env, *self.keys_pair(), **options)
        self._stack.callback(ex.close)
        return ex

    def keys_pair(self) -> tuple[str | None, str | None]:
        """`(api_key, secret_key)` or `(None, None)`."""
        return (self.keys.api_key, self.keys.secret_key) if self.keys else (None, None)

    def _simulator(self, defaulted: bool) -> tuple[str, config.Keys]:
        """The persistent venue of `tradewire sim` when one is serving, else a simulator in this process."""
        from tradewire.app import simdir
        from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

        keys = config.Keys(DEMO_API_KEY, DEMO_SECRET_KEY, "simulator demo user")
        why = " (no credentials configured)" if defaulted else ""
        if self.base_url:
            url, where = self.base_url, f"Simulator{why}: an offline exchange at {self.base_url}"
        elif self.find_running and (running := simdir.find(simdir.state_dir(self.environ), self.opts.venue)):
            url = running.url(self.opts.venue)
            where = f"Simulator at {url} (persistent, started {running.started}){why}: an offline exchange"
        else:
            from tradewire.sim import Simulator

            if not self.opts.debug:
                quiet_simulator_logs()
            sim = self._stack.enter_context(Simulator())
            url = sim.binance_url if self.opts.venue == "binance" else sim.bingx_url
            where = f"Simulator at {url} (embedded, gone when this command ends){why}: an offline exchange"
        self.out.notice(f"{where} with demo funds; nothing here is real.")
        return url, keys

    def clock_offset(self) -> int | None:
        """Server minus local clock in ms, measured now (None when it cannot be measured)."""
        if self._exchange is None:
            return None
        try:
            offset: int = self._exchange.client.sync_time()
            return offset
        except Exception:  # the offset only decorates an error message
            return None

    def close(self) -> None:
        """Close the exchange and stop an in-process simulator."""
        self._stack.close()
