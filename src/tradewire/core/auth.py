"""Request signing: the canonical string and its HMAC, in one place."""

from __future__ import annotations

import hashlib
import hmac
import re
import string
from typing import Any
from urllib.parse import quote

#: characters a value may hold and still travel exactly as signed: a server that percent-decodes the
#: query or form body (and reads `+` as a space) gives back the same text
SAFE = "-_.~,:/@!$'()*;"
RAW = frozenset(string.ascii_letters + string.digits + SAFE)
#: `RAW` plus the separators of a `k=v&k=v` string
_RAW_PAIRS = RAW | {"&", "="}


def hmac_sha256_hex(secret: str, message: str) -> str:
    """Lowercase hex HMAC-SHA256 of `message` under `secret` (UTF-8)."""
    # hmac.digest: OpenSSL's one-shot HMAC, without the Python-level HMAC object hmac.new builds
    return hmac.digest(secret.encode(), message.encode(), "sha256").hex()


def canonical(params: dict[str, str]) -> str:
    """`key=value&...` with keys in ASCII order and values unencoded: the string BingX signs."""
    return "&".join([f"{k}={params[k]}" for k in sorted(params)])


def transmitted(params: dict[str, str], signed: str) -> str:
    """The string to send for `signed` (= canonical(params)): what the server decodes back to it.

    Every value is URL-encoded (UTF-8, spaces as %20, keys untouched) when the string holds `[` or `{`,
    as the BingX reference requires; otherwise only values holding a character outside `RAW` (`%`, `+`,
    spaces, non-ASCII, ...), so the rest is sent exactly as signed.
    """
    if _RAW_PAIRS.issuperset(signed):  # the common case: nothing to encode (no `[`/`{` either)
        return signed
    every = "[" in signed or "{" in signed
    return "&".join(f"{k}={quote(v, safe='') if every else quote(v, safe=SAFE)}" for k, v in sorted(params.items()))


#: `signature=<value>` and `listenKey=<value>` anywhere in a text (a URL, a log line, an error message)
_SECRET_PARAM = re.compile(r"(?i)\b(signature|listenKey)=[^&\s\"'#]*")
#: the same fields in a JSON body (`"signature":"<value>"`)
_SECRET_FIELD = re.compile(r'(?i)"(signature|listenKey)":"[^"]*"')


def redact(query: str) -> str:
    """A query or body with its signature removed and any listen key masked, for error messages and logs."""
    return scrub("&".join(p for p in query.split("&") if not p.startswith("signature=")))


def scrub(text: str) -> str:
    """Any text with the values of `signature=` and `listenKey=` masked (URLs inside log lines and errors)."""
    text = _SECRET_FIELD.sub(lambda m: f'"{m.group(1)}":"***"', text)
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}=***", text)


class Credentials:
    """An API key and its secret; the secret never appears in repr, str or errors."""

    __slots__ = ("_keyed", "api_key")

    def __init__(self, api_key: str, secret_key: str) -> None:
        self.api_key = api_key
        #: the HMAC state after the key is absorbed, copied for each message: half the cost of keying anew
        #: (hmac.digest on OpenSSL 3 fetches the MAC by name on every call)
        self._keyed = hmac.new(secret_key.encode(), digestmod=hashlib.sha256)

    def sign(self, message: str) -> str:
        """HMAC-SHA256 hex of `message` with this secret."""
        mac = self._keyed.copy()
        mac.update(message.encode())
        return mac.hexdigest()

    def __repr__(self) -> str:
        return f"Credentials(api_key={mask(self.api_key)!r}, secret_key='***')"

    def __reduce__(self) -> Any:
        # A pickle would hold the secret in clear (in a file, a cache, a queue to another process); one without
        # it would only fail later as a signature error. Refused, saying why.
        raise TypeError(f"{type(self).__name__} cannot be pickled: it would write the API secret out in clear; "
                        "pass api_key and secret_key to the other process from your own secret store")

    __str__ = __repr__


def mask(key: str) -> str:
    """An API key shown safely: first 5 and last 4 characters."""
    return f"{key[:5]}...{key[-4:]}" if len(key) > 12 else "***"
