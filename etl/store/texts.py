"""The report texts, kept beside the database as immutable Parquet segments.

The texts are most of a database's bytes (a real report's text is 10–30 kB; at a million reports
they outweigh the facts) and never change once loaded. So they stay out of the database file, which
a build copies to stage its changes: each build writes the texts it loads as one new segment
`<db>.texts/<segment>.parquet` (sorted by report, small row groups, so one report is one row group's
read), and the database keeps only where each report's text is:

- `text_locations(report_id, segment)`: the one segment holding a loaded report's text. A removed
  report loses its location; its text stays in the segment as garbage until a compaction.
- `text_segments(segment, rows, created)`: the segments the database uses.

`define_view` makes `report_texts(report_id, text)` a view over them for a connection, so SQL reads
texts as a table. Segments are never modified: `compact` writes the live texts of several segments as
a new one. Files no database version refers to are removed after a build (`collect_garbage`), keeping
those of the version it replaced, which a dashboard may still be reading.
"""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SUFFIX = ".texts"
MAX_SEGMENTS = 8  # more, and the smaller half is merged (each text is rewritten O(log n) times)
GARBAGE_SHARE = 0.5  # a segment whose removed texts pass this share is rewritten
ROW_GROUP = 2048  # texts per row group: what reading one report's text decompresses


def folder(db_path: str | Path) -> Path:
    """The segment folder of the database published at `db_path` (a build's staging copy uses the
    published database's folder)."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def _quoted(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def segments(con: duckdb.DuckDBPyConnection, catalog: str = "") -> list[str]:
    """The segments the database uses, oldest first."""
    prefix = f"{catalog}.main." if catalog else ""
    return [
        r[0] for r in con.execute(f"select segment from {prefix}text_segments order by segment").fetchall()
    ]


def view_sql(con: duckdb.DuckDBPyConnection, where: Path, catalog: str = "") -> str:
    """SELECT of (report_id, text) of every located report over the segment files that exist (a
    database copied without its folder reads no text rather than failing)."""
    prefix = f"{catalog}.main." if catalog else ""
    files = [where / s for s in segments(con, catalog) if (where / s).is_file()]
    if not files:
        return "select null::varchar as report_id, null::varchar as text where false"
    listing = ", ".join(_quoted(f) for f in files)
    return f"""select t.report_id, t.text
        from read_parquet([{listing}], filename = true) t
        join {prefix}text_locations l on l.report_id = t.report_id and l.segment = parse_filename(t.filename)"""


def define_view(con: duckdb.DuckDBPyConnection, where: Path) -> None:
    """`report_texts` as a temporary view of this connection (the build's, a test's)."""
    con.execute(f"create or replace temp view report_texts as {view_sql(con, where)}")


def ensure_view(con: duckdb.DuckDBPyConnection) -> None:
    """`report_texts` for a connection opened on a published database file (a test's, a checker's),
    unless it already reads one: the segments in the folder beside that file."""
    have = con.execute(
        "select count(*) from (select view_name as name from duckdb_views() union all "
        "select table_name from duckdb_tables()) where name = 'report_texts'"
    ).fetchone()[0]
    if have:
        return
    (path,) = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    if path:
        define_view(con, folder(path))


def add(con: duckdb.DuckDBPyConnection, where: Path, query: str) -> str | None:
    """Write the (report_id, text) rows of `query` as a new segment and locate them there (a report
    already located elsewhere moves). Returns the segment's name, None when there were no rows."""
    where.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"{stamp}-{secrets.token_hex(4)}.parquet"
    tmp = where / f"{name}.tmp"
    try:
        (rows,) = con.execute(
            f"""copy (select report_id, text from ({query}) order by report_id)
                to {_quoted(tmp)} (format parquet, compression zstd, row_group_size {ROW_GROUP})"""
        ).fetchone()
        if not rows:
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, where / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    con.execute(
        f"insert or replace into text_locations select report_id, $s from read_parquet({_quoted(where / name)})",
        {"s": name},
    )
    con.execute("insert into text_segments values ($s, $n, now()::timestamp)", {"s": name, "n": rows})
    define_view(con, where)
    return name


def forget(con: duckdb.DuckDBPyConnection, report_ids: str) -> None:
    """Drop the locations of the reports that `report_ids` (a SELECT of report_id) names."""
    con.execute(f"delete from text_locations where report_id in ({report_ids})")


def compact(con: duckdb.DuckDBPyConnection, where: Path, max_segments: int | None = None) -> list[str]:
    """Forget segments without live texts, then merge: segments mostly garbage, and, beyond
    `max_segments` (`MAX_SEGMENTS`), the smaller half. Returns the segments merged away."""
    max_segments = max_segments or MAX_SEGMENTS
    live = con.execute(
        """
        select s.segment, s.rows, count(l.report_id) as live
        from text_segments s left join text_locations l using (segment)
        group by all
        order by live, s.segment
        """
    ).fetchall()
    empty = [s for s, _, n in live if n == 0]
    live = [(s, rows, n) for s, rows, n in live if n > 0]
    merge = {s for s, rows, n in live if n < rows * (1 - GARBAGE_SHARE)}
    if len(live) > max_segments:
        merge |= {s for s, _, _ in live[: len(live) // 2 + 1]}
    if empty:
        con.execute("delete from text_segments where segment in (select unnest($s))", {"s": empty})
    if not merge:
        return empty
    chosen = ", ".join(_quoted(s) for s in sorted(merge))
    add(
        con,
        where,
        f"""select t.report_id, t.text from report_texts t
            join text_locations l using (report_id) where l.segment in ({chosen})""",
    )
    con.execute(f"delete from text_segments where segment in ({chosen})")
    define_view(con, where)
    return [*empty, *sorted(merge)]


def collect_garbage(where: Path, keep: set[str]) -> int:
    """Remove the segment files (and half-written ones) not in `keep`: after a build, the segments
    of the database it published and of the one it replaced. Returns how many files went."""
    removed = 0
    if not where.is_dir():
        return 0
    for path in where.iterdir():
        if path.name in keep or not (path.name.endswith(".parquet") or path.name.endswith(".tmp")):
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def move_database(src: str | Path, dst: str | Path) -> None:
    """Move a database file and its segment folder to `dst`, replacing what is there: the folder first
    (a reader of the replaced file meanwhile finds no texts; it never finds the wrong ones)."""
    src, dst = Path(src), Path(dst)
    old = folder(dst).with_name(folder(dst).name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder(dst).exists():
        folder(dst).rename(old)
    if folder(src).exists():
        folder(src).rename(folder(dst))
    os.replace(src, dst)
    shutil.rmtree(old, ignore_errors=True)


def migrate(con: duckdb.DuckDBPyConnection, where: Path) -> bool:
    """A database of the earlier layout (texts in a `report_texts` table): its texts become one
    segment and the table goes. Returns whether there was anything to migrate."""
    old = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'main' and table_name = 'report_texts'"
    ).fetchone()[0]
    if not old:
        return False
    add(con, where, "select report_id, text from main.report_texts")
    con.execute("drop view temp.report_texts")  # the one `add` made: it shadows the table's name
    con.execute("drop table main.report_texts")
    define_view(con, where)
    return True
