"""The dashboard's SQL: one file per query (`<name>.sql` in this folder), run with named parameters.

    from dashboard import sql
    df = sql.run(cur, "scope_counts", **sql.scope(filters))

Every file is static text: user input reaches DuckDB only as bound parameters (`$province`,
`$levels`, …), never formatted into the statement. A choice that changes the query's shape (the
ranking unit, a group column) is a parameter too, matched by a `case` inside the file against a
fixed list of values. DuckDB binds the values before it optimises, so `($province is null or
r.province = $province)` folds to `r.province = '吉林省'` (or to nothing) and is pushed into the scan.

Files that take the shared filters (`dashboard/filters.py`) carry the same scope predicate,
written out, on their `dash_reports r` (the scope's parameters: `SCOPE_PARAMETERS`):

    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)

The loader checks that a call passes exactly the parameters its file uses (a misspelt or a missing
one is an error here, not a silently dropped filter). Files are read once per process.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.filters import Filters

SQL_DIR = Path(__file__).resolve().parent
SCOPE_PARAMETERS = ("province", "city", "levels", "sectors", "year_from", "year_to", "q")

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")

Cursor = duckdb.DuckDBPyConnection


class QueryError(ValueError):
    """A query name without a file, or parameters that do not match the file's."""


def names() -> list[str]:
    """Every query this folder holds."""
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


@cache
def text(name: str) -> str:
    """The statement of query `name` (read once)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise QueryError(f"not a query name: {name!r}")
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(f"no query {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


@cache
def parameters(name: str) -> frozenset[str]:
    """The named parameters the statement uses (comments and string literals left out)."""
    code = _STRING.sub("''", _COMMENT.sub("", text(name)))
    return frozenset(_PARAM.findall(code))


def scope(f: Filters) -> dict:
    """The shared filters as the scope predicate's parameters (an unset filter is null)."""
    return {
        "province": f.province or None,
        "city": f.city or None,
        "levels": list(f.levels) or None,
        "sectors": list(f.sectors) or None,
        "year_from": None if f.year_from is None else int(f.year_from),
        "year_to": None if f.year_to is None else int(f.year_to),
        "q": f.q or None,
    }


def bind(name: str, params: dict) -> dict:
    """`params` checked against the file: every parameter it uses given, nothing else."""
    wanted = parameters(name)
    missing = sorted(wanted - params.keys())
    extra = sorted(params.keys() - wanted)
    if missing or extra:
        raise QueryError(f"query {name!r}: missing parameters {missing}, unexpected {extra}")
    return dict(params)


def execute(cur: Cursor, name: str, **params) -> duckdb.DuckDBPyConnection:
    return cur.execute(text(name), bind(name, params))


def run(cur: Cursor, name: str, **params) -> pd.DataFrame:
    """Query `name` as a DataFrame."""
    return execute(cur, name, **params).df()


def arrow(cur: Cursor, name: str, **params) -> pa.Table:
    """Query `name` as an Arrow table, from a relation (Arrow from a DB-API result is one copy more)."""
    return cur.sql(text(name), params=bind(name, params)).to_arrow_table()


def rows(cur: Cursor, name: str, **params) -> list[tuple]:
    return execute(cur, name, **params).fetchall()


def one(cur: Cursor, name: str, **params) -> tuple | None:
    """The first row (or None) of a query of one row; read to its end, so the cursor is free for the
    next query (`arrow` cannot follow an unfinished result)."""
    rows = execute(cur, name, **params).fetchall()
    return rows[0] if rows else None


# DuckDB's COPY options per file format (fixed text: the format is never user input).
COPY_OPTIONS = {"csv": "format csv, header true", "parquet": "format parquet, compression zstd"}


def _csv_safe_query(cur: Cursor, query: str, bound: dict) -> str:
    """`query` with its text columns' formula-like cells neutralised (`export.FORMULA_START`)."""
    from dashboard.export import FORMULA_START, PLAIN_NUMBER

    columns = cur.execute(f"select * from (\n{query}\n) limit 0", bound).description
    texts = ['"' + name.replace('"', '""') + '"' for name, kind, *_ in columns if str(kind) == "VARCHAR"]
    if not texts:
        return query
    quote = "''''"  # SQL for a one-apostrophe string
    safe = ", ".join(
        f"case when regexp_matches({c}, '{FORMULA_START}') and not regexp_full_match({c}, '{PLAIN_NUMBER}') "
        f"then {quote} || {c} else {c} end as {c}"
        for c in texts
    )
    return f"select * replace ({safe}) from (\n{query}\n)"


def copy(cur: Cursor, name: str, path: str | Path, fmt: str, **params) -> int:
    """Write the rows of query `name` straight into a file with DuckDB's COPY (CSV with a header,
    or Parquet): nothing passes through Python. The path is a bound parameter like the others.
    CSV text cells that Excel would run as formulas are neutralised (`export.csv_safe`).
    Returns the number of rows written."""
    if fmt not in COPY_OPTIONS:
        raise QueryError(f"copy writes {sorted(COPY_OPTIONS)}, not {fmt!r}")
    bound = bind(name, params)
    query = _csv_safe_query(cur, text(name), bound) if fmt == "csv" else text(name)
    statement = f"copy (\n{query}\n) to $copy_path ({COPY_OPTIONS[fmt]})"
    return int(cur.execute(statement, {**bound, "copy_path": str(path)}).fetchone()[0])


def batches(cur: Cursor, name: str, rows: int = 50_000, **params):
    """The rows of query `name` as an Arrow RecordBatchReader of `rows`-row batches, streamed from
    a relation (a DB-API result would copy every row first)."""
    return cur.sql(text(name), params=bind(name, params)).to_arrow_reader(rows)
