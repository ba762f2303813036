"""JSON decoding with exact decimals and big-int-safe ids (msgspec).

Models declare money as `Decimal` and ids as `Id`; msgspec turns both JSON strings and JSON
numbers into exact `Decimal`s, the `Id` hook turns numbers into `str`, and `""` (the exchanges'
"no value") becomes `None` before decoding.

Decoding is lax about one thing only: a JSON number that arrives as a numeric string in an integer
field (`"time": "1700000000000"`, `"code": "0"`, seen in captured BingX and Binance answers) is read as
the integer (msgspec `strict=False`). `Decimal` and `Id` fields decode exactly as before; a string in a
`str` field stays a string; nothing else is coerced into money.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

import msgspec

from tradewire.core.errors import DecodeError


class Id(str):
    """An exchange id: always a `str`, even when the wire carried a JSON number (> 2^53)."""

    __slots__ = ()


class Percent(Decimal):
    """A percentage as an exact `Decimal`, read from a number, `"4.15"` or `"-1.6900%"` (the `%` is dropped)."""

    __slots__ = ()


def _dec_hook(tp: type, obj: Any) -> Any:
    if tp is Id and isinstance(obj, (int, str)):
        return Id(obj)
    if tp is Percent and isinstance(obj, (int, Decimal, str)):
        text = obj.removesuffix("%") if isinstance(obj, str) else obj
        try:
            return Percent(text)
        except ArithmeticError:
            raise ValueError(f"not a percentage: {obj!r}") from None
    raise NotImplementedError(f"cannot decode {type(obj).__name__} as {tp}")


def blank_to_null(body: bytes) -> bytes:
    """Replace empty-string object values with `null` (`"k":""` -> `"k":null`)."""
    if b'""' not in body:
        return body
    return body.replace(b'":""', b'":null').replace(b'": ""', b'": null')


@cache
def decoder(tp: Any) -> msgspec.json.Decoder[Any]:
    """A cached decoder for `tp`; untyped floats decode as exact `Decimal`."""
    return msgspec.json.Decoder(tp, dec_hook=_dec_hook, float_hook=Decimal, strict=False)


def decode(body: bytes, tp: Any) -> Any:
    """Decode `body` into `tp`, with `""` read as `null`."""
    return decoder(tp).decode(blank_to_null(body))


_AT = re.compile(r" - at `(\$[^`]*)`$")
E = TypeVar("E", bound=DecodeError)


def field_of(exc: Exception) -> str | None:
    """The JSON path msgspec names in a validation error (`$.data[0].time`), if any."""
    found = _AT.search(str(exc))
    return found.group(1) if found else None


def decode_failure(cls: type[E], venue: str, endpoint: str, exc: Exception, body: bytes) -> E:
    """`cls` (a venue's `DecodeError`) for an answer that did not decode: the endpoint, msgspec's text
    with its `$.data[0].xxx` path, the field on its own, and the start of the body."""
    return cls(str(exc), venue=venue, endpoint=endpoint, field=field_of(exc), body=body)


def _enc_hook(obj: Any) -> Any:
    if isinstance(obj, str):  # Id and other str subclasses
        return str(obj)
    if isinstance(obj, Decimal):  # Percent
        return Decimal(obj)
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


def _exact(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


def to_builtins(obj: Any) -> Any:
    """Plain dicts/lists/strs (Decimals as exact strings without exponent, ids as plain str)."""
    return _exact(msgspec.to_builtins(obj, builtin_types=(Decimal,), enc_hook=_enc_hook))


def encode(obj: Any) -> bytes:
    """JSON with Decimals as exact strings (`1E-8` is written `"0.00000001"`)."""
    return msgspec.json.encode(to_builtins(obj))
