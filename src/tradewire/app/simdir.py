"""Where a persistent simulator (`tradewire sim`) keeps its state, and how commands find it running.

`tradewire sim` writes `runtime.json` (pid, URLs, start time) in its state directory while it serves and removes
it on exit. A command with `--env sim` uses that venue when the file names a live process whose URL answers;
a file naming a dead process is stale and removed. Standard library only: finding a running venue must cost
next to nothing and import no simulator.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

DIR_VAR = "TRADEWIRE_SIM_DIR"
RUNTIME = "runtime.json"
SNAPSHOT = "state.pickle"
LOCK = "lock"
CHECK_TIMEOUT_S = 2.0  # float ok: seconds; a live local venue answers in milliseconds
#: a cheap public path each front answers with 200
PROBE = {"bingx": "/openApi/swap/v2/server/time", "binance": "/api/v3/ping"}


@dataclass(frozen=True)
class Running:
    """What `runtime.json` says about a serving venue."""

    pid: int
    bingx_url: str
    binance_url: str
    bingx_ws_url: str
    binance_ws_url: str
    started: str  # ISO 8601, UTC

    def url(self, venue: str) -> str:
        """The REST base URL of `venue`."""
        return self.binance_url if venue == "binance" else self.bingx_url


def state_dir(environ: Mapping[str, str], given: str | None = None) -> Path:
    """`given`, else `$TRADEWIRE_SIM_DIR`, else `$XDG_STATE_HOME/tradewire/sim`, else `~/.local/state/...`."""
    if given:
        return Path(given).expanduser()
    if environ.get(DIR_VAR):
        return Path(environ[DIR_VAR]).expanduser()
    base = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "tradewire" / "sim"


def write(directory: Path, running: Running) -> None:
    """Publish `running` (whole or not at all: written aside, then renamed)."""
    path = directory / RUNTIME
    tmp = path.with_name(f".{RUNTIME}.{running.pid}.tmp")
    tmp.write_text(json.dumps(asdict(running), indent=1) + "\n")
    os.replace(tmp, path)


def remove(directory: Path, pid: int) -> None:
    """Remove the runtime file if it is `pid`'s."""
    found = read(directory)
    if found is not None and found.pid == pid:
        (directory / RUNTIME).unlink(missing_ok=True)


def read(directory: Path) -> Running | None:
    """The runtime file's content (None when absent or unreadable)."""
    try:
        data = json.loads((directory / RUNTIME).read_text())
        return Running(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def alive(pid: int) -> bool:
    """Whether a process `pid` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def answers(url: str, venue: str, timeout: float = CHECK_TIMEOUT_S) -> bool:  # float ok: seconds
    """Whether the venue at `url` answers its probe with 200."""
    import http.client  # here: it costs ~40 ms of every command's start-up (email parsing and all)

    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None:
        return False
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        conn.request("GET", PROBE[venue])
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def find(directory: Path, venue: str) -> Running | None:
    """The venue serving from `directory` if its process lives and its URL answers; a stale file is removed."""
    running = read(directory)
    if running is None:
        return None
    if not alive(running.pid):
        with contextlib.suppress(OSError):
            if read(directory) == running:  # not replaced by a new server meanwhile
                (directory / RUNTIME).unlink()
        return None
    return running if answers(running.url(venue), venue) else None
