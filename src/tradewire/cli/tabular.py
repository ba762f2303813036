"""Rows to a file, by its suffix: .csv, .json (an array of objects, as `--json` prints) or .parquet (exact
decimal128 columns, UTC ms timestamps); any other suffix is refused before anything is sent."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradewire.app.errors import USAGE, CliError

Rows = list[dict[str, Any]]
PARQUET_MISSING = "--out: Parquet needs pyarrow: pip install 'tradewire[parquet]' (or write .csv)"


SUFFIXES = (".csv", ".json", ".parquet")


def is_parquet(path: Path) -> bool:
    """Whether `path` asks for Parquet."""
    return path.suffix.lower() == ".parquet"


def is_json(path: Path) -> bool:
    """Whether `path` asks for JSON."""
    return path.suffix.lower() == ".json"


def can_write(path: Path) -> Path:
    """`path`, once its suffix names a format and the writer it asks for is available (Parquet needs pyarrow)."""
    if path.suffix.lower() not in SUFFIXES:
        raise CliError(f"--out: {path.name} names no known format: end it in {', '.join(SUFFIXES)}", USAGE)
    if is_parquet(path):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise CliError(PARQUET_MISSING, USAGE) from None
    return path


def write_csv(path: Path, fields: tuple[str, ...], rows: Iterable[Rows], advance: Any) -> int:
    """Write pages of rows as CSV, calling `advance(n)` per page; returns the row count."""
    count = 0
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(fields)
        for page in rows:
            w.writerows([["" if r[k] is None else r[k] for k in fields] for r in page])
            count += len(page)
            advance(len(page))
    return count


def write_json(path: Path, fields: tuple[str, ...], rows: Iterable[Rows], advance: Any) -> int:
    """Write pages of rows as one JSON array of objects (exact decimal strings, times as UTC ms), calling
    `advance(n)` per page; returns the row count."""
    count = 0
    with path.open("w") as f:
        f.write("[")
        for page in rows:
            for r in page:
                f.write(("," if count else "") + "\n  " + json.dumps({k: r[k] for k in fields}))
                count += 1
            advance(len(page))
        f.write("\n]\n" if count else "]\n")
    return count


def write_parquet(path: Path, fields: tuple[str, ...], decimals: frozenset[str], rows: Iterable[Rows],
                  advance: Any) -> int:
    """Write pages of rows as Parquet: `decimals` columns as exact decimal128 (the widest scale seen),
    `time` as a UTC millisecond timestamp, the rest as strings."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise CliError(PARQUET_MISSING, USAGE) from None
    columns: dict[str, list[Any]] = {k: [] for k in fields}
    for page in rows:
        for r in page:
            for k in fields:
                columns[k].append(r[k])
        advance(len(page))
    arrays = []
    for k in fields:
        values = columns[k]
        if k in decimals:
            nums = [None if v in (None, "") else Decimal(v) for v in values]
            scale = max((-int(d.as_tuple().exponent) for d in nums if d is not None), default=0)
            arrays.append(pa.array(nums, pa.decimal128(38, max(scale, 0))))
        elif k == "time":
            arrays.append(pa.array(values, pa.timestamp("ms", tz="UTC")))
        else:
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
    pq.write_table(pa.Table.from_arrays(arrays, names=list(fields)), path)
    return len(columns[fields[0]]) if fields else 0
