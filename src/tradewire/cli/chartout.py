"""Where charts go: the terminal (by default only when stdout is one, or with `--chart`) and `--html FILE`.

JSON and CSV output never carries a chart: `--json`/`--csv` print exactly what they printed before.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import EXCHANGE, CliError
from tradewire.app.session import Session
from tradewire.cli.common import output_file

ChartOpt = Annotated[bool, typer.Option("--chart", help="draw the chart even when stdout is not a terminal")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="also write the chart to this self-contained HTML "
                                                                "file")]
HTML_WIDTH = 120
MAX_WIDTH = 160  # columns a chart uses at most

if TYPE_CHECKING:
    from rich.text import Text


def html_target(html: Path | None) -> Path | None:
    """`--html` checked before anything is sent."""
    return None if html is None else output_file(html, "--html")


def on_screen(s: Session, chart: bool) -> bool:
    """Whether to draw on stdout: tables for people, on a terminal or when asked."""
    return s.out.for_people and (chart or s.out.console.is_terminal)


def width(s: Session) -> int:
    """Columns a chart may use on stdout."""
    return min(s.out.console.width, MAX_WIDTH)


def emit(s: Session, charts: Sequence[Text], chart: bool, html: Path | None, title: str) -> None:
    """Print `charts` (if `on_screen`) and write them to `html` (if given)."""
    if on_screen(s, chart):
        for c in charts:
            s.out.console.print(c)
    if html is not None:
        write_html(html, charts, title)
        s.out.info(f"Chart written to {html}")


def write_html(path: Path, charts: Sequence[Text], title: str) -> None:
    """The charts as one HTML page with inline styles (nothing fetched when it is opened)."""
    from rich.console import Console
    from rich.text import Text

    rec = Console(record=True, file=io.StringIO(), width=HTML_WIDTH, force_terminal=True, color_system="truecolor")
    rec.print(Text(title, style="bold"))
    for c in charts:
        rec.print(c)
    page = rec.export_html(inline_styles=True).replace("<head>", f"<head>\n<title>{_escape(title)}</title>", 1)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as e:
        raise CliError(f"--html: writing {path} failed ({e.strerror or e})", EXCHANGE) from None


def _escape(text: str) -> str:
    import html

    return html.escape(text)
