"""Listen keys for the account stream: 64 hex chars, valid 60 simulated minutes from create or extend."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

VALIDITY_MS = 60 * 60_000


@dataclass
class ListenKey:
    """A key, its owner and when it stops being valid (simulated ms)."""

    key: str
    uid: str
    expires_ms: int


class ListenKeys:
    """Issued keys; an expired key behaves as unknown."""

    def __init__(self, seed: int) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self._issued = 0
        self._keys: dict[str, ListenKey] = {}

    def create(self, uid: str, now: int) -> str:
        """Issue a new key for ``uid``."""
        with self._lock:
            self._issued += 1
            key = hashlib.sha256(f"{self._seed}:{uid}:listenKey:{self._issued}".encode()).hexdigest()
            self._keys[key] = ListenKey(key, uid, now + VALIDITY_MS)
            return key

    def lookup(self, key: str, now: int) -> ListenKey | None:
        """The live key, or None when unknown or expired."""
        with self._lock:
            found = self._keys.get(key)
            return found if found is not None and found.expires_ms > now else None

    def extend(self, key: str, uid: str, now: int) -> bool:
        """Reset the validity of ``uid``'s live key to 60 minutes from ``now``."""
        with self._lock:
            found = self._keys.get(key)
            if found is None or found.uid != uid or found.expires_ms <= now:
                return False
            found.expires_ms = now + VALIDITY_MS
            return True

    def delete(self, key: str, uid: str, now: int) -> bool:
        """Revoke ``uid``'s live key."""
        with self._lock:
            found = self._keys.get(key)
            if found is None or found.uid != uid or found.expires_ms <= now:
                return False
            del self._keys[key]
            return True
