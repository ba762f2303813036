"""Typer's rich help, without the two rich modules it imports and never uses here.

`typer.rich_utils` (imported by typer when it formats help) imports `rich.markdown` (which pulls in markdown_it and
pygments) for `rich_markup_mode="markdown"`, and `rich.traceback` (attrs, pygments) for pretty exceptions. We use
neither (markup mode "rich", pretty exceptions off), yet those imports are about half of what `tradewire --help`
costs (the same finding rich-click acted on: lazy-load Markdown). `install()` hooks the loading of
`typer.rich_utils` only: while it runs, `rich.markdown` and `rich.traceback` are stand-ins whose `Markdown` and
`Traceback` import the real module on first use; afterwards the stand-ins are gone from `sys.modules`, so any other
import gets the real modules. Should a future typer import anything else from them, the stand-in raises
ImportError and `typer.rich_utils` is loaded the ordinary way instead: the help is never lost, only slower.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import Any

TARGET = "typer.rich_utils"
DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _deferred(module: str, name: str) -> type:
    """A class standing in for `module.name`: creating one creates the real thing."""

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module), name)(*args, **kwargs)

    return type(name, (), {"__new__": __new__, "__module__": module})


class _Loader:  # duck-typed (importlib.abc costs ~15 ms of imports: importlib.resources, ...)
    def __init__(self, real: Any) -> None:
        self.real = real

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.real.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        placed = {}
        for name, attr in DEFERRED.items():
            if name not in sys.modules:
                stand_in = ModuleType(name)
                setattr(stand_in, attr, _deferred(name, attr))
                sys.modules[name] = placed[name] = stand_in
        try:
            self.real.exec_module(module)
        except ImportError:
            if not placed:
                raise
            _remove(placed)
            placed = {}
            self.real.exec_module(module)  # the ordinary way, real rich modules and all
        finally:
            _remove(placed)


def _remove(placed: dict[str, ModuleType]) -> None:
    for name, stand_in in placed.items():
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


class _Finder:
    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != TARGET:
            return None
        sys.meta_path.remove(self)  # once is enough
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Loader(spec.loader)  # type: ignore[assignment]  # duck-typed Loader
        return spec


def install() -> None:
    """Make the next import of `typer.rich_utils` skip `rich.markdown` and `rich.traceback` (idempotent)."""
    if TARGET not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
