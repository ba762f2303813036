"""Record live markets into a Parquet dataset, query it with DuckDB, publish it to NATS (issue 19)."""
