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
