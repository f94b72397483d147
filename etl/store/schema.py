"""Creating the database: tables, macros and views, all from the SQL files in `etl/sql/`."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Views and derived tables depend on each other; create them in these orders (others follow by name).
VIEW_ORDER = (
    "report_summary",
    "report_measures",
    "report_metrics",
    "problem_categories",
    "region_aggregates",
)
# Tables computed from the loaded tables after every ingest: `derived/` (report quality), then the
# dashboard's mart `mart/` (read directly by dashboard/queries.py).
DERIVED_ORDER = ("report_quality",)
SHARED_VIEWS = ("report_measures",)  # materialised once while the derived tables are built
MART_ORDER = (
    "dash_reports",
    "dash_aggregates",
    "dash_measures",
    "dash_metrics",
    "dash_agencies",
    "dash_problem_cats",
    "dash_problem_runs",
    "dash_t3",
    "dash_check_counts",
    "dash_check_failures",
    "dash_problems",
    "dash_gaps",
    "dash_peers",
)


def _ordered(folder: str, order: tuple[str, ...]) -> list[str]:
    names = [p.stem for p in sorted((SQL_DIR / folder).glob("*.sql"))]
    return [v for v in order if v in names] + [v for v in names if v not in order]


def view_names() -> list[str]:
    return _ordered("views", VIEW_ORDER)


def derived_table_names() -> list[str]:
    return _ordered("derived", DERIVED_ORDER) + mart_table_names()


def mart_table_names() -> list[str]:
    return _ordered("mart", MART_ORDER)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or refresh) every table, macro and view. Safe to run on an existing database.

    Derived tables are created only when missing (empty on a new database); `build_derived_tables`
    recomputes them after an ingest."""
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    for name in view_names():
        body = (SQL_DIR / "views" / f"{name}.sql").read_text(encoding="utf-8")
        con.execute(f"create or replace view {name} as\n{body}")
    load_metric_catalog(con)
    build_derived_tables(con, replace=False)


def build_derived_tables(con: duckdb.DuckDBPyConnection, replace: bool = True) -> dict[str, float]:
    """(Re)create report_quality and the dashboard mart from their SQL files; seconds per table."""
    import time

    timings = {}
    con.execute("set enable_progress_bar = false")
    names = derived_table_names()
    if not replace:  # only the missing ones: `create table if not exists … as` still runs its query
        have = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = current_database() "
                "and schema_name = 'main'"
            ).fetchall()
        }
        names = [n for n in names if n not in have]
        if not names:
            return timings
    # The views the mart reads several times (report_measures under report_metrics, region_aggregates
    # and dash_measures) are computed once: a temporary table of the same name shadows the view for
    # this connection while the tables are built (a pivot of every fact, seconds at 100k reports).
    t = time.perf_counter()
    for view in SHARED_VIEWS:
        con.execute(f"create or replace temp table {view} as select * from main.{view}")
    timings["(shared views)"] = time.perf_counter() - t
    try:
        for name in names:
            folder = "derived" if (SQL_DIR / "derived" / f"{name}.sql").exists() else "mart"
            body = (SQL_DIR / folder / f"{name}.sql").read_text(encoding="utf-8")
            verb = "create or replace table" if replace else "create table if not exists"
            t = time.perf_counter()
            con.execute(f"{verb} {name} as\n{body}")
            timings[name] = time.perf_counter() - t
    finally:
        for view in SHARED_VIEWS:
            con.execute(f"drop table if exists temp.{view}")
    if replace:  # mart tables an earlier version made and this one no longer does
        current = set(mart_table_names())
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() "
            "and schema_name = 'main' and table_name like 'dash\\_%' escape '\\'"
        ).fetchall():
            if name not in current:
                con.execute(f'drop table "{name}"')
    return timings


def metric_catalog() -> list[dict[str, str]]:
    with open(DATA_DIR / "metrics.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_metric_catalog(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from metric_catalog")
    con.executemany(
        "insert into metric_catalog (metric, label, kind, definition, higher_is) values (?, ?, ?, ?, ?)",
        [(m["metric"], m["label"], m["kind"], m["definition"], m["higher_is"]) for m in metric_catalog()],
    )
