"""Asking a person for what is missing, only when stdin is a terminal; scripts get exit 2 instead."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tradewire.app.errors import USAGE, Aborted, CliError
from tradewire.app.output import Out


def interactive() -> bool:
    """Whether a person can answer (stdin is a TTY)."""
    return sys.stdin.isatty()


def _read(out: Out, prompt: str) -> str:
    try:
        return out.console.input(prompt).strip()
    except (EOFError, KeyboardInterrupt):
        out.console.print()
        raise Aborted() from None


def choose(out: Out, option: str, question: str, choices: Sequence[tuple[str, str]]) -> str:
    """One of `choices` (`(value, label)`): by number or value; fails naming `option` when not interactive."""
    if not interactive():
        values = ", ".join(v for v, _ in choices)
        raise CliError(f"missing option {option} (one of: {values})", USAGE)
    out.console.print(f"[bold]{question}[/]")
    for i, (value, label) in enumerate(choices, 1):
        out.console.print(f"  {i}. {label} ({value})")
    while True:
        answer = _read(out, f"Choose 1-{len(choices)}: ")
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1][0]
        for value, _ in choices:
            if answer.upper() == value.upper():
                return value
        out.console.print(f"Please type a number from 1 to {len(choices)}.")


def ask(out: Out, option: str, question: str) -> str:
    """A free-text answer; fails naming `option` when not interactive."""
    if not interactive():
        raise CliError(f"missing option {option}", USAGE)
    while not (answer := _read(out, f"{question}: ")):
        pass
    return answer


def ask_secret(out: Out, question: str) -> str:
    """A secret typed without echo (interactive only)."""
    while not (answer := _read_secret(out, f"{question}: ")):
        pass
    return answer


def _read_secret(out: Out, prompt: str) -> str:
    try:
        return out.console.input(prompt, password=True).strip()
    except (EOFError, KeyboardInterrupt):
        out.console.print()
        raise Aborted() from None


def confirm_live(out: Out, summary: Sequence[str], yes: bool) -> None:
    """On live: show exactly what will happen and require typing CONFIRM (or `--yes`)."""
    if yes:
        return
    if not interactive():
        raise CliError("this moves money on live: pass --yes to confirm when not running in a terminal", USAGE)
    out.console.print("[bold red]LIVE environment: this uses real funds.[/]")
    for line in summary:
        out.console.print(f"  {line}", markup=False)
    if _read(out, "Type CONFIRM to proceed: ") != "CONFIRM":
        raise Aborted()


def confirm_far(out: Out, warning: str, yes: bool) -> None:
    """A price far through the market: show why and require typing y (or `--yes`), on every environment."""
    if yes:
        return
    if not interactive():
        raise CliError(f"{warning}; pass --yes to place it anyway when not running in a terminal", USAGE)
    out.console.print(f"[bold yellow]{_escape(warning)}[/]")
    if _read(out, "Place it anyway? Type y to proceed: ").lower() != "y":
        raise Aborted()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
