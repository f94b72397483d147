"""The default database built from the seeds and the corpus (tests.conftest.default_inputs): column checks and the issue's expectations."""

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
