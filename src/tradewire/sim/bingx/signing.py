"""Server-side view of a request's parameters and its HMAC-SHA256 signature.

The signed string is rebuilt from what was transmitted: the query pairs, then the form-body pairs, in
their order on the wire, without the ``signature`` pair, each value percent-decoded (keys as sent),
joined by ``&``. A client that signs exactly what it sends therefore verifies whatever order it
chose; one that signs a different order or encoding than it sends is caught.
"""

from __future__ import annotations

import hmac
import json
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import unquote

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.errors import ApiError


class Pair(NamedTuple):
    """One ``key=value`` pair as sent; ``value`` is percent-decoded (``+`` stays ``+``)."""

    key: str
    value: str


def split_pairs(text: str) -> list[Pair]:
    """Split a query string or form body into pairs, keeping order and duplicates."""
    pairs = []
    for part in text.split("&"):
        if part:
            key, _, raw = part.partition("=")
            pairs.append(Pair(key, unquote(raw, errors="strict") if "%" in raw else raw))
    return pairs


def json_pairs(body: bytes) -> list[Pair]:
    """The fields of a JSON-object body as pairs in ASCII key order, the order they are signed in
    (references/authentication.md, "JSON Request Body Example"): strings as they are, ``true``/``false``,
    numbers as written, arrays and objects as compact JSON (``[1,2]``, ``["a","b"]``)."""
    try:
        fields = json.loads(body, parse_float=Decimal)
    except ValueError as exc:
        raise ApiError(errors.PARAM_ERROR, "the JSON body is not valid JSON") from exc
    if not isinstance(fields, dict):
        raise ApiError(errors.PARAM_ERROR, "the JSON body must be an object")
    return [Pair(key, _json_value(fields[key])) for key in sorted(fields)]


def _json_value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if value is None:
        return ""
    return json.dumps(value, separators=(",", ":"), default=str)  # no documented array holds a decimal


def payload(pairs: list[Pair]) -> str:
    """The string the client must have signed."""
    return "&".join(f"{p.key}={p.value}" for p in pairs if p.key != "signature")


def sign(secret: str, message: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``message`` keyed by ``secret``."""
    return hmac.digest(secret.encode(), message.encode(), "sha256").hex()


def verify(secret: str, message: str, signature: str) -> bool:
    """Constant-time check of ``signature`` against ``message``."""
    return hmac.compare_digest(sign(secret, message), signature)
