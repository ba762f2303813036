"""Parameter rules, checked before anything is sent.

A rule is a callable `(name, value) -> str`: it returns the value rendered exactly as it will be
signed and sent, or raises `ValidationError` naming the parameter and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from tradewire.core.errors import ValidationError

Rule = Callable[[str, Any], str]
Check = Callable[[Mapping[str, Any]], None]

#: characters no value may hold: they would split or end the parameter string (the official reference's
#: `validateParams`), and control characters that no exchange parameter takes
FORBIDDEN = frozenset("&=?#") | frozenset(map(chr, range(32))) | {"\x7f"}
#: a number as text: ASCII digits, one optional sign, point and exponent (no `_`, no other scripts' digits)
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
#: the largest magnitude and the finest step any amount, price or rate of either venue takes
MAX_DIGITS = 20
MAX_PLACES = 18
#: the latest Unix time in ms accepted anywhere (2100-01-01): a later one is a unit mistake
MAX_MILLIS = 4_102_444_800_000
#: names the client sets itself; given by the caller they would be sent twice or signed wrongly
RESERVED = frozenset({"timestamp", "signature", "recvWindow"})
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*", re.ASCII)


def render(name: str, value: Any) -> str:
    """Render a value as sent: bools `true`/`false`, Decimal without exponent, ints as digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(to_decimal(name, value), "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValidationError(name, "pass money as Decimal or str, never float (floats round)", value)
    if not isinstance(value, str):
        raise ValidationError(name, "must be a str, int, Decimal or bool", value)
    if not value:
        raise ValidationError(name, "must not be empty (leave it out or pass None)", value)
    if FORBIDDEN.intersection(value):
        raise ValidationError(name, "must not contain & = ? # or control characters", value)
    return value


def check_name(name: Any) -> str:
    """A parameter name the caller chose: a plain identifier that the client does not set itself."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ValidationError(str(name), "a parameter name must be a plain identifier ([A-Za-z][A-Za-z0-9_]*)",
                              name)
    if name in RESERVED:
        raise ValidationError(name, "is set by the client itself (recvWindow: the client's recv_window)")
    return name


def any_value(name: str, value: Any) -> str:
    """No rule beyond safe rendering."""
    return render(name, value)


def to_decimal(name: str, value: Any) -> Decimal:
    """Read a number given as Decimal, int or str; floats, NaN, infinities, `1_000`, non-ASCII digits and
    magnitudes beyond 10^20 or 10^-18 are refused."""
    if isinstance(value, float):
        raise ValidationError(name, "pass money as Decimal or str, never float (floats round)", value)
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise ValidationError(name, "must be a Decimal, int or numeric string", value)
    if isinstance(value, str):
        if not NUMBER.fullmatch(value.strip()):
            raise ValidationError(name, "must be a number written with ASCII digits (e.g. 12.5)", value)
        d = Decimal(value.strip())
    else:
        d = value if isinstance(value, Decimal) else Decimal(value)
    if not d.is_finite():
        raise ValidationError(name, "must be a finite number", value)
    if d and d.adjusted() >= MAX_DIGITS:
        raise ValidationError(name, f"must be below 10^{MAX_DIGITS}", value)
    if d and _places(d) > MAX_PLACES:
        raise ValidationError(name, f"must have at most {MAX_PLACES} decimal places", value)
    return d


def _places(d: Decimal) -> int:
    """Decimal places of `d` without its trailing zeros (exact: no context rounding)."""
    _, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exp + zeros))


def positive(name: str, value: Any) -> str:
    """A number > 0."""
    d = to_decimal(name, value)
    if d <= 0:
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
    """A Unix time in milliseconds, before 2100."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(name, "must be a Unix time in milliseconds (int >= 0)", value)
    if value < 10**11:
        raise ValidationError(name, "must be in milliseconds, not seconds", value)
    if value > MAX_MILLIS:
        raise ValidationError(name, f"must be a Unix time in milliseconds before 2100 (<= {MAX_MILLIS})", value)
    return str(value)


def json_value(name: str, value: Any) -> str:
    """A non-empty JSON object or list: a dict/list is checked leaf by leaf (`name.key[i]` in errors: no
    float, every number within bounds, every text safe) and encoded with Decimals as exact strings;
    JSON text must parse, and is sent as written."""
    import msgspec

    from tradewire.core.codec import encode

    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            _check_json(name, msgspec.json.Decoder(float_hook=Decimal).decode(value))
        except msgspec.DecodeError:
            raise ValidationError(name, "must be valid JSON", value) from None
        return render(name, value)
    if not isinstance(value, (dict, list, tuple)):
        raise ValidationError(name, "must be a JSON object or list", value)
    _check_json(name, value)
    return render(name, encode(value).decode())


def _check_json(path: str, value: Any) -> None:
    if isinstance(value, dict):
        if not value:
            raise ValidationError(path, "must not be empty (leave it out or pass None)", value)
        for key, item in value.items():
            _check_json(f"{path}.{check_name(key)}", item)
    elif isinstance(value, (list, tuple)):
        if not value:
            raise ValidationError(path, "must not be empty (leave it out or pass None)", value)
        for i, item in enumerate(value):
            _check_json(f"{path}[{i}]", item)
    elif value is not None and not isinstance(value, bool):
        render(path, value)


def boolean(name: str, value: Any) -> str:
    """A bool, sent as `true`/`false`."""
    if not isinstance(value, bool):
        raise ValidationError(name, "must be true or false", value)
    return render(name, value)


SYMBOL_RULE = "must match ^[A-Z0-9]+-[A-Z]+$ (e.g. BTC-USDT), at most 20 characters"
symbol = text(r"[A-Z0-9]+-[A-Z]+", max_len=20, rule=SYMBOL_RULE)


DAY_MS = 86_400_000


def span(days: int, start: str = "startTime", end: str = "endTime") -> Check:
    """`end - start` at most `days` days when both are given (their order is checked by `Endpoint.build`)."""

    def check(params: Mapping[str, Any]) -> None:
        if start in params and end in params and params[end] - params[start] > days * DAY_MS:
            raise ValidationError(end, f"may be at most {days} days after {start}", params[end])

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
