"""Every page on the real default data (seeds and corpus, tests.conftest.default_inputs), not only the synthetic database:
real data has unknown years, missing tables, compilation parts and a blank template."""

from __future__ import annotations

import pytest

from etl.build import build
from tests.conftest import default_inputs
from tests.dashboard.conftest import APP, PAGES


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "xxgk.duckdb"
    build(default_inputs(db.parent / "in"), db)
    return db


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_sample_database(sample_db, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric or at.dataframe, f"{page} shows nothing on the sample data"


def test_overview_lists_the_seed_reports(sample_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    table = at.dataframe[0].value
    agencies = set(table.iloc[:, 0].astype(str)) | {str(v) for col in table.columns for v in table[col]}
    for agency in ("白城市教育局", "益阳市教育局", "明溪县教育局", "平潭综合实验区"):
        assert agency in agencies


def test_briefing_pack_on_the_sample_database(sample_db):
    """Real data has reports of unknown year, pre-2019 prose-only reports and few agencies."""
    import io

    from pptx import Presentation

    from dashboard import brief

    prs = Presentation(io.BytesIO(brief.build_brief(sample_db)))
    maps = sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13)  # the map: a picture
    assert maps <= 1 and len(prs.slides) == 9 + maps
    kpi = next(sh for sh in prs.slides[1].shapes if sh.has_table).table
    assert kpi.cell(0, 1).text.endswith("年") and kpi.cell(0, 1).text[:4].isdigit()
    assert sum(1 for s in list(prs.slides)[2:8] for sh in s.shapes if sh.has_chart or sh.has_table) >= 5


# ---- scopes holding only reports of unknown year (a title without a year, a news article) -----------


def _run(sample_db, monkeypatch, page: str, **qp: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(qp)
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py")
        at.query_params.update(qp)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def unknown_year_only(sample_db):
    """(agency_id, name, reports): an agency whose reports all lack a year, and whose name matches no
    agency with a known year (so `?q=name` selects only unknown-year reports)."""
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        rows = con.execute(
            """select agency_id, arg_max(agency, report_id), count(*) from reports
               where agency_id is not null group by 1 having count(year) = 0 order by 1"""
        ).fetchall()
        for agency_id, name, n in rows:
            dated = con.execute(
                "select count(*) from reports where strpos(agency, ?) > 0 and year is not null", [name]
            ).fetchone()[0]
            if not dated:
                paths = [
                    r[0]
                    for r in con.execute(
                        "select path from reports where agency_id = ?", [agency_id]
                    ).fetchall()
                ]
                return agency_id, name, n, paths
    finally:
        con.close()
    pytest.skip("the sample data has no agency with only unknown-year reports")


def test_overview_with_only_unknown_year_reports(sample_db, monkeypatch, unknown_year_only):
    """Regression: `yearly_kpis` is empty for such a scope; the page must not index its last row."""
    agency_id, name, n, _ = unknown_year_only
    at = _run(sample_db, monkeypatch, "overview", q=name)
    m = {x.label: x.value for x in at.metric}
    assert m["年报数"] == str(n) and m["年度数"] == "0"
    assert "本年年报数" not in m  # no yearly KPI block …
    assert any("未识别出所属年度" in i.value for i in at.info)  # … but a clear empty state instead
    assert "年度关键指标" in [s.value for s in at.subheader]
    assert not at.get("plotly_chart")  # no empty year charts
    table = at.dataframe[0].value
    assert len(table) == n and set(table["agency_id"]) == {agency_id}
    assert "平均质量分" in m and "内容雷同" in m  # the rest of the page is kept


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_a_scope_of_unknown_years(sample_db, monkeypatch, unknown_year_only, page):
    at = _run(sample_db, monkeypatch, page, q=unknown_year_only[1])
    assert at.info or at.metric or at.dataframe


def test_profile_of_an_agency_with_only_unknown_year_reports(sample_db, monkeypatch, unknown_year_only):
    agency_id, name, n, paths = unknown_year_only
    at = _run(sample_db, monkeypatch, "profile", agency_id=agency_id)
    assert at.header[0].value == name
    m = {x.label: x.value for x in at.metric}
    assert m["年报数"] == str(n) and m["覆盖年度"] == "—" and m["最新质量分"] == "—"
    assert any(f"{n} 份年报均未识别出所属年度" in i.value for i in at.info)
    # the reports are still listed (年报列表), with their files
    listed = at.dataframe[-1].value
    assert sorted(listed["文件"]) == sorted(paths)
    assert listed["年度"].isna().all()


def test_quality_page_on_real_reports(sample_db, monkeypatch):
    """Real reports: the mean score and the lowest-scoring report match report_quality."""
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        mean, lowest, n = con.execute(
            "select avg(quality_score), min(quality_score), count(quality_score) from report_quality"
        ).fetchone()
    finally:
        con.close()
    at = _run(sample_db, monkeypatch, "quality")
    m = {x.label: x.value for x in at.metric}
    assert float(m["平均质量分"]) == pytest.approx(mean, abs=0.05)
    low = next(d.value for d in at.dataframe if "missing_sections" in d.value.columns)
    assert len(low) == n and low["quality_score"].iloc[0] == pytest.approx(lowest)
