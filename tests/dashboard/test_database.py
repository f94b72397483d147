"""No-database state, the read-only guarantee, reopening a swapped file, URL round trip, synth contract."""

from __future__ import annotations

import hashlib
import os
import shutil
import time

import duckdb
import pytest

from bench.synth import make_synthetic_db
from dashboard import db, queries
from dashboard.filters import Filters
from tests.dashboard.conftest import APP, metrics, num


def test_no_database_page(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    missing = tmp_path / "nope.duckdb"
    monkeypatch.setenv("XXGK_DB", str(missing))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any(str(missing) in w.value for w in at.warning)
    text = "\n".join(m.value for m in at.markdown)
    assert "xxgk build" in text and "make setup" in text
    assert not missing.exists()  # nothing was created


def test_database_is_never_written(synth_db, app):
    digest = hashlib.sha256(synth_db.read_bytes()).hexdigest()
    mtime = synth_db.stat().st_mtime_ns
    for page in (None, "ranking", "profile", "quality"):
        app(page)
    con = db.open_database(synth_db)
    try:
        with pytest.raises(duckdb.Error, match="read-only|read_only|READ_ONLY"):
            con.execute("insert into src.build_info values ('x', 'y')")
        with pytest.raises(duckdb.Error):
            con.execute("drop table src.reports")
        # another process-like reader can open the same file read-only at the same time
        other = duckdb.connect(str(synth_db), read_only=True)
        assert other.execute("select count(*) from reports").fetchone()[0] == 300
        other.close()
    finally:
        con.close()
    assert synth_db.stat().st_mtime_ns == mtime
    assert hashlib.sha256(synth_db.read_bytes()).hexdigest() == digest
    assert not synth_db.with_suffix(".duckdb.wal").exists()


def test_swapped_file_is_reopened(tmp_path, synth_db, monkeypatch):
    """The build renames a new file into place; the app notices the new mtime and shows the new data."""
    from streamlit.testing.v1 import AppTest

    live = tmp_path / "live.duckdb"
    shutil.copy(synth_db, live)
    monkeypatch.setenv("XXGK_DB", str(live))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert num(metrics(at)["年报数"]) == 300
    new = tmp_path / "new.duckdb"
    make_synthetic_db(new, 120, seed=3)
    time.sleep(0.01)
    os.replace(new, live)
    os.utime(live)
    at.run()
    assert num(metrics(at)["年报数"]) == 120


def test_filters_url_round_trip():
    f = Filters(
        province="吉林省",
        city="白城市",
        levels=("city", "county"),
        sectors=("education",),
        year_from=2015,
        year_to=2020,
        q="教育",
    )
    assert Filters.from_query(f.to_query()) == f
    assert Filters.from_query({}) == Filters()
    assert Filters.from_query({"years": "2030-2010"}).year_from == 2010
    assert Filters.from_query({"years": "abc"}).year_from is None


def test_synthetic_spans_point_at_numbers(direct):
    bad = direct.execute(
        """select count(*) from facts f join report_texts t using (report_id)
           where substr(t.text, f.span_start + 1, f.span_end - f.span_start)
                 <> coalesce(cast(cast(f.value as bigint) as varchar), '—')"""
    ).fetchone()[0]
    assert bad == 0
    bad_p = direct.execute(
        """select count(*) from problems p join report_texts t using (report_id)
           where substr(t.text, p.span_start + 1, p.span_end - p.span_start) <> p.text"""
    ).fetchone()[0]
    assert bad_p == 0
    counts = dict(
        direct.execute(
            """select 'reports', count(*) from reports union all select 'sources', count(*) from sources
           union all select 'texts', count(*) from report_texts union all select 'agencies', count(*) from agencies
           union all select 'errors', count(*) from ingest_errors
           union all select 'fail', count(*) from checks where status = 'fail'
           union all select 'blank', count(*) from facts where is_blank"""
        ).fetchall()
    )
    assert counts["reports"] == counts["sources"] == counts["texts"] == 300
    assert counts["agencies"] > 10 and counts["errors"] >= 3 and counts["fail"] > 0 and counts["blank"] > 0
    formats = dict(direct.execute("select format, min(year) from reports group by 1").fetchall())
    assert formats["2021"] >= 2021 and formats["2019"] in (2019, 2020) and formats["pre2019"] < 2019
    # table cells are consistent: total column = sum of applicant columns (where no blanks)
    off = direct.execute(
        """select count(*) from (
             select report_id, regexp_extract(key, '^t3\\.(.+)\\.[a-z_]+$', 1) as row_id,
                 sum(value) filter (where not key like '%.total') as s, max(value) filter (where key like '%.total') as t
             from facts where key like 't3.%' and row_id <> 'total_processed' group by all) where s <> t"""
    ).fetchone()[0]
    assert off == 0


def test_queries_module_takes_only_bound_parameters(synth_db):
    con = db.open_database(synth_db)
    try:
        with db.cursor(con) as cur:
            evil = Filters(province="x' or '1'='1", q="%' or 1=1 --")
            assert queries.scope_counts(cur, evil)["reports"] == 0
            assert queries.ranking(cur, evil, "disclosure_rate", 2022).empty
    finally:
        con.close()


@pytest.mark.parametrize(
    "page", [None, "ranking", "profile", "compare", "requests", "disputes", "problems", "quality", "download"]
)
def test_empty_database_every_page(tmp_path_factory, monkeypatch, page):
    """A freshly created database (schema, no reports) gives empty states, not errors."""
    from streamlit.testing.v1 import AppTest

    from etl.store.schema import create_schema

    path = tmp_path_factory.getbasetemp() / "empty.duckdb"
    if not path.exists():
        con = duckdb.connect(str(path))
        create_schema(con)
        con.close()
    monkeypatch.setenv("XXGK_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info or at.success  # an empty-state message


def test_unknown_years_count_by_default_and_skip_year_charts(built_sample_db):
    """Issue 6: with no year range chosen, reports of unknown year are in the counts and lists;
    per-year results skip them; an explicit range excludes them."""
    con = duckdb.connect(str(built_sample_db), read_only=True)
    total, known, y0, y1 = con.execute(
        "select count(*), count(year), min(year), max(year) from reports"
    ).fetchone()
    con.close()
    assert total > known  # the samples do have reports of unknown year
    con = db.open_database(built_sample_db)
    try:
        with db.cursor(con) as cur:
            default, ranged = Filters(), Filters(year_from=y0, year_to=y1)
            assert queries.scope_counts(cur, default)["reports"] == total
            assert queries.scope_counts(cur, ranged)["reports"] == known
            assert queries.quality_summary(cur, default)["reports"] == total
            listed = queries.report_list(cur, default, 500)
            assert len(listed) == total and listed.year.isna().sum() == total - known
            assert listed.year.iloc[0] == y1  # known years first, newest first
            assert len(queries.report_list(cur, ranged, 500)) == known
            for fn in (
                queries.yearly_kpis,
                queries.reports_by_year_format,
                queries.quality_by_year,
                queries.request_volumes,
                queries.problem_category_year,
                queries.quality_score_by_year,
            ):
                df = fn(cur, default)
                assert not df.empty and df.year.notna().all(), fn.__name__
            assert None not in queries.metric_years(cur, default, "requests_received")
            assert queries.find_agencies(cur, default).agency_id.notna().all()
            assert queries.find_agencies(cur, default).agency.notna().all()
    finally:
        con.close()


def test_overview_counts_unknown_years_until_a_range_is_chosen(built_sample_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    con = duckdb.connect(str(built_sample_db), read_only=True)
    total, known, y0, y1 = con.execute(
        "select count(*), count(year), min(year), max(year) from reports"
    ).fetchone()
    con.close()
    monkeypatch.setenv("XXGK_DB", str(built_sample_db))
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, [e.value for e in at.exception]
    assert num(metrics(at)["年报数"]) == total
    assert "years" not in at.query_params  # the default range stays out of the URL
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["years"] = f"{y0}-{y1 - 1}"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    con = duckdb.connect(str(built_sample_db), read_only=True)
    in_range = con.execute(
        "select count(*) from reports where year between ? and ?", [y0, y1 - 1]
    ).fetchone()[0]
    con.close()
    assert num(metrics(at)["年报数"]) == in_range < known


def test_synthetic_database_has_quality_and_mart(direct):
    n = direct.execute("select count(*) from reports").fetchone()[0]
    q = direct.execute(
        """select count(*), count(similarity_prev_year), count(*) filter (where content_copied),
                  min(quality_score), max(quality_score)
           from report_quality"""
    ).fetchone()
    assert q[0] == n and 0 < q[1] < n and q[2] > 0 and 0 <= q[3] <= q[4] <= 100
    tables = {r[0] for r in direct.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(db.REQUIRED_TABLES) <= tables
    assert direct.execute("select count(*) from dash_reports").fetchone()[0] == n
    # the dashboard opens the file without building anything
    t = time.perf_counter()
    con = db.open_database(
        direct.execute("select path from duckdb_databases() where not internal").fetchone()[0]
    )
    assert time.perf_counter() - t < 1.0
    con.close()
