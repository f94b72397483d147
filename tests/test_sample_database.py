"""The default database built from the seeds and the corpus (tests.conftest.default_inputs; skipped without
../shared/seeds): column checks and the issue's expectations; and a database of generated reports."""

from __future__ import annotations

import duckdb
import pytest

from etl.build import build
from etl.store.assertions import failing_assertions
from tests.conftest import default_inputs


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "xxgk.duckdb"
    result = build(default_inputs(db.parent / "in"), db, db.parent / "parquet")
    con = duckdb.connect(str(db), read_only=True)
    yield result, con
    con.close()


def test_every_sample_loads(sample_db):
    result, con = sample_db
    assert result.failed == 0, result.errors
    assert con.execute("select count(*) from sources").fetchone()[0] == result.files


def test_column_checks_hold(sample_db):
    _, con = sample_db
    assert failing_assertions(con) == {}


def test_compilation_is_split_into_parts(sample_db):
    _, con = sample_db
    parts = con.execute(
        "select count(*), max(parts) from reports where path like '%001_391da73ada556ced.txt'"
    ).fetchone()
    assert parts == (14, 14)


def test_the_2023_hongze_table4_total_fails(sample_db):
    _, con = sample_db
    statuses = con.execute(
        "select c.scope, c.status from checks c join reports r using (report_id) "
        "where r.path like '%hongze_2023.pdf' and c.rule = 'D4'"
    ).fetchall()
    assert ("review", "fail") in statuses


def test_cross_year_checks_run_for_one_agency(sample_db):
    _, con = sample_db
    n = con.execute(
        "select count(*) from checks c join reports r using (report_id) where c.rule = 'X1' and r.agency like '平潭%'"
    ).fetchone()[0]
    assert n > 0


def test_blank_word_template_is_flagged_not_counted(sample_db):
    _, con = sample_db
    doc_type, warnings = con.execute(
        "select doc_type, warnings from reports where path like '%template_2021.docx'"
    ).fetchone()
    assert doc_type == "other"
    assert any("空白模板" in w for w in warnings)
    values = con.execute(
        "select count(*) from facts f join reports r using (report_id) "
        "where r.path like '%template_2021.docx' and f.value is not null"
    ).fetchone()[0]
    assert values == 0


# ---- the same checks on a database of generated reports (tests.conftest.generated_db; no ../shared) --


@pytest.fixture(scope="module")
def generated(generated_db, generated_inputs):
    import json

    truths = [
        json.loads(line)
        for line in (generated_inputs / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    con = duckdb.connect(str(generated_db), read_only=True)
    yield truths, con
    con.close()


def test_generated_every_file_loads_with_its_values(generated):
    truths, con = generated
    assert con.execute("select count(*) from ingest_errors").fetchone()[0] == 0
    assert con.execute("select count(*) from sources").fetchone()[0] == len(truths) + 2  # + undated, news
    for t in truths:
        identity = con.execute(
            "select agency, year, format, region_code, level, sector from reports where path = ?", [t["file"]]
        ).fetchone()
        assert identity == (t["agency"], t["year"], t["format"], t["region"]["code"], t["level"], t["sector"])
        facts = dict(
            con.execute(
                "select key, value from facts join reports using (report_id) where path = ?", [t["file"]]
            ).fetchall()
        )
        for key, value in t["values"].items():
            assert facts[key] == pytest.approx(value), (t["file"], key)


def test_generated_column_checks_hold(generated):
    _, con = generated
    assert failing_assertions(con) == {}


def test_generated_identities_hold_and_cross_year_checks_run(generated):
    truths, con = generated
    statuses = dict(
        con.execute("select status, count(*) from checks where rule like 'D%' group by 1").fetchall()
    )
    assert statuses.get("ok", 0) > 0 and "fail" not in statuses
    # an agency's consecutive table-format years are compared (X1: carried in = last year's carried out)
    x1 = con.execute("select status, count(*) from checks where rule = 'X1' group by 1").fetchall()
    assert x1 and {s for s, _ in x1} <= {"ok", "incomplete"}


def test_generated_metrics_follow_their_definition(generated):
    """disclosure_rate = (s.granted + s.partial) / s.requests_processed (docs/spec/metrics.md)."""
    truths, con = generated
    checked = 0
    for t in truths:
        v = t["values"]
        if t["format"] == "pre2019" or not v["t3.total_processed.total"]:
            continue
        got = con.execute(
            "select value from report_metrics join reports using (report_id) "
            "where path = ? and metric = 'disclosure_rate'",
            [t["file"]],
        ).fetchone()[0]
        expected = (v["t3.granted.total"] + v["t3.partial.total"]) / v["t3.total_processed.total"]
        assert got == pytest.approx(expected), t["file"]
        checked += 1
    assert checked >= 5


def test_generated_unknown_year_and_news_are_kept(generated):
    from tests.generated import NEWS, UNDATED

    _, con = generated
    undated = con.execute(
        "select agency, year, doc_type, agency_id is not null from reports where path = ?", [UNDATED[0]]
    ).fetchone()
    assert undated == ("景县教育局", None, "annual_report", True)
    news = con.execute("select year, doc_type from reports where path = ?", [NEWS[0]]).fetchone()
    assert news == (None, "other")
    dash = con.execute("select count(*), count(year) from dash_reports").fetchone()
    assert dash[0] > dash[1]  # the dashboard's mart keeps the reports of unknown year
