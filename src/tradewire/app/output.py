"""Rendering: rich tables for people, JSON and CSV for scripts.

Decimals are printed exactly as the exchange sent them (never through a float). Tables show times in
the local zone (or UTC with `--utc`); JSON and CSV carry times as UTC Unix ms. Notices (environment,
defaults applied) go above a table, or to stderr when the output is for a script.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console

Kind = Literal["str", "dec", "time", "pct", "int"]
Format = Literal["table", "json", "csv"]
WIDE = 200


@dataclass(frozen=True)
class Col:
    """A column: the row key, its heading and how to show it."""

    key: str
    header: str
    kind: Kind = "str"


@dataclass
class Table:
    """Rows to show. `single` renders one record (JSON: an object instead of a list)."""

    name: str
    title: str
    cols: Sequence[Col]
    rows: list[dict[str, Any]] = field(default_factory=list)
    single: bool = False
    empty: str = "nothing to show"


def dec(value: Decimal | None) -> str:
    """A Decimal as written, without exponent (`1E-8` -> `0.00000001`)."""
    return "" if value is None else format(value, "f")


def percent(rate: Decimal) -> str:
    """A fraction as a percentage number: `0.0005` -> `0.05`."""
    return format((rate * 100).normalize(), "f")


def human_time(ms: int, utc: bool) -> str:
    """`2024-05-01 14:03:07.123` in the local zone (or UTC)."""
    tz = UTC if utc else None
    moment = datetime.fromtimestamp(ms // 1000, tz).replace(microsecond=(ms % 1000) * 1000)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"


def zone_name(utc: bool) -> str:
    """The zone human times are shown in."""
    return "UTC" if utc else time.strftime("%Z")


def plain(value: Any, kind: Kind) -> Any:
    """A JSON/CSV value: Decimals as exact strings, times as ms, percentages as numbers-in-strings."""
    if value is None:
        return None
    if kind == "dec":
        return dec(value)
    if kind == "pct":
        return percent(value)
    return value


class Out:
    """Where and how a command prints."""

    def __init__(self, fmt: Format, utc: bool) -> None:
        from rich.console import Console

        self.fmt = fmt
        self.utc = utc
        self._console = Console(highlight=False, soft_wrap=False)
        if not self._console.is_terminal:
            self._console.width = max(self._console.width, WIDE)  # piped tables are not squeezed to 80 columns
        self._err = Console(stderr=True, highlight=False, soft_wrap=True)
        self._notices: list[str] = []

    @property
    def console(self) -> Console:
        """Standard output, once the pending notices are printed."""
        self.flush_notices()
        return self._console

    @property
    def err(self) -> Console:
        """Standard error, once the pending notices are printed."""
        self.flush_notices()
        return self._err

    @property
    def for_people(self) -> bool:
        """Tables (not JSON or CSV)."""
        return self.fmt == "table"

    def notice(self, text: str) -> None:
        """A line that must accompany the output (environment, defaults applied). It is printed before the
        command's first output, so a command refused for its input shows the refusal alone."""
        self._notices.append(text)

    def flush_notices(self) -> None:
        """Print the pending notices (above a table, or on stderr for scripts)."""
        pending, self._notices = self._notices, []
        for text in pending:
            if self.for_people:
                self._console.print(f"[bold yellow]{_escape(text)}[/]")
            else:
                self._err.print(text)

    def info(self, text: str) -> None:
        """Progress or a hint, for people only (stderr in script mode)."""
        if self.for_people:
            self.console.print(_escape(text))
        else:
            self.err.print(text)

    def document(self, *tables: Table) -> Any:
        """What `show` prints as JSON: one table's rows (or record), several tables as an object by name."""
        docs = {t.name: self._json(t) for t in tables}
        return docs if len(tables) > 1 else docs[tables[0].name]

    def show(self, *tables: Table) -> None:
        """Print tables; several tables become one JSON object (by name) or CSV sections."""
        self.flush_notices()
        if self.fmt == "json":
            sys.stdout.write(json.dumps(self.document(*tables), indent=2) + "\n")
        elif self.fmt == "csv":
            for i, t in enumerate(tables):
                if len(tables) > 1:
                    sys.stdout.write(("\n" if i else "") + f"# {t.name}\n")
                sys.stdout.write(to_csv(t))
        else:
            for t in tables:
                self._rich(t)
        sys.stdout.flush()

    def _json(self, t: Table) -> Any:
        rows = [{c.key: plain(r.get(c.key), c.kind) for c in t.cols} for r in t.rows]
        return (rows[0] if rows else None) if t.single else rows

    def _rich(self, t: Table) -> None:
        from rich.table import Table as RichTable

        if not t.rows:
            self.console.print(f"[bold]{_escape(t.title)}[/]: {_escape(t.empty)}")
            return
        if t.single:
            grid = RichTable(title=t.title, title_justify="left", show_header=False)
            grid.add_column(style="bold")
            grid.add_column()
            for c in t.cols:
                grid.add_row(self.heading(c), self.cell(t.rows[0].get(c.key), c.kind))
            self.console.print(grid)
            return
        table = RichTable(title=t.title, title_justify="left")
        for c in t.cols:
            table.add_column(self.heading(c), justify="right" if c.kind in ("dec", "pct", "int") else "left",
                             no_wrap=c.kind != "str", min_width=min(len(c.header), 12))
        for r in t.rows:
            table.add_row(*(self.cell(r.get(c.key), c.kind) for c in t.cols))
        self.console.print(table)

    def heading(self, c: Col) -> str:
        """Column heading (time columns name their zone)."""
        return f"{c.header} ({zone_name(self.utc)})" if c.kind == "time" else c.header

    def cell(self, value: Any, kind: Kind) -> str:
        """One table cell as text."""
        if value is None:
            return "-"
        if kind == "time":
            return human_time(int(value), self.utc)
        if kind == "dec":
            return dec(value)
        if kind == "pct":
            return percent(value) + "%"
        return _escape(str(value))


def to_csv(t: Table) -> str:
    """The table as CSV with a header row."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.key for c in t.cols])
    for r in t.rows:
        w.writerow(["" if (v := plain(r.get(c.key), c.kind)) is None else v for c in t.cols])
    return buf.getvalue()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
