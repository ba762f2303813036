"""Charts drawn with rich text: candles with volume, a depth ladder, curves and sparklines.

Scaling is done in Decimal (no float between an exchange's price and the cell it lands in). Each function
returns a `rich.text.Text`, so the same chart prints on a terminal and exports to HTML (see `chartout`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from rich.text import Text

from tradewire.app.output import dec
from tradewire.cli.chartout import MAX_WIDTH

if TYPE_CHECKING:
    from tradewire.unified import Candle, OrderBook

SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▁▂▃▄▅▆▇█"
BAR_EIGHTHS = " ▏▎▍▌▋▊▉█"
UP, DOWN, AXIS = "green", "red", "grey50"


def level(value: Decimal, lo: Decimal, hi: Decimal, steps: int) -> int:
    """`value` within `[lo, hi]` as one of `steps` levels (0 = lo); the middle one when the range is empty."""
    if hi <= lo:
        return (steps - 1) // 2
    raw = (value - lo) * (steps - 1) / (hi - lo)
    return max(0, min(steps - 1, int(raw.to_integral_value(ROUND_HALF_UP))))


def sparkline(values: Sequence[Decimal]) -> str:
    """`▁▃▅█`-style: one character per value."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    return "".join(SPARKS[level(v, lo, hi, len(SPARKS))] for v in values)


def _label(value: Decimal, width: int) -> str:
    return dec(value).rjust(width)


def candles(title: str, rows: Sequence[Candle], width: int = 100, height: int = 16, volume_rows: int = 4) -> Text:
    """Candlesticks (body `┃`, wick `│`, green up, red down) over a volume histogram, newest on the right."""
    out = Text(f"{title}\n", style="bold")
    if not rows:
        return out.append("no candles", style="")
    hi, lo = max(k.high for k in rows), min(k.low for k in rows)
    gutter = max(len(dec(hi)), len(dec(lo)), len(dec(max(k.volume for k in rows)))) + 1
    shown = list(rows[-max(1, min(width, MAX_WIDTH) - gutter - 1):])
    cells = [(level(k.high, lo, hi, height), level(k.low, lo, hi, height), level(k.open, lo, hi, height),
              level(k.close, lo, hi, height), UP if k.close >= k.open else DOWN) for k in shown]
    for row in range(height - 1, -1, -1):
        label = hi if row == height - 1 else lo if row == 0 else None
        out.append(_label(label, gutter - 1) if label is not None else " " * (gutter - 1), style=AXIS)
        out.append("┤" if label is not None else "│", style=AXIS)
        for top, bottom, o, c, colour in cells:
            body_lo, body_hi = min(o, c), max(o, c)
            out.append("┃" if body_lo <= row <= body_hi else "│" if bottom <= row <= top else " ", style=colour)
        out.append("\n")
    vmax = max(k.volume for k in shown)
    for row in range(volume_rows - 1, -1, -1):
        label = vmax if row == volume_rows - 1 else None
        out.append(_label(label, gutter - 1) if label is not None else " " * (gutter - 1), style=AXIS)
        out.append("┤" if label is not None else "│", style=AXIS)
        for k, (*_, colour) in zip(shown, cells, strict=True):
            eighths = level(k.volume, Decimal(0), vmax, volume_rows * 8 + 1) if vmax > 0 else 0
            part = max(0, min(8, eighths - row * 8))
            out.append(EIGHTHS[part], style=colour)
        out.append("\n")
    first, last = shown[0], shown[-1]
    change = (last.close - first.open) / first.open * 100 if first.open else Decimal(0)
    out.append(f"{len(shown)} candles  open {dec(first.open)}  last {dec(last.close)}  high {dec(hi)}  "
               f"low {dec(lo)}  change {change:+.2f}%  volume {dec(sum((k.volume for k in shown), Decimal(0)))}",
               style="bold")
    return out


def depth(book: OrderBook, width: int = 100) -> Text:
    """A depth ladder: asks above (highest first), bids below, each level's cumulative size as a bar;
    the spread and mid between them."""
    out = Text(f"{book.symbol} depth\n", style="bold")
    if not book.bids or not book.asks:
        return out.append("one side of the book is empty")
    bids = _cumulative(book.bids)
    asks = _cumulative(book.asks)
    top = max(bids[-1][2], asks[-1][2])
    prices = [p for p, _, _ in bids + asks]
    cums = [c for _, _, c in bids + asks]
    pw, cw = max(len(dec(p)) for p in prices), max(len(dec(c)) for c in cums)
    bar = max(10, min(width, MAX_WIDTH) - pw - cw - 4)
    for price, _, cum in reversed(asks):
        out.append(_label(price, pw), style=DOWN).append(f" {_label(cum, cw)} ").append(_bar(cum, top, bar), DOWN)
        out.append("\n")
    best_bid, best_ask = book.bids[0][0], book.asks[0][0]
    spread, mid = best_ask - best_bid, (best_ask + best_bid) / 2
    bps = (spread / mid * 10000).quantize(Decimal("0.01")) if mid else Decimal(0)
    out.append(f"{'':>{pw}} spread {dec(spread)} ({dec(bps)} bps)  mid {dec(mid.normalize())}\n", style="bold")
    for price, _, cum in bids:
        out.append(_label(price, pw), style=UP).append(f" {_label(cum, cw)} ").append(_bar(cum, top, bar), UP)
        out.append("\n")
    out.append(f"bids {dec(bids[-1][2])} over {len(bids)} levels, asks {dec(asks[-1][2])} over {len(asks)} levels",
               style="bold")
    return out


def _cumulative(levels: Sequence[tuple[Decimal, Decimal]]) -> list[tuple[Decimal, Decimal, Decimal]]:
    total, rows = Decimal(0), []
    for price, size in levels:
        total += size
        rows.append((price, size, total))
    return rows


def _bar(value: Decimal, top: Decimal, width: int) -> str:
    eighths = level(value, Decimal(0), top, width * 8 + 1) if top > 0 else 0
    return "█" * (eighths // 8) + (BAR_EIGHTHS[eighths % 8] if eighths % 8 else "")


def curve(title: str, points: Sequence[tuple[int, Decimal]], width: int = 100, height: int = 10,
          from_zero: bool = True) -> Text:
    """A filled step curve of `(time ms, value)` points over time, the value at each column being the last
    point at or before it: filled from zero (green above, red below), or from the lowest value when not
    `from_zero` (a balance)."""
    out = Text(f"{title}\n", style="bold")
    if not points:
        return out.append("no data")
    pts = sorted(points)
    values = [v for _, v in pts]
    hi, lo = max(values), min(values)
    if from_zero:
        hi, lo = max(hi, Decimal(0)), min(lo, Decimal(0))
    gutter = max(len(dec(hi)), len(dec(lo))) + 1
    cols = max(1, min(width, MAX_WIDTH) - gutter - 1)
    t0, t1 = pts[0][0], pts[-1][0]
    column_values: list[Decimal] = []
    i = 0
    for col in range(cols):
        at = t0 + (t1 - t0) * col // max(1, cols - 1)
        while i + 1 < len(pts) and pts[i + 1][0] <= at:
            i += 1
        column_values.append(pts[i][1])
    zero = level(Decimal(0), lo, hi, height) if from_zero else 0
    for row in range(height - 1, -1, -1):
        label = hi if row == height - 1 else lo if row == 0 else Decimal(0) if from_zero and row == zero else None
        out.append(_label(label, gutter - 1) if label is not None else " " * (gutter - 1), style=AXIS)
        out.append("┤" if label is not None else "│", style=AXIS)
        for v in column_values:
            r = level(v, lo, hi, height)
            filled = zero <= row <= r if r >= zero else r <= row <= zero
            colour = (UP if v >= 0 else DOWN) if filled else AXIS
            out.append("█" if filled else "─" if from_zero and row == zero else " ", style=colour)
        out.append("\n")
    out.append(f"start {dec(values[0])}  end {dec(values[-1])}  high {dec(max(values))}  low {dec(min(values))}",
               style="bold")
    return out
