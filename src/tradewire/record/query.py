"""DuckDB over the recorded dataset: one view per channel (trades, depth, ticker, mark, events).

Views read the closed ``.parquet`` files only (never ``.tmp``) with hive partitioning, so venue, channel,
symbol and date are columns too. Money stays exact: DuckDB's DECIMAL(38,18).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradewire.record.schema import CHANNELS, SCHEMAS, glob_of

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa


def connect(root: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per channel (empty, with the channel's columns, when the
    dataset has no file of it yet)."""
    import duckdb
    import pyarrow as pa

    root = Path(root)
    con = duckdb.connect()
    for channel in CHANNELS:
        if any(root.glob(f"venue=*/channel={channel}/symbol=*/date=*/*.parquet")):
            pattern = glob_of(root, channel).replace("'", "''")
            con.execute(f"CREATE VIEW {channel} AS SELECT * FROM read_parquet('{pattern}', hive_partitioning=true, "
                        "hive_types={'date': DATE}, union_by_name=true, filename=true, file_row_number=true)")
        else:
            extra = [pa.field("filename", pa.string()), pa.field("file_row_number", pa.int64()),
                     *(pa.field(k, pa.string()) for k in ("venue", "channel", "symbol")), pa.field("date", pa.date32())]
            con.register(f"_empty_{channel}", pa.schema([*SCHEMAS[channel], *extra]).empty_table())
            con.execute(f"CREATE VIEW {channel} AS SELECT * FROM _empty_{channel}")
    return con


def to_arrow(root: str | Path, sql: str, params: list[Any] | None = None) -> pa.Table:
    """The result of ``sql`` as an Arrow table."""
    con = connect(root)
    try:
        result: pa.Table = con.execute(sql, params or []).to_arrow_table()
        return result
    finally:
        con.close()


def to_pandas(root: str | Path, sql: str, params: list[Any] | None = None) -> Any:
    """The result as a pandas DataFrame (pandas must be installed)."""
    return to_arrow(root, sql, params).to_pandas()


def to_polars(root: str | Path, sql: str, params: list[Any] | None = None) -> Any:
    """The result as a polars DataFrame (polars must be installed)."""
    import polars

    return polars.from_arrow(to_arrow(root, sql, params))
