"""Every dashboard page on the Putian build (221 real reports, issue 11): renamed organs, a merger, the
city's whole-jurisdiction reports. The build is the session's one Putian build (tests/test_lineage.py)."""

from __future__ import annotations

import duckdb
import pytest

from tests.dashboard.conftest import APP, PAGES
from tests.test_lineage import putian_db  # noqa: F401 - the shared session fixture


@pytest.fixture(scope="module")
def putian(putian_db):  # noqa: F811
    con = duckdb.connect(str(putian_db), read_only=True)
    yield putian_db, con
    con.close()


def run(db, monkeypatch, page: str | None = None, **qp: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(qp)
    at.run()
    if page and page != "overview":
        at.switch_page(f"views/{page}.py")
        at.query_params.update(qp)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_on_the_putian_build(putian, monkeypatch, page):
    db, _ = putian
    at = run(db, monkeypatch, page)
    assert at.metric or at.dataframe, f"{page} shows nothing on the Putian build"


def agency_with_names(con, n: int) -> str:
    return con.execute(
        "select agency_id from agencies where len(names) = ? order by n_reports desc, agency_id limit 1", [n]
    ).fetchone()[0]


def test_profile_of_a_renamed_agency_shows_its_names(putian, monkeypatch):
    """The profile used to crash for every agency with more than one name; now it lists them with years."""
    db, con = putian
    aid = con.execute(
        "select agency_id from agency_names group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()[0]
    names = con.execute(
        "select name, first_year, last_year from agency_names where agency_id = ? order by first_year", [aid]
    ).fetchall()
    assert len(names) >= 2
    at = run(db, monkeypatch, "profile", agency_id=aid)
    assert at.selectbox(key="pf_agency").value == aid
    assert any(s.value == "名称沿革" for s in at.subheader)
    listing = next(m.value for m in at.markdown if names[0][0] in m.value and "份年报" in m.value)
    for name, first, last in names:
        assert name in listing and str(first) in listing and str(last) in listing
    # the former names are also in the caption, and the evidence table lists the renames
    assert any("曾用名" in c.value for c in at.caption)
    assert any(e.label == "沿革判定依据" for e in at.expander)


def test_profile_of_a_merged_agency_links_its_predecessors(putian, monkeypatch):
    db, con = putian
    rows = con.execute(
        """select successor_agency_id, predecessor_agency_id, predecessor from agency_lineage
           where kind = 'merger' order by 1, 2"""
    ).fetchall()
    if not rows:
        pytest.skip("no merger in this build")
    successor = rows[0][0]
    at = run(db, monkeypatch, "profile", agency_id=successor)
    links = [p.label for p in at.get("page_link")]
    for succ, _, pred in rows:
        if succ == successor:
            assert any("前身（合并" in label and pred in label for label in links), links
    # the series following the lineage: the predecessors' years summed with the successor's
    assert any("按沿革合并的时间序列" in m.value for m in at.markdown)
    keys = {b.key for b in at.get("download_button")}
    assert {"pf_lineage_series_xlsx", "pf_lineage_chart_png", "pf_lineage_links_csv"} <= keys


def test_profile_opens_an_old_organ_id_as_its_agency(putian, monkeypatch):
    db, con = putian
    row = con.execute(
        "select organ_id, agency_id from agency_names where organ_id <> agency_id order by 1 limit 1"
    ).fetchone()
    if row is None:
        pytest.skip("no rename in this build")
    organ_id, agency_id = row
    at = run(db, monkeypatch, "profile", agency_id=organ_id)
    assert at.selectbox(key="pf_agency").value == agency_id
    assert any("已因更名并入同一机构" in i.value for i in at.info)


def test_overview_shows_aggregates_beside_their_organs(putian, monkeypatch):
    db, con = putian
    n = con.execute("select count(*) from reports where scope = 'aggregate'").fetchone()[0]
    at = run(db, monkeypatch)
    titles = [s.value for s in at.subheader]
    assert n, "the city-wide reports 2008–2018 are aggregates"
    assert "全市汇总报告 vs 各机关合计" in titles
    table = at.dataframe[-1].value
    assert len(table) == n
    assert {"新收申请（汇总报告）", "新收申请（各机关合计）", "已收录机关年报数"} <= set(table.columns)


def test_ranking_leaves_out_aggregates(putian, monkeypatch):
    db, con = putian
    year = con.execute(
        "select max(year) from reports where scope = 'aggregate' and year is not null"
    ).fetchone()[0]
    assert year is not None, "the city-wide reports 2008–2018 are aggregates"
    at = run(db, monkeypatch, "ranking", metric="requests_received", year=str(year))
    table = at.dataframe[0].value
    only_aggregate = {
        a
        for (a,) in con.execute(
            """select agency_id from reports where year = ? group by 1
               having bool_and(coalesce(scope, 'organ') = 'aggregate')""",
            [year],
        ).fetchall()
    }
    assert only_aggregate and not (set(table.uid) & only_aggregate)
    assert any("全辖区汇总报告" in c.value for c in at.caption)


def test_report_text_is_escaped():
    from dashboard.ui import esc

    shown = esc("莆田市<script>alert(1)</script>局 **粗体** [链接](http://x) :red[红] $x$")
    assert "<" not in shown and ">" not in shown
    assert "&lt;script&gt;" in shown
    for raw in ("**", "[链接](", ":red[", "$x$"):
        assert raw not in shown
