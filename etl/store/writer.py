"""Writing to the staging database: bulk loading of the parse shards, removal of replaced sources, the
tables derived after ingest (cross-year checks, agencies, report quality, the dashboard mart) and the
Parquet export."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.checks import cross_year_checks
from etl.store import texts
from etl.store.lineage import describe as lineage_summary
from etl.store.lineage import lineage_groups
from etl.store.rows import feature_values
from etl.store.schema import build_derived_tables
from etl.store.shards import SHARD_TABLES, arrow_type

CROSS_YEAR_RULES = ("X1", "X2", "X6")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"describe {table}").fetchall()]


def remove_sources(con: duckdb.DuckDBPyConnection, shas: set[str], paths: set[str] = frozenset()) -> None:
    """Delete every row loaded from these sources (replaced, re-parsed or pruned) and the
    ingest errors of these paths or contents: one set operation per table, whatever the number."""
    gone = pa.table({"sha256": pa.array(sorted(shas), type=pa.string())})  # noqa: F841 - used in SQL
    gone_paths = pa.table({"path": pa.array(sorted(paths), type=pa.string())})  # noqa: F841
    if shas:
        con.execute(
            "create or replace temp table _gone_ids as "
            "select report_id from reports where source_sha256 in (select sha256 from gone)"
        )
        for table in ("facts", "problems", "checks", "report_features", "table_candidates"):
            con.execute(f"delete from {table} using _gone_ids g where {table}.report_id = g.report_id")
        texts.forget(con, "select report_id from _gone_ids")
        con.execute("drop table _gone_ids")
        con.execute("delete from reports where source_sha256 in (select sha256 from gone)")
        con.execute("delete from sources where sha256 in (select sha256 from gone)")
    if shas or paths:
        con.execute(
            "delete from ingest_errors where stage in ('read', 'parse') and "
            "(path in (select path from gone_paths) or sha256 in (select sha256 from gone))"
        )


# Tables read by report without an index (the primary-keyed ones have one), with the order their
# rows go in: a build's rows sorted by report, so that the zone maps of a build's run let a query for
# a few reports (an agency's facts: DuckDB pushes the join's report ids into the scan) skip the row
# groups that hold none of them.
SORTED_BY_REPORT = {
    "facts": "report_id, key",
    "checks": "report_id, rule, scope",
    "problems": "report_id, kind, ordinal",
    "table_candidates": "report_id, row_key, candidate, col",
}


def load_shards(con: duckdb.DuckDBPyConnection, shard_dirs: list[str], texts_dir: Path) -> None:
    """Bulk-insert the Parquet shards of a build (etl/store/shards.py): one statement per table; the
    texts go to one new segment in `texts_dir` (etl/store/texts.py)."""
    if not shard_dirs:
        return
    for table in SHARD_TABLES:
        files = [str(Path(d) / f"{table}.parquet") for d in shard_dirs]
        listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        if table == "report_texts":
            texts.add(con, texts_dir, f"select report_id, text from read_parquet([{listing}])")
            continue
        order = f" order by {SORTED_BY_REPORT[table]}" if table in SORTED_BY_REPORT else ""
        con.execute(f"insert into {table} select * from read_parquet([{listing}]){order}")


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]) -> None:
    arrays = list(zip(*rows, strict=True))
    schema_types = dict(
        con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ?", [table]
        ).fetchall()
    )
    data = {}
    for name, values in zip(columns, arrays, strict=True):
        data[name] = pa.array(values, type=arrow_type(schema_types[name]))
    staged = pa.table(data)  # noqa: F841 - referenced by name in the SQL below
    con.execute(f"insert into {table} select * from staged")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def snapshot_agencies(con: duckdb.DuckDBPyConnection) -> None:
    """Remember every report's agency before a build deletes, loads and re-links reports: with the
    reports it loads, the difference names the agencies the build touched (`touched_agencies`)."""
    con.execute("create or replace temp table _agencies_before as select report_id, agency_id from reports")


def touched_agencies(con: duckdb.DuckDBPyConnection, shard_dirs: list[str]) -> int:
    """After the lineage refresh: the agencies whose reports this build changed, as the temp table
    `_touched_agencies` — those of the reports it loaded, of the reports it deleted, and both the old
    and the new agency of a report re-linked (a rename, the user's links file). Returns their number."""
    files = [str(Path(d) / "reports.parquet") for d in shard_dirs]
    listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    loaded = (
        f"select report_id from read_parquet([{listing}])"
        if files
        else "select null::varchar as report_id where false"
    )
    con.execute(
        f"""
        create or replace temp table _touched_agencies as
        with moved as (
            select b.agency_id as before, r.agency_id as after
            from _agencies_before b
            full join reports r using (report_id)
            where b.agency_id is distinct from r.agency_id
        ),
        loaded as (
            select r.agency_id
            from reports r
            semi join ({loaded}) l using (report_id)
        )
        select before as agency_id from moved where before is not null
        union
        select after from moved where after is not null
        union
        select agency_id from loaded where agency_id is not null
        """
    )
    return con.execute("select count(*) from _touched_agencies").fetchone()[0]


def refresh_cross_year_checks(con: duckdb.DuckDBPyConnection, touched: bool = False) -> None:
    """X1/X2/X6 compare a report with the same agency's report for the previous year. `touched`: only
    for the agencies of `_touched_agencies` (`touched_agencies`), the others' checks still hold.

    Runs before `settle_cross_year`: cells settled by X6 (a previous build's) are left out, so X6 is
    only evaluated where both years' cells were read from the tables themselves."""
    scope = "in (select agency_id from _touched_agencies)" if touched else "is not null"
    if touched:
        con.execute(
            f"""
            delete from checks
            where rule in {CROSS_YEAR_RULES}
              and report_id in (select report_id from reports where agency_id is null or agency_id {scope})
            """
        )
    else:
        con.execute(f"delete from checks where rule in {CROSS_YEAR_RULES}")
    # streamed in agency order, one agency's reports at a time: a million reports' Table 2/3 cells
    # held at once in Python took 10 GB. The checks gather in a scratch table of the (staging)
    # database, written through a second cursor while the first streams, and DuckDB spills it.
    result = con.execute(
        f"""
        select r.report_id, r.agency_id, r.year, f.key, f.value
        from reports r join facts f using (report_id)
        where r.agency_id {scope} and r.year is not null and f.origin in ('table', 'sheet')
          and (f.key like 't3.carried_in.%' or f.key like 't3.carried_out.%' or f.key like 't2.%'
               or f.key like 't2_2019.%')
          and not exists (
              select 1 from table_candidates c
              where c.report_id = f.report_id and f.key = c.row_key || '.' || c.col and not c.parsed
          )
        order by r.agency_id, r.year, r.report_id
        """
    )
    sink = con.cursor()
    columns = _columns(sink, "checks")
    sink.execute("create or replace table _cross_year as select * from checks limit 0")
    out: list[tuple] = []
    agency, rows = None, []
    try:
        while batch := result.fetchmany(100_000):
            for row in batch:
                if row[1] != agency:
                    out.extend(_agency_cross_year(rows))
                    agency, rows = row[1], []
                rows.append(row)
            if len(out) >= 200_000:
                insert_rows(sink, "_cross_year", columns, out)
                out = []
        out.extend(_agency_cross_year(rows))
        if out:
            insert_rows(sink, "_cross_year", columns, out)
    finally:
        sink.close()
    # in report order, as the load stores checks (SORTED_BY_REPORT)
    con.execute("insert into checks select * from _cross_year order by report_id, rule, scope")
    con.execute("drop table _cross_year")


def _agency_cross_year(rows: list[tuple]) -> list[tuple]:
    """The cross-year checks of one agency's reports, from its (report_id, agency_id, year, key,
    value) rows in year order: each report against the agency's first report of the year before."""
    by_report: dict[str, dict] = defaultdict(dict)
    year_of: dict[str, int] = {}
    for rid, _, year, key, value in rows:
        by_report[rid][key] = value
        year_of[rid] = year
    latest: dict[int, str] = {}
    for rid, year in year_of.items():
        latest.setdefault(year, rid)
    out = []
    for rid, year in year_of.items():
        prev = latest.get(year - 1)
        if prev:
            for c in cross_year_checks(by_report[prev], by_report[rid]):
                out.append((rid, c.rule, c.scope, c.status, c.detail))
    return out


def refresh_agencies(con: duckdb.DuckDBPyConnection) -> None:
    """One row per agency (after `refresh_lineage`): its latest attributes, every name oldest first,
    and its lineage group."""
    con.execute("delete from agencies")
    con.execute(
        """
        insert into agencies
        with named as (
            select agency_id, agency, year, province, city, county, region_code, level, sector,
                   row_number() over (partition by agency_id order by year desc nulls last, agency) as recency
            from reports
            where agency_id is not null
        ),
        names as (
            select agency_id, list(agency order by first_year nulls last, agency) as names
            from (select agency_id, agency, min(year) as first_year from reports
                  where agency_id is not null group by all)
            group by agency_id
        ),
        spans as (
            select agency_id, min(year) as first_year, max(year) as last_year, count(*) as n_reports
            from reports where agency_id is not null group by agency_id
        ),
        final as (
            select n.agency_id, n.agency as name, m.names, n.province, n.city, n.county, n.region_code,
                   n.level, n.sector, s.first_year, s.last_year, s.n_reports, n.agency_id as lineage_group
            from named n join names m using (agency_id) join spans s using (agency_id)
            where n.recency = 1
        )
        select * from final
        """
    )
    groups = lineage_groups(con)
    if groups:
        con.execute("create or replace temp table _groups (agency_id varchar, lineage_group varchar)")
        insert_rows(con, "_groups", ["agency_id", "lineage_group"], list(groups.items()))
        con.execute(
            "update agencies set lineage_group = g.lineage_group from _groups g "
            "where agencies.agency_id = g.agency_id"
        )
        con.execute("drop table _groups")


def backfill_features(con: duckdb.DuckDBPyConnection) -> int:
    """`report_features` rows for reports loaded without them (a database from an older build or a
    generator): computed from the stored text and problem statements. Returns how many."""
    texts.ensure_view(con)
    rows = con.execute(
        """
        select r.report_id, t.text,
            coalesce((select list(p.text order by p.ordinal) from problems p
                      where p.report_id = r.report_id and p.kind = 'problem'), [])
        from reports r join report_texts t using (report_id)
        where r.report_id not in (select report_id from report_features)
        """
    ).fetchall()
    if rows:
        insert_rows(
            con,
            "report_features",
            _columns(con, "report_features"),
            [feature_values(rid, text, problems) for rid, text, problems in rows],
        )
    return len(rows)


def refresh_derived(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Recompute report quality and the dashboard mart from the loaded tables (seconds per table).

    Everything is rebuilt from the stored rows and signatures, so the result does not depend on which
    files this build parsed: a new year's report is compared with the previous year, and the reports
    following a changed one are compared with its new version."""
    backfill_features(con)
    return build_derived_tables(con, replace=True)


def record_build_info(con: duckdb.DuckDBPyConnection, version: str, result) -> None:
    # what the data is stays with it: a database marked synthetic (xxgk demo, bench/synth.py) keeps
    # the mark through later builds, which may add to it but never make it real
    con.execute("delete from build_info where key not in ('synthetic', 'demo')")
    info = {
        "built_at": _now().isoformat(),
        "parser_version": version,
        "last_build": json.dumps(
            {
                "files": result.files,
                "parsed": result.parsed,
                "skipped": result.skipped,
                "failed": result.failed,
                "replaced": getattr(result, "replaced", 0),
                "pruned": getattr(result, "pruned", 0),
                "prunable": getattr(result, "prunable", 0),
            }
        ),
        # organs, agencies and lineage links of this build, and the user's links file it read
        "agency_lineage": json.dumps(
            {**json.loads(lineage_summary(con)), "links_file": getattr(result, "links", None)},
            ensure_ascii=False,
        ),
    }
    con.executemany("insert into build_info values (?, ?)", list(info.items()))


def export_parquet(db_path: Path, out_dir: Path, memory_limit: str | None = None) -> None:
    """Parquet copies of every table (facts partitioned by year), swapped in as a whole folder.
    `memory_limit`: DuckDB's memory for the export (its default: 80% of RAM)."""
    staging = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    config = {"memory_limit": memory_limit} if memory_limit else {}
    con = duckdb.connect(str(db_path), read_only=True, config=config)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        texts.define_view(con, texts.folder(db_path))
        # the texts as one table, without the segments' bookkeeping and removed reports
        tables = [t for t in tables if t not in ("text_locations", "text_segments")] + ["report_texts"]
        for table in tables:
            if table == "facts" or table.startswith("dash_"):  # the mart is the dashboard's copy
                continue
            codec = ", compression zstd" if table == "report_texts" else ""  # 2.5× smaller than snappy
            con.execute(f"copy {table} to '{staging / (table + '.parquet')}' (format parquet{codec})")
        con.execute(
            f"""copy (select f.*, coalesce(r.year, 0) as year from facts f join reports r using (report_id))
                to '{staging / "facts"}' (format parquet, partition_by (year))"""
        )
    finally:
        con.close()
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
