"""Snapshots of a simulator's state: one pickle of both venues, written atomically.

Nothing here knows the state's fields. `StatePickler.reducer_override` handles, by kind, what a pickle cannot
carry or must not: locks and conditions come back new and unlocked; event loops, tasks, queues, sockets, threads,
aiohttp objects and the objects of the serving front-ends (websocket connections, REST fronts) are left out, and
so are callbacks bound to them, so listener lists come back holding only the state's own wiring (the front-ends
subscribe again when they start). A new state object needs no serializer; an object whose meaning is tied to
this process (a monotonic anchor) says how to move with `__getstate__`/`__setstate__` (see `SimClock`).

A snapshot records the format and a digest of the simulator's source: another build's snapshot is refused
(`IncompatibleSnapshot`) rather than half-restored.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import os
import pickle
import re
import threading
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
MAGIC = b"tradewire-sim-state\n"
#: modules whose objects serve connections rather than hold state (their callbacks in state lists are dropped)
FRONT_MODULES = frozenset({
    "tradewire.sim.simulator", "tradewire.sim.bingx.server", "tradewire.sim.bingx.ws",
    "tradewire.sim.binance.server", "tradewire.sim.binance.rest", "tradewire.sim.binance.streams",
})
#: top-level packages whose objects live only with a running process
LIVE_PACKAGES = frozenset({"asyncio", "_asyncio", "aiohttp", "socket", "_socket", "selectors", "concurrent"})
_LOCKS = {type(threading.Lock()): threading.Lock, type(threading.RLock()): threading.RLock}
_COUNT = re.compile(r"^count\((-?\d+)(?:, (-?\d+))?\)$")


class IncompatibleSnapshot(Exception):
    """The file is not a snapshot this build of the simulator can restore."""


@dataclass
class World:
    """What a snapshot holds: the BingX state and the Binance exchange (None when never started)."""

    bingx: Any
    binance: Any


def _gone() -> None:
    return None


def _count(start: int, step: int) -> itertools.count[int]:
    return itertools.count(start, step)


def _is_live(obj: object) -> bool:
    """A process-bound object: an event loop, a connection, a thread, a front-end's object."""
    kind = type(obj)
    module = kind.__module__ or ""
    return (module in FRONT_MODULES or module.split(".")[0] in LIVE_PACKAGES
            or isinstance(obj, threading.Thread))


def _bound_to_live(obj: object) -> bool:
    """A callback whose target is live: a bound method, or a `functools.partial` over one."""
    target = getattr(obj, "__self__", None)
    if target is not None and not isinstance(target, type) and _is_live(target):
        return True
    func = getattr(obj, "func", None)
    return func is not None and type(obj).__name__ == "partial" and _bound_to_live(func)


def _droppable(obj: object) -> bool:
    return _is_live(obj) or _bound_to_live(obj)


def _clean(value: object) -> object:
    """A list, set or dict without its live members (the same object when there are none)."""
    if isinstance(value, list) and any(_droppable(v) for v in value):
        return [v for v in value if not _droppable(v)]
    if isinstance(value, set) and any(_droppable(v) for v in value):
        return {v for v in value if not _droppable(v)}
    if isinstance(value, dict) and any(_droppable(v) for v in value.values()):
        return {k: v for k, v in value.items() if not _droppable(v)}
    return value


class StatePickler(pickle.Pickler):
    """Pickles any state graph; see the module docstring for what it leaves out."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, type | types.FunctionType | types.BuiltinFunctionType | types.ModuleType):
            return NotImplemented  # pickled by reference
        if type(obj) in _LOCKS:
            return _LOCKS[type(obj)], ()
        if isinstance(obj, threading.Condition):
            return threading.Condition, (obj._lock,)  # type: ignore[attr-defined]
        if _droppable(obj):
            return _gone, ()
        if isinstance(obj, itertools.count):  # its pickling is deprecated from 3.12 on: rebuilt from its repr
            found = _COUNT.match(repr(obj))
            if found is None:
                raise pickle.PicklingError(f"cannot snapshot {obj!r}")
            return _count, (int(found[1]), int(found[2] or 1))
        if isinstance(obj, types.MethodType) or not hasattr(obj, "__dict__"):
            return NotImplemented
        reduced = obj.__reduce_ex__(5)
        if isinstance(reduced, tuple) and len(reduced) >= 3 and isinstance(reduced[2], dict):
            state = reduced[2]
            cleaned = {k: _clean(v) for k, v in state.items()}
            if any(cleaned[k] is not state[k] for k in state):
                return (reduced[0], reduced[1], cleaned, *reduced[3:])
        return reduced


@functools.cache
def build_id() -> str:
    """A digest of the simulator's source: a snapshot is restored only by the build that wrote it."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def dumps(world: World) -> bytes:
    """The snapshot's bytes (call it with the state locked)."""
    out = io.BytesIO()
    out.write(MAGIC + build_id().encode() + b"\n")
    StatePickler(out, protocol=5).dump(world)
    return out.getvalue()


def loads(data: bytes) -> World:
    """The world in `data`, or `IncompatibleSnapshot`."""
    if not data.startswith(MAGIC):
        raise IncompatibleSnapshot("not a tradewire simulator snapshot")
    build, _, payload = data[len(MAGIC):].partition(b"\n")
    if build.decode(errors="replace") != build_id():
        raise IncompatibleSnapshot("saved by another version of the simulator")
    try:
        world = pickle.loads(payload)
    except Exception as e:  # a truncated or foreign payload: never half a world
        raise IncompatibleSnapshot(f"unreadable ({type(e).__name__})") from None
    if not isinstance(world, World):
        raise IncompatibleSnapshot("not a tradewire simulator snapshot")
    return world


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves the old file or the new one, whole."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a power cut
    finally:
        os.close(dir_fd)
