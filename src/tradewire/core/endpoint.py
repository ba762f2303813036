"""An endpoint is one declaration: method, path, auth, limits, parameter rules, result type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tradewire.core.errors import ValidationError
from tradewire.core.validate import Check, Rule, any_value, check_name, render

#: (start, end) parameter pairs: wherever both are given, the end may not come before the start
TIME_PAIRS = (("startTime", "endTime"), ("startTs", "endTs"))

Auth = Literal["none", "signed", "apikey"]
#: envelope: `{code,msg,data}`; unwrapped: the body is the result; bytes: raw body (e.g. xlsx);
#: status: the meaning is in the HTTP status (listen-key extend/delete); auto: `data` of an envelope,
#: else the whole body (the raw escape hatch, where the shape is not declared).
Shape = Literal["envelope", "unwrapped", "bytes", "status", "auto"]
#: how a POST carries its parameters: a form body, or a JSON object (BingX sub-account management)
Body = Literal["form", "json"]


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter: its wire name, the rule its value must meet, and whether it is required."""

    name: str
    rule: Rule = any_value
    required: bool = False
    #: in a JSON body the rendered value is a JSON literal (number, bool, array), not a string
    literal: bool = False


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A declared endpoint; `build` validates parameters and renders them as they will be sent."""

    name: str
    method: str
    path: str
    auth: Auth = "none"
    params: tuple[Param, ...] = ()
    checks: tuple[Check, ...] = ()
    result: Any = Any
    shape: Shape = "envelope"
    #: rate-limit scopes, e.g. ("uid:5/1", "ip:3/1", "group:market")
    limits: tuple[str, ...] = ()
    #: not idempotent: an unknown outcome is never retried
    write: bool = False
    weight: int = 1
    body: Body = "form"
    _by_name: dict[str, Param] = field(init=False, repr=False, compare=False)
    _folded: dict[str, str] = field(init=False, repr=False, compare=False)
    #: a call without parameters is valid as it is (none required, no cross-parameter checks)
    _bare_ok: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {p.name: p for p in self.params})
        object.__setattr__(self, "_folded", {p.name.lower(): p.name for p in self.params})
        object.__setattr__(self, "_bare_ok", not self.checks and not any(p.required for p in self.params))

    def literal(self, name: str) -> bool:
        """Whether `name` travels as a JSON literal in a JSON body (see `Param.literal`)."""
        p = self._by_name.get(name)
        return p is not None and p.literal

    def build(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Check every rule and render the values; raises `ValidationError`, sends nothing.

        `None` values are dropped; names the declaration does not know are passed through (a plain
        identifier, not a declared name in other letter case, the value rendered safely), so a
        parameter new to the exchange is never blocked and never smuggles another one in.
        """
        if not params and self._bare_ok:
            return {}
        given = {k: v for k, v in params.items() if v is not None}
        out: dict[str, str] = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.rule(p.name, given[p.name])
            elif p.required:
                raise ValidationError(p.name, "is required")
        for name, value in given.items():
            if name not in self._by_name:
                check_name(name)
                if name.lower() in self._folded:
                    raise ValidationError(name, f"repeats the parameter {self._folded[name.lower()]}")
                out[name] = render(name, value)
        for start, end in TIME_PAIRS:
            if start in out and end in out and int(out[end]) < int(out[start]):
                raise ValidationError(end, f"must be >= {start}", given[end])
        for check in self.checks:
            check(given)
        return out
