"""Run the named column checks of `etl/sql/assertions.sql` against a database."""

from __future__ import annotations

import re

import duckdb

from etl.store import texts
from etl.store.schema import SQL_DIR


def assertions() -> dict[str, str]:
    text = (SQL_DIR / "assertions.sql").read_text(encoding="utf-8")
    blocks = re.split(r"^-- name: (\w+)\s*$", text, flags=re.M)[1:]
    return {name: sql.strip().rstrip(";") for name, sql in zip(blocks[::2], blocks[1::2], strict=True)}


def failing_assertions(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """name → offending rows (first 5) for every check that returns rows."""
    texts.ensure_view(con)
    failures = {}
    for name, sql in assertions().items():
        rows = con.execute(sql).fetchmany(5)
        if rows:
            failures[name] = rows
    return failures
