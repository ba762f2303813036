"""Fault rules as text (`tradewire sim --faults`): `KIND[:key=value]...`, checked by `Faults.add`/`WsFaults.add`.

Kinds: the request faults `delay`, `reset`, `status`, `code`, `skew` (`httpNNN` is `status` with `status=NNN`)
and the BingX websocket faults `drop`, `no_ping`, `silence`, `skip_ids`, `stale`. Keys: `path`, `count`,
`seconds`, `status`, `execute`, `code`, `msg`, `ms` (request faults); `count`, `symbol`, `gap` (websocket).
A `:` inside a value with no `=` after it stays in the value (`msg=Timestamp: too old`). Examples:
`http500:path=/openApi/swap/v2/trade/order:count=2`, `delay:seconds=3`, `code:code=100001`, `drop`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tradewire.sim.bingx.ws_faults import KINDS as WS_KINDS
from tradewire.sim.faults import KINDS as REQUEST_KINDS

if TYPE_CHECKING:
    from tradewire.sim.simulator import Simulator

_HTTP = re.compile(r"^http(\d{3})$")
_INT = re.compile(r"^-?\d+$")
_TYPES: dict[str, type] = {
    "path": str, "count": int, "status": int, "execute": bool, "code": int, "msg": str, "ms": int, "symbol": str,
    "gap": int,
    "seconds": float,  # float ok: a delay, not money
}


@dataclass(frozen=True)
class FaultRule:
    """One parsed rule: its text, its kind, and the keyword arguments for `add`."""

    text: str
    kind: str
    options: dict[str, object] = field(default_factory=dict)


def _value(key: str, raw: str) -> object:
    kind = _TYPES[key]
    if kind is int:
        if not _INT.match(raw):
            raise ValueError(f"{key} must be an integer (got {raw!r})")
        return int(raw)
    if kind is float:  # float ok: seconds
        try:
            return float(raw)  # float ok: seconds
        except ValueError:
            raise ValueError(f"{key} must be a number of seconds (got {raw!r})") from None
    if kind is bool:
        if raw not in ("true", "false"):
            raise ValueError(f"{key} must be true or false (got {raw!r})")
        return raw == "true"
    return raw


def parse(text: str) -> FaultRule:
    """The rule in `text`; ValueError with the reason when it is not one."""
    head, *items = text.split(":")
    kind = head.strip().replace("-", "_")
    options: dict[str, object] = {}
    found = _HTTP.match(kind)
    if found:
        kind, options["status"] = "status", int(found[1])
    if kind not in REQUEST_KINDS + WS_KINDS:
        raise ValueError(f"unknown fault {head!r} (kinds: {', '.join(REQUEST_KINDS + WS_KINDS)}, httpNNN)")
    pairs: list[list[str]] = []
    for item in items:
        if "=" in item:
            pairs.append(item.split("=", 1))
        elif pairs:
            pairs[-1][1] += ":" + item
        else:
            raise ValueError(f"{item!r} is not key=value")
    for key, raw in pairs:
        if key not in _TYPES:
            raise ValueError(f"unknown key {key!r} (keys: {', '.join(_TYPES)})")
        if key in options:
            raise ValueError(f"{key} given twice")
        options[key] = _value(key, raw)
    return FaultRule(text, kind, options)


def apply(sim: Simulator, rule: FaultRule) -> None:
    """Queue `rule` on `sim`; ValueError with the simulator's reason when it refuses it."""
    options = dict(rule.options)
    count = options.pop("count", 1)
    try:
        if rule.kind in WS_KINDS:
            if "path" in options:
                raise ValueError("websocket faults take no path")
            sim.ws_faults.add(rule.kind, count, **options)  # type: ignore[arg-type]
        else:
            path = options.pop("path", None)
            sim.faults.add(rule.kind, path, count, **options)  # type: ignore[arg-type]
    except TypeError as e:  # an option the kind does not take
        raise ValueError(str(e).removeprefix("WsFaults.add() ")) from None
