"""A cache of values kept beside the key they were computed from: a value is reused only while its key is equal.

The key holds every input of the value (or a version that changes with them), so a hit is the answer a fresh
computation would give. A memo is no part of a snapshot: it comes back empty (`__reduce__`).
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from typing import ClassVar, Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """One remembered (key, value) per slot."""

    _every: ClassVar[weakref.WeakSet[Memo[object]]] = weakref.WeakSet()

    def __init__(self) -> None:
        self._slots: dict[Hashable, tuple[object, V]] = {}
        Memo._every.add(self)  # type: ignore[arg-type]

    def get(self, slot: Hashable, key: object) -> V | None:
        """The value of ``slot`` when it was computed from an equal ``key``, else None."""
        hit = self._slots.get(slot)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, slot: Hashable, key: object, value: V) -> V:
        """Remember ``value`` as computed from ``key``; returns it."""
        self._slots[slot] = (key, value)
        return value

    def clear(self) -> None:
        """Forget everything."""
        self._slots.clear()

    @staticmethod
    def forget_all() -> None:
        """Empty every memo of the process: the next reads compute afresh (tests compare the two)."""
        for memo in list(Memo._every):
            memo.clear()

    def __reduce__(self) -> tuple[type[Memo[V]], tuple[()]]:
        return type(self), ()
