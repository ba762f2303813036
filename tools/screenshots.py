"""PNG screenshots of the CLI's charts, taken from a real terminal: each command runs in a detached tmux
session of a fixed size (so stdout is a TTY and the charts draw themselves), the pane is captured with its
colours, and the capture is rendered to SVG by rich and to PNG by cairosvg.

    python tools/screenshots.py [OUT_DIR]      # default docs/screenshots; needs tmux and `pip install cairosvg`
"""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

COLS, ROWS = 132, 60
END = "__shot_done__"
WAIT_S = 120
#: (file name, command after `tradewire --env sim`, the line the picture starts at)
SHOTS = (
    ("klines", "klines BTC -i 1m --limit 110", "BTC/USDT 1m"),
    ("book", "book BTC --depth 20", "BTC/USDT depth"),
    ("ticker", "ticker BTC", "24h tickers"),
    ("income", "income", "Income, cumulative"),
    ("watch", "watch BTC ETH DOGE --seconds 4 --every 1", "Watch list"),
    ("portfolio", "portfolio", "Portfolio"),
    ("demo", "demo", "3. The position"),
)


def capture(command: str) -> str:
    """Run `command` in a fresh tmux session and return the pane's whole history with colour escapes."""
    name = f"tw-shot-{time.monotonic_ns()}"
    script = f"{command}; echo {END}; sleep {WAIT_S}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(COLS), "-y", str(ROWS), script], check=True)
    try:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            plain = subprocess.run(["tmux", "capture-pane", "-p", "-S", "-", "-t", name], check=True,
                                   capture_output=True, text=True).stdout
            if END in plain:
                break
            time.sleep(0.2)
        else:
            raise TimeoutError(f"{command!r} did not finish within {WAIT_S} s")
        return subprocess.run(["tmux", "capture-pane", "-p", "-e", "-S", "-", "-t", name], check=True,
                              capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


def crop(ansi: str, start: str) -> str:
    """The captured lines from the last one containing `start` to the end marker (exclusive)."""
    lines = ansi.splitlines()
    plain = [re.sub(r"\x1b\[[0-9;:]*[A-Za-z]", "", line) for line in lines]
    first = max(i for i, line in enumerate(plain) if start in line)
    last = next(i for i, line in enumerate(plain) if END in line)
    return "\n".join(lines[first:last]).rstrip()


def to_png(ansi: str, title: str, path: Path) -> None:
    """Render the captured text (with its colours) as a PNG through rich's SVG export."""
    import cairosvg  # type: ignore[import-not-found]
    from rich.console import Console
    from rich.text import Text

    rec = Console(record=True, file=io.StringIO(), width=COLS, force_terminal=True, color_system="truecolor")
    rec.print(Text.from_ansi(ansi))
    svg = rec.export_svg(title=title)
    svg = re.sub(r"@font-face \{.*?\}", "", svg, flags=re.S)  # the export links a web font: use a local one
    svg = svg.replace("Fira Code", "DejaVu Sans Mono")
    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(path), output_width=COLS * 10)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for name, args, start in SHOTS:
        command = (f"env PYTHONPATH={shlex.quote(str(Path('src').resolve()))} {shlex.quote(sys.executable)} -c "
                   f"'from tradewire.cli.app import main; main()' --env sim {args}")
        to_png(crop(capture(command), start), f"tradewire --env sim {args}", out / f"{name}.png")
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()
