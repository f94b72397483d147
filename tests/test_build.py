"""Build semantics: idempotent, incremental, atomic, fault isolated; Parquet readable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from etl.build import build
from etl.store import texts
from etl.store.schema import build_derived_tables, create_schema, mart_table_names
from etl.store.writer import SORTED_BY_REPORT
from tests import generated as gen

TABLES = (
    "sources",
    "reports",
    "report_texts",
    "report_features",
    "facts",
    "problems",
    "checks",
    "ingest_errors",
    "agencies",
    "agency_names",
    "agency_lineage",
    "report_quality",
    "dash_reports",
    "dash_metrics",
)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    texts.ensure_view(con)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_build_twice_gives_identical_rows(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    first = build(inbox, db, tmp_path / "parquet")
    assert first.exit_code == 0 and first.parsed == 5 and first.reports == 5
    before = counts(db)
    second = build(inbox, db, tmp_path / "parquet")
    assert second.skipped == 5 and second.parsed == 0
    assert counts(db) == before
    assert before["reports"] == 5 and before["facts"] > 0


def test_a_build_stores_its_rows_in_report_order(inbox, tmp_path):
    """The rows a build loads go in sorted by report (zone maps then skip row groups for one agency's
    reports); cross-year checks are appended after the load, so `checks` is left out."""
    db = tmp_path / "x.duckdb"
    build(inbox, db, tmp_path / "parquet")
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, order in SORTED_BY_REPORT.items():
            if table == "checks":
                continue
            rows = con.execute(f"select count(*) from {table}").fetchone()[0]
            descents = con.execute(
                f"""select count(*) from (
                        select ({order}) as k, lag(({order})) over (order by rowid) as prev from {table}
                    ) where k < prev"""
            ).fetchone()[0]
            assert (table, descents) == (table, 0), f"{table}: {rows} rows not in report order"
    finally:
        con.close()


def test_changed_file_replaces_its_rows(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    target = inbox / "cangzhou_2018.txt"  # a pre-2019 report stating its requests in a sentence
    n = gen.requests_received(gen.inbox_item(target.name))
    text = target.read_text(encoding="utf-8")
    assert text.count(f"申请{n}件") == 1
    target.write_text(text.replace(f"申请{n}件", f"申请{n + 2}件"), encoding="utf-8")
    result = build(inbox, db)
    assert (result.parsed, result.skipped) == (1, 4)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "select f.value from facts f join reports r using (report_id) "
        "where r.path = ? and f.key = 's.requests_received'",
        [target.name],
    ).fetchall()
    assert rows == [(n + 2.0,)]
    assert con.execute("select count(*) from reports").fetchone()[0] == 5
    assert con.execute("select count(*) from sources").fetchone()[0] == 5


def test_bad_files_are_recorded_and_the_rest_loads(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    loaded = counts(db)["reports"]
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "fake.docx").write_bytes(b"not a zip at all")
    result = build(inbox, db)
    assert result.exit_code == 1 and result.failed == 2
    c = counts(db)
    assert c["reports"] == loaded  # nothing already loaded is lost
    con = duckdb.connect(str(db), read_only=True)
    errors = dict(con.execute("select path, message from ingest_errors").fetchall())
    assert set(errors) == {"empty.txt", "fake.docx"}
    assert all(errors.values())
    # a second build keeps exactly one error row per bad file
    build(inbox, db)
    assert counts(db)["ingest_errors"] == 2


def test_failed_build_leaves_the_previous_database(inbox, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    before = counts(db)
    (inbox / "new.txt").write_text(
        "X局2020年政府信息公开工作年度报告\n全年收到政府信息公开申请5件。", encoding="utf-8"
    )

    def crash(_con):
        raise KeyboardInterrupt  # as if killed while deriving tables

    monkeypatch.setattr("etl.store.writer.refresh_agencies", crash)
    with pytest.raises(KeyboardInterrupt):
        build(inbox, db)
    assert counts(db) == before
    assert not list(tmp_path.glob("x.duckdb.building-*"))


def test_killed_build_leaves_the_previous_database_readable(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    before = counts(db)
    big = tmp_path / "big"
    big.mkdir()
    text = (inbox / "bianhe_2021.txt").read_text(encoding="utf-8")
    for i in range(400):
        (big / f"r{i:03}.txt").write_text(text + f"\n附注{i}", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "etl.cli",
            "build",
            "--input",
            str(big),
            "--db",
            str(db),
            "--quiet",
            "--no-parquet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while not list(tmp_path.glob("x.duckdb.building-*")) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert counts(db) == before
    # the next build cleans the abandoned staging file and completes
    build(inbox, db)
    assert not list(tmp_path.glob("x.duckdb.building-*"))


def test_parquet_copies_are_readable(inbox, tmp_path):
    db, out = tmp_path / "x.duckdb", tmp_path / "parquet"
    build(inbox, db, out)
    facts = ds.dataset(out / "facts", format="parquet", partitioning="hive").to_table()
    assert facts.num_rows == counts(db)["facts"]
    assert {p.name for p in (out / "facts").iterdir()} == {
        f"year={gen.inbox_item(name).year}" for name in gen.INBOX
    }
    reports = ds.dataset(out / "reports.parquet").to_table()
    assert reports.num_rows == 5


def test_views_answer_on_a_built_database(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    con = duckdb.connect(str(db), read_only=True)
    got = dict(
        con.execute(
            "select r.path, s.value from report_summary s join reports r using (report_id) "
            "where s.key = 's.requests_received'"
        ).fetchall()
    )
    assert got == {name: gen.requests_received(gen.inbox_item(name)) for name in gen.INBOX}
    metrics = con.execute("select count(*) from report_metrics").fetchone()[0]
    assert metrics > 0


def test_mart_tables_an_older_version_made_are_dropped():
    con = duckdb.connect()
    create_schema(con)
    con.execute("create table dash_checks (rix integer)")  # a mart table of an earlier version
    con.execute("create table dashboard_notes (x integer)")  # not the mart's: kept
    build_derived_tables(con)
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert "dash_checks" not in tables and "dashboard_notes" in tables
    assert set(mart_table_names()) <= tables


def test_an_agencys_reports_are_one_run_of_rix_even_when_its_latest_names_no_province():
    con = duckdb.connect()
    create_schema(con)
    cols = "report_id, source_sha256, path, part, parts, agency, agency_id, province, city, year, organ_id"
    con.executemany(
        f"insert into reports ({cols}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("a1", "s", "p", 0, 1, "甲局", "A", "吉林省", "白城市", 2020, "o1"),
            ("a2", "s", "p", 1, 1, "甲局", "A", None, None, 2021, "o1"),  # the latest: no province
            ("b1", "s", "p", 2, 1, "乙局", "B", "吉林省", "白城市", 2020, "o2"),
            ("b2", "s", "p", 3, 1, "乙局", "B", "吉林省", "白城市", 2021, "o2"),
        ],
    )
    con.execute(
        "insert into agencies (agency_id, name, province, city) "
        "values ('A', '甲局', null, null), ('B', '乙局', '吉林省', '白城市')"
    )
    build_derived_tables(con)
    order = [r[0] for r in con.execute("select agency_id from dash_reports order by rix").fetchall()]
    assert order in (["A", "A", "B", "B"], ["B", "B", "A", "A"])


def test_database_of_an_older_build_gets_the_new_columns(inbox, tmp_path):
    """A database built before reports had scope, source_url, agency_key … is upgraded in place: the
    columns are added, and agency_key is filled from the stored names so agencies come out the same."""
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    con = duckdb.connect(str(db))
    expected = con.execute("select report_id, agency_id from reports order by 1").fetchall()
    for col in (
        "scope",
        "scope_evidence",
        "doc_reason",
        "source_url",
        "identity_evidence",
        "agency_key",
        "organ_id",
    ):
        con.execute(f"alter table reports drop column {col}")
    con.execute("drop table agency_names")
    con.execute("drop table agency_lineage")
    con.close()
    result = build(inbox, db)
    assert result.parsed == 0 and result.skipped == 5
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select report_id, agency_id from reports order by 1").fetchall() == expected
        assert (
            con.execute(
                "select count(*) from reports where agency_key is null and agency is not null"
            ).fetchone()[0]
            == 0
        )
        assert con.execute("select count(*) from agency_names").fetchone()[0] > 0
    finally:
        con.close()


@pytest.mark.parametrize(
    ("flag", "per_file", "stage_lines"),
    [("--quiet", False, False), (None, False, True), ("--verbose", True, True)],
)
def test_build_verbosity(tmp_path, flag, per_file, stage_lines):
    """--quiet: the summary only; default: stage lines (and a progress bar on stderr); --verbose: a
    line per file too."""
    import subprocess
    import sys

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "cangzhou_2018.txt").write_bytes(gen.render(gen.inbox_item("cangzhou_2018.txt")))
    cmd = [
        sys.executable,
        "-m",
        "etl.cli",
        "build",
        "--input",
        str(inbox),
        "--db",
        str(tmp_path / "x.duckdb"),
    ]
    done = subprocess.run(cmd + ([flag] if flag else []), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "xxgk build: 1 files, 1 parsed" in done.stdout
    assert ("已解析 cangzhou_2018.txt" in done.stderr) == per_file
    assert ("解析 1 个文件" in done.stderr) == stage_lines


def test_a_database_marked_synthetic_keeps_the_mark_through_later_builds(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db, parquet_dir=None, isolate=False)
    with duckdb.connect(str(db)) as con:  # as xxgk demo marks its database
        con.execute("insert into build_info values ('synthetic', 'true'), ('demo', '{\"reports\": 5}')")
    (inbox / "extra.txt").write_bytes(gen.render(gen.inbox_item("bianhe_2021.txt")) + "\n附注 extra".encode())
    result = build(inbox, db, parquet_dir=None, isolate=False)
    assert result.parsed == 1
    with duckdb.connect(str(db), read_only=True) as con:
        info = dict(con.execute("select key, value from build_info").fetchall())
    assert info["synthetic"] == "true" and info["demo"] == '{"reports": 5}'
    assert '"parsed": 1' in info["last_build"]  # the rest of build_info is this build's


def test_opening_a_built_database_derives_nothing_again(inbox, tmp_path):
    """`create_schema` on a built database (each build starts with it) computes only the derived
    tables it lacks: `create table if not exists … as` would run every query and throw it away."""
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    con = duckdb.connect(str(db))
    try:
        assert build_derived_tables(con, replace=False) == {}
        con.execute("drop table dash_t3")
        made = build_derived_tables(con, replace=False)
        assert set(made) == {"(shared views)", "dash_t3"}
        assert con.execute("select count(*) from dash_t3").fetchone()[0] > 0
    finally:
        con.close()
