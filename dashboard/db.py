"""The dashboard's one database connection.

The database file is never opened for writing: an in-memory DuckDB attaches it READ_ONLY as `src`
(the default catalog of every cursor). The dashboard's tables (`dash_*`, etl/sql/mart/) and the
report-quality table are materialised by `xxgk build`, so opening costs milliseconds; a database
without them (built by an older version) is refused with a message to rebuild. The connection is
cached per (path, mtime): when the build renames a new file into place, the next run sees a new
mtime, opens the new file and releases the old connection. Each query runs on its own `cursor()`
(DuckDB's rule for threads).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from dashboard import queries
from etl.store.schema import mart_table_names

# Tables the queries need besides the loaded ones: the mart and report quality, both built by `xxgk build`.
REQUIRED_TABLES = (*mart_table_names(), "report_quality")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO / "data" / "xxgk.duckdb"


def db_path() -> Path:
    """XXGK_DB if set (relative paths are taken from the repo root), else data/xxgk.duckdb."""
    env = os.environ.get("XXGK_DB")
    if not env:
        return DEFAULT_DB
    p = Path(env).expanduser()
    if not p.is_absolute():
        p = (Path.cwd() / p) if (Path.cwd() / p).exists() else (REPO / p)
    return p


def db_key(path: Path | None = None) -> tuple[str, int] | None:
    """(path, mtime_ns) of the database file, or None when it does not exist."""
    path = path or db_path()
    try:
        return (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None


class OutdatedDatabase(RuntimeError):
    """The file lacks the tables `xxgk build` now materialises for the dashboard."""


def open_database(path: str | Path, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with `path` attached read-only as `src` (the default catalog).

    Use `cursor(con)` for queries. Raises `OutdatedDatabase` when the mart tables are missing."""
    config = {"threads": threads} if threads else {}
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute("set enable_progress_bar = false")
        con.execute("attach $p as src (read_only)", {"p": str(path)})
        con.execute("use src")
        have = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = 'src'"
            ).fetchall()
        }
        missing = [t for t in REQUIRED_TABLES if t not in have]
        if missing:
            raise OutdatedDatabase(
                f"数据库缺少看板数据表（{'、'.join(missing)}），可能由旧版本生成。"
                "请重新运行 `xxgk build` 生成数据库。"
            )
    except Exception:
        con.close()
        raise
    return con


@contextmanager
def cursor(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = con.cursor()
    cur.execute("use src")
    try:
        yield cur
    finally:
        cur.close()


# --------------------------------------------------------------------------------------------------
# Streamlit layer


def _release(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(Exception):  # closing a connection that is already gone
        con.close()


def _st():
    import streamlit as st

    return st


def connection(key: tuple[str, int]) -> duckdb.DuckDBPyConnection:
    return _connection_cached()(key[0], key[1])


_CONN_FN = None
_QUERY_FN = None


def _connection_cached():
    global _CONN_FN
    if _CONN_FN is None:
        st = _st()

        @st.cache_resource(max_entries=1, show_spinner="正在加载数据库…", on_release=_release)
        def _open(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
            t = time.perf_counter()
            con = open_database(path)
            con.execute("set variable dash_open_seconds = $s", {"s": time.perf_counter() - t})
            return con

        _CONN_FN = _open
    return _CONN_FN


def _query_cached():
    global _QUERY_FN
    if _QUERY_FN is None:
        st = _st()

        @st.cache_data(max_entries=2000, show_spinner=False)
        def _run(key: tuple[str, int], name: str, args: tuple, kwargs: tuple) -> Any:
            con = connection(key)
            with cursor(con) as cur:
                return getattr(queries, name)(cur, *args, **dict(kwargs))

        _QUERY_FN = _run
    return _QUERY_FN


def q(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `queries.<fn>` on the current database, cached per (database version, arguments)."""
    key = db_key()
    if key is None:
        raise FileNotFoundError(str(db_path()))
    return _query_cached()(key, fn.__name__, args, tuple(sorted(kwargs.items())))


def run_uncached(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Same as `q` without the data cache (for large, one-off exports generated on click)."""
    key = db_key()
    if key is None:
        raise FileNotFoundError(str(db_path()))
    with cursor(connection(key)) as cur:
        return fn(cur, *args, **kwargs)
