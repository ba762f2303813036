"""Durations as the CLI takes them: ``500ms``, ``5s``, ``15m``, ``1h``, ``1d``."""

from __future__ import annotations

import re

_UNITS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_RE = re.compile(r"^(\d+)(ms|s|m|h|d)$")


def parse_ms(text: str) -> int:
    """Milliseconds in ``text``; ValueError naming the accepted forms otherwise."""
    match = _RE.match(text.strip())
    if match is None or int(match[1]) == 0:
        raise ValueError(f"not a duration: {text!r} (e.g. 500ms, 5s, 15m, 1h)")
    return int(match[1]) * _UNITS[match[2]]
