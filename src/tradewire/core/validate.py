"""Parameter rules, checked before anything is sent.

A rule is a callable `(name, value) -> str`: it returns the value rendered exactly as it will be
signed and sent, or raises `ValidationError` naming the parameter and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from tradewire.core.errors import ValidationError

Rule = Callable[[str, Any], str]
Check = Callable[[Mapping[str, Any]], None]

FORBIDDEN = frozenset("&=?#\r\n")


def render(name: str, value: Any) -> str:
    """Render a value as sent: bools `true`/`false`, Decimal without exponent, ints as digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(name, "must be a finite number", value)
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValidationError(name, "pass money as Decimal or str, never float (floats round)", value)
    text = str(value)
    if FORBIDDEN.intersection(text):
        raise ValidationError(name, "must not contain & = ? # or line breaks", value)
    return text


def any_value(name: str, value: Any) -> str:
    """No rule beyond safe rendering."""
    return render(name, value)


def to_decimal(name: str, value: Any) -> Decimal:
    """Read a number given as Decimal, int or str; floats are refused."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, float)):
        raise ValidationError(name, "must be a Decimal, int or numeric string", value)
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(name, "must be a number", value) from None


def positive(name: str, value: Any) -> str:
    """A number > 0."""
    d = to_decimal(name, value)
    if not d.is_finite() or d <= 0:
        raise ValidationError(name, "must be a positive number (> 0)", value)
    return format(d, "f")


def text(pattern: str | None = None, *, max_len: int | None = None, min_len: int = 1,
         rule: str = "") -> Rule:
    """A string matching `pattern`, `min_len`..`max_len` characters."""
    compiled = re.compile(pattern) if pattern else None

    def check(name: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(name, "must be a string", value)
        if len(value) < min_len or (max_len is not None and len(value) > max_len):
            span = f"{min_len}-{max_len}" if max_len is not None else f"at least {min_len}"
            raise ValidationError(name, rule or f"length must be {span} characters", value)
        if compiled and not compiled.fullmatch(value):
            raise ValidationError(name, rule or f"must match {pattern}", value)
        return render(name, value)

    return check


def one_of(*values: str | int) -> Rule:
    """Exactly one of `values` (case-sensitive)."""
    allowed = {str(v): v for v in values}

    def check(name: str, value: Any) -> str:
        key = render(name, value) if not isinstance(value, str) else value
        if key not in allowed or type(allowed[key]) is not type(value):
            raise ValidationError(name, "must be one of " + ", ".join(map(str, values)), value)
        return key

    return check


def integer(lo: int | None = None, hi: int | None = None) -> Rule:
    """An int within `lo`..`hi`."""

    def check(name: str, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(name, "must be an integer", value)
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValidationError(name, f"must be between {lo} and {hi}", value)
        return str(value)

    return check


def millis(name: str, value: Any) -> str:
    """A Unix time in milliseconds."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(name, "must be a Unix time in milliseconds (int >= 0)", value)
    if value < 10**11:
        raise ValidationError(name, "must be in milliseconds, not seconds", value)
    return str(value)


def boolean(name: str, value: Any) -> str:
    """A bool, sent as `true`/`false`."""
    if not isinstance(value, bool):
        raise ValidationError(name, "must be true or false", value)
    return render(name, value)


SYMBOL_RULE = "must match ^[A-Z0-9]+-[A-Z]+$ (e.g. BTC-USDT), at most 20 characters"
symbol = text(r"[A-Z0-9]+-[A-Z]+", max_len=20, rule=SYMBOL_RULE)


def time_order(start: str = "startTime", end: str = "endTime") -> Check:
    """`end >= start` when both are given."""

    def check(params: Mapping[str, Any]) -> None:
        if start in params and end in params and params[end] < params[start]:
            raise ValidationError(end, f"must be >= {start}", params[end])

    return check


def together(*names: str, unless: str | None = None) -> Check:
    """All of `names` or none of them (not needed when `unless` is given)."""

    def check(params: Mapping[str, Any]) -> None:
        if unless is not None and unless in params:
            return
        given = [n for n in names if n in params]
        if given and len(given) != len(names):
            missing = next(n for n in names if n not in params)
            raise ValidationError(missing, "is required together with " + ", ".join(given))

    return check


def any_of(*names: str) -> Check:
    """At least one of `names`."""

    def check(params: Mapping[str, Any]) -> None:
        if not any(n in params for n in names):
            raise ValidationError(names[0], "one of " + ", ".join(names) + " is required")

    return check
