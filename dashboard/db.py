"""The dashboard's one database connection.

The database file is never opened for writing: an in-memory DuckDB attaches it READ_ONLY as `src`
(the default catalog of every cursor). The dashboard's tables (`dash_*`, etl/sql/mart/) and the
report-quality table are materialised by `xxgk build`, so opening costs milliseconds; a database
without them (built by an older version) is refused with a message to rebuild. The report texts are
Parquet segments beside the file (`<db>.texts/`, etl/store/texts.py), read through the view
`memory.report_texts` that opening makes.

One connection is shared by every session, keyed by the file's `DbKey` (inode, mtime, size; one
`stat` per query). A build renames a new file into place (`os.replace`): the next query sees a new
key, opens the new file for itself and every later query, and drops the old connection without
closing it, so a page still running, a download being generated or a click-time callback keeps
working on the old file until it finishes; DuckDB closes the old connection (and frees the replaced
file) when the last of them lets go. Cached query results are keyed by the `DbKey` too. Each query
runs on its own `cursor()` (DuckDB's rule for threads).

Which file: XXGK_DB (else data/xxgk.duckdb), unless the session chose another in the sidebar's
database chooser (`dashboard/app.py`: the `.duckdb` files beside it and in data/, `database_files`);
the choice lives in the session state (`SESSION_KEY`) and `db_path()` reads it inside a session's
script run. Each file keeps its own shared connection.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from dashboard import queries
from etl.store import texts
from etl.store.schema import mart_table_names

# Tables the queries need besides the loaded ones: the mart and report quality, both built by `xxgk build`.
REQUIRED_TABLES = (*mart_table_names(), "report_quality", "text_locations", "text_segments")
# Mart columns added since the mart first shipped: a database without them is refused the same way.
REQUIRED_COLUMNS = {"dash_reports": ("map_province", "map_city")}

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO / "data" / "xxgk.duckdb"


# Session-state key of the database the session chose (absolute path; set by dashboard/app.py).
SESSION_KEY = "xxgk_db_path"


def _session_choice() -> Path | None:
    """The database chosen in this session's sidebar, when called inside a session's script run."""
    if "streamlit" not in sys.modules:
        return None
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    chosen = _st().session_state.get(SESSION_KEY)
    return Path(chosen) if chosen else None


def db_path() -> Path:
    """The session's chosen database (sidebar), else `default_path()`."""
    return _session_choice() or default_path()


def database_files() -> list[Path]:
    """The databases the sidebar offers: the default one (when it exists), then the `.duckdb` files
    beside it and in data/ (sorted by name; staging files of a build are not `.duckdb`)."""
    base = default_path()
    seen: dict[Path, Path] = {}
    for p in [base, *sorted(base.parent.glob("*.duckdb")), *sorted((REPO / "data").glob("*.duckdb"))]:
        if p.is_file():
            seen.setdefault(p.resolve(), p)
    return list(seen.values())


def default_path() -> Path:
    """XXGK_DB if set (relative paths are taken from the repo root), else data/xxgk.duckdb."""
    env = os.environ.get("XXGK_DB")
    if not env:
        return DEFAULT_DB
    p = Path(env).expanduser()
    if not p.is_absolute():
        p = (Path.cwd() / p) if (Path.cwd() / p).exists() else (REPO / p)
    return p


class DbKey(NamedTuple):
    """One version of the database file: a build that renames a new file into place changes the
    inode (and the modification time), so any change of the key means "reopen"."""

    path: str
    inode: int
    mtime_ns: int
    size: int


def db_key(path: Path | None = None) -> DbKey | None:
    """The key of the database file as it is now (one `stat`), or None when it does not exist."""
    path = path or db_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return DbKey(str(path), st.st_ino, st.st_mtime_ns, st.st_size)


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
        columns = set(
            con.execute(
                "select table_name || '.' || column_name from duckdb_columns() where database_name = 'src'"
            ).fetchall()
        )
        missing += [
            f"{t}.{c}" for t, cols in REQUIRED_COLUMNS.items() for c in cols if (f"{t}.{c}",) not in columns
        ]
        if missing:
            raise OutdatedDatabase(
                f"数据库缺少看板数据表（{'、'.join(missing)}），可能由旧版本生成。"
                "请重新运行 `xxgk build` 生成数据库。"
            )
        # the report texts: Parquet segments beside the file, as `memory.report_texts`
        view = texts.view_sql(con, texts.folder(path), catalog="src")
        con.execute(f"create view memory.main.report_texts as {view}")
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
# The shared connection, kept across a swap of the file


class _Current:
    """The connection to the database file as it was last seen, shared by every session and thread.

    A build renames a new file into place (`os.replace`): the next `connection()` sees a new key
    (inode, mtime, size) and opens the new file. The old connection is dropped, never closed: a
    session's page still running, a download callback or another thread's cursor may be using it,
    and DuckDB closes it (and releases the replaced file) when the last of them lets go."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: DbKey | None = None
        self.con: duckdb.DuckDBPyConnection | None = None


_CURRENTS: dict[str, _Current] = {}  # file path → its connection
_CURRENTS_LOCK = threading.Lock()


def _current(path: str) -> _Current:
    with _CURRENTS_LOCK:
        return _CURRENTS.setdefault(path, _Current())


def connection(key: DbKey | None = None) -> duckdb.DuckDBPyConnection:
    """The read-only connection to the database file as it is now.

    `key` is the `db_key()` the caller saw; a stale key (the file has been replaced since) gets the
    connection to the current file, never a reopened old one. Raises FileNotFoundError when the file
    is gone and `OutdatedDatabase` when it lacks the dashboard's tables."""
    cur = _current(key.path if key is not None else str(db_path()))
    with cur.lock:
        if cur.con is not None and key is not None and key == cur.key:
            return cur.con
        now = db_key(Path(key.path) if key is not None else None)
        if now is None:
            raise FileNotFoundError(key.path if key is not None else str(db_path()))
        if cur.con is not None and now == cur.key:
            return cur.con
        t = time.perf_counter()
        con = open_database(now.path)
        con.execute("set variable dash_open_seconds = $s", {"s": time.perf_counter() - t})
        swapped = cur.key is not None and cur.key.path == now.path
        cur.key, cur.con = now, con  # the old connection goes when its last user lets go
    if swapped and _QUERY_FN is not None:
        _QUERY_FN.clear()  # results of the replaced file: never asked for again
    return con


# --------------------------------------------------------------------------------------------------
# Streamlit layer


def _st():
    import streamlit as st

    return st


_QUERY_FN = None


def _query_cached():
    global _QUERY_FN
    if _QUERY_FN is None:
        st = _st()

        @st.cache_data(max_entries=2000, show_spinner=False)
        def _run(key: DbKey, name: str, args: tuple, kwargs: tuple) -> Any:
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
