"""Parameter values without pydantic where it changes nothing: typer coerces every value through a pydantic
TypeAdapter it builds on first use, and the first one costs ~200 ms of start-up (import and schema), even for
an option that was not given. A `str` from the command line, a flag's bool or an unconstrained `int` default is
already what that adapter returns, so it is passed through; any other value still goes to typer's adapter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typer._click import Command, Context
from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import _TyperParameter
from typer.models import ParameterInfo


@dataclass(frozen=True)
class Deferred(RuntimeParam):
    """Typer's coercion, built only for a value that needs it (typer returns None before asking)."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if _as_is(value, self.annotation, self.parameter_info):
            return value
        param._runtime_param = build_runtime_param(param.type_descriptor)  # typer's own, from now on
        return param._runtime_param._coerce_value(value, param=param, ctx=ctx)


def _as_is(value: Any, annotation: Any, info: ParameterInfo) -> bool:
    if info.parser is not None or type(value) is not annotation:
        return False
    return annotation in (str, bool) or (annotation is int and info.min is None and info.max is None)


def defer_coercion(command: Command) -> Command:
    """`command` and its subcommands with their single-valued parameters' coercion deferred."""
    defer_params(command)
    for sub in getattr(command, "commands", {}).values():
        defer_coercion(sub)
    return command


def defer_params(command: Command) -> None:
    """`command`'s own single-valued parameters' coercion deferred, its --help flag's too (not its subcommands')."""
    help_option = command.get_help_option(Context(command))  # click builds it once (no context_settings here)
    for param in (*command.params, *([help_option] if help_option else [])):
        if isinstance(param, _TyperParameter) and param.type_descriptor.file_annotation is None \
                and param.nargs == 1 and not param.multiple:
            param._runtime_param = Deferred(param.type_descriptor.parameter_info, param.type_descriptor.annotation)
