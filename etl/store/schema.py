"""Creating the database: tables, macros and views, all from the SQL files in `etl/sql/`."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Views depend on each other; create them in this order.
VIEW_ORDER = ("report_summary", "report_measures", "report_metrics")


def view_names() -> list[str]:
    names = [p.stem for p in sorted((SQL_DIR / "views").glob("*.sql"))]
    ordered = [v for v in VIEW_ORDER if v in names]
    return ordered + [v for v in names if v not in ordered]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or refresh) every table, macro and view. Safe to run on an existing database."""
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    for name in view_names():
        body = (SQL_DIR / "views" / f"{name}.sql").read_text(encoding="utf-8")
        con.execute(f"create or replace view {name} as\n{body}")
    load_metric_catalog(con)


def metric_catalog() -> list[dict[str, str]]:
    with open(DATA_DIR / "metrics.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_metric_catalog(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from metric_catalog")
    con.executemany(
        "insert into metric_catalog (metric, label, kind, definition, higher_is) values (?, ?, ?, ?, ?)",
        [(m["metric"], m["label"], m["kind"], m["definition"], m["higher_is"]) for m in metric_catalog()],
    )
