"""Every dashboard page under AppTest against a 300-report synthetic database, with filters set.

Expected numbers come from direct SQL on the database file (its tables and the ETL's views), not
from the dashboard's own query module.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import pytest

from tests.dashboard.conftest import PAGES, metrics, num


def scope_where(
    province: str | None = None, y0: int | None = None, y1: int | None = None
) -> tuple[str, list]:
    conds, params = ["true"], []
    if province:
        conds.append("province = ?")
        params.append(province)
    if y0 is not None:
        conds.append("year between ? and ?")
        params += [y0, y1]
    return " and ".join(conds), params


# ---- 总览 ------------------------------------------------------------------------------------------


def test_overview_counts_match_sql(app, direct, big_province):
    at = app(province=big_province, years="2012-2023")
    where, p = scope_where(big_province, 2012, 2023)
    n, agencies, years = direct.execute(
        f"select count(*), count(distinct agency_id), count(distinct year) from reports where {where}", p
    ).fetchone()
    m = metrics(at)
    assert num(m["年报数"]) == n
    assert num(m["机构数"]) == agencies
    assert num(m["年度数"]) == years
    # KPIs are for the latest year in scope: new requests from the ETL's summary view.
    received = direct.execute(
        f"""select sum(s.value) from report_summary s join reports r using (report_id)
            where s.key = 's.requests_received' and r.year = 2023 and {
            where.replace("province", "r.province").replace("year between", "r.year between")
        }""",
        p,
    ).fetchone()[0]
    assert num(m["新收申请数"]) == received
    assert at.subheader[0].value == "2023年关键指标"
    # report table: one row per report in scope
    table = at.dataframe[0].value
    assert len(table) == n
    assert set(table["year"]) <= set(range(2012, 2024))
    assert len(at.get("plotly_chart")) >= 3
    assert at.query_params["province"] == big_province
    assert at.query_params["years"] == "2012-2023"


def test_overview_filter_through_sidebar_updates_numbers_and_url(app, direct, big_province):
    at = app()
    total = direct.execute("select count(*) from reports").fetchone()[0]
    assert num(metrics(at)["年报数"]) == total
    at.selectbox(key="f_province").set_value(big_province).run()
    n = direct.execute("select count(*) from reports where province = ?", [big_province]).fetchone()[0]
    assert num(metrics(at)["年报数"]) == n
    assert at.query_params["province"] == big_province
    city = direct.execute(
        "select city from reports where province = ? and city is not null group by 1 order by count(*) desc limit 1",
        [big_province],
    ).fetchone()[0]
    at.selectbox(key="f_city").set_value(city).run()
    n_city = direct.execute("select count(*) from reports where city = ?", [city]).fetchone()[0]
    assert num(metrics(at)["年报数"]) == n_city
    assert at.query_params["city"] == city
    at.button(key="f_reset").click().run()
    assert num(metrics(at)["年报数"]) == total
    assert "province" not in at.query_params and "city" not in at.query_params


def test_overview_empty_state_and_injection_safe(app):
    at = app(q="'; drop table reports; --")
    assert any("没有数据" in i.value for i in at.info)
    assert not at.metric
    at2 = app()  # the database is intact
    assert num(metrics(at2)["年报数"]) == 300


# ---- 排名 ------------------------------------------------------------------------------------------


def test_ranking_matches_report_metrics(app, direct, big_province):
    year = direct.execute(
        """select year from report_metrics where province = ? and metric = 'disclosure_rate'
           group by 1 order by count(*) desc, year desc limit 1""",
        [big_province],
    ).fetchone()[0]
    at = app("ranking", province=big_province, metric="disclosure_rate", year=str(year))
    rows = direct.execute(
        """select agency_id, sum(numerator) / sum(denominator) as v, sum(denominator) as d
           from report_metrics where province = ? and metric = 'disclosure_rate' and year = ?
           group by agency_id order by v desc""",
        [big_province, year],
    ).fetchall()
    table = at.dataframe[0].value
    assert len(table) == len(rows)
    eligible = [r for r in rows if r[2] >= 10]
    ranked = table[table["排名"] != "未排名"]
    assert len(ranked) == len(eligible)
    assert ranked["数值"].iloc[0] == pytest.approx(eligible[0][1] * 100)
    assert ranked["uid"].iloc[0] == eligible[0][0] or ranked["数值"].iloc[0] == pytest.approx(
        eligible[1][1] * 100
    )
    # Wilson interval from the ETL's report_metrics for a single-report agency-year
    first = ranked.iloc[0]
    lo, hi = direct.execute(
        "select ci_low, ci_high from report_metrics where agency_id = ? and year = ? and metric = 'disclosure_rate'",
        [first["uid"], year],
    ).fetchone()
    assert first["区间下限"] == pytest.approx(lo * 100)
    assert first["区间上限"] == pytest.approx(hi * 100)
    unranked = table[table["排名"] == "未排名"]
    assert all(str(x).startswith("样本不足") for x in unranked["标记"])
    assert num(metrics(at)["参与排名"]) == len(eligible)
    assert at.get("plotly_chart")  # interval chart
    assert at.query_params["metric"] == "disclosure_rate"


def test_ranking_changes_with_min_denominator_and_region_unit(app, direct, big_province):
    at = app("ranking", province=big_province, metric="disclosure_rate")
    before = num(metrics(at)["参与排名"])
    at.number_input(key="rk_min").set_value(1).run()
    after = num(metrics(at)["参与排名"])
    assert after >= before
    assert at.query_params["min"] == "1"
    at.radio(key="rk_unit").set_value("region").run()
    table = at.dataframe[0].value
    cities = direct.execute(
        "select count(distinct coalesce(city, '（本级）')) from reports where province = ? and year = ?",
        [big_province, int(at.selectbox(key="rk_year").value)],
    ).fetchone()[0]
    assert 1 <= len(table) <= cities


def test_a_long_league_table_is_shown_a_page_at_a_time(app, big_province, monkeypatch):
    from dashboard import ui

    full = app("ranking", province=big_province, metric="disclosure_rate").dataframe[0].value
    assert len(full) > 4
    monkeypatch.setattr(ui, "PAGE_ROWS", 3)
    at = app("ranking", province=big_province, metric="disclosure_rate")
    assert at.dataframe[0].value["uid"].tolist() == full["uid"].tolist()[:3]
    at.number_input(key="rk_table_page").set_value(2).run()
    assert at.dataframe[0].value["uid"].tolist() == full["uid"].tolist()[3:6]
    assert any("导出的文件包含全部行" in c.value for c in at.caption)
    # the last page, then fewer pages (e.g. a smaller scope): back to the first page, no error (the
    # picker's bounds changed; ui.page_of relies on Streamlit for this)
    at.number_input(key="rk_table_page").set_value(-(-len(full) // 3)).run()
    monkeypatch.setattr(ui, "PAGE_ROWS", len(full) - 1)
    at.run()
    assert not at.exception
    assert at.dataframe[0].value["uid"].tolist() == full["uid"].tolist()[: len(full) - 1]


# ---- 机构画像 --------------------------------------------------------------------------------------


def test_profile_from_url_traces_number_to_source(app, direct):
    from html import unescape

    agency_id, name = direct.execute(
        """select a.agency_id, a.name from agencies a
           where exists (select 1 from reports r where r.agency_id = a.agency_id and r.format = '2021')
           order by n_reports desc limit 1"""
    ).fetchone()
    at = app("profile", agency_id=agency_id)
    assert at.selectbox(key="pf_agency").value == agency_id
    assert at.header[0].value == name
    assert (
        num(metrics(at)["年报数"])
        == direct.execute("select count(*) from reports where agency_id = ?", [agency_id]).fetchone()[0]
    )
    # Trace t3.new_received.total of the latest 2021-format year to its span.
    year, rid, value, s, e = direct.execute(
        """select r.year, f.report_id, f.value, f.span_start, f.span_end from facts f join reports r using (report_id)
           where r.agency_id = ? and f.key = 't3.new_received.total' order by r.year desc limit 1""",
        [agency_id],
    ).fetchone()
    at.selectbox(key="pf_src_key").set_value("t3.new_received.total")
    at.selectbox(key="pf_src_year").set_value(year)
    at.run()
    text = direct.execute("select text from report_texts where report_id = ?", [rid]).fetchone()[0]
    assert text[s:e] == str(int(value))
    html = [m.value for m in at.markdown if "<mark" in m.value]
    assert html and f">{int(value)}</mark>" in html[0]
    # the context before the span is shown (as character references: line breaks, Markdown's characters)
    assert text[max(0, s - 20) : s] in unescape(html[0])
    assert any(f"{year}年 · " in m.value and f"= {int(value)}" in m.value for m in at.markdown)
    path = direct.execute("select path from reports where report_id = ?", [rid]).fetchone()[0]
    assert any(path in m.value for m in at.markdown)
    assert at.query_params["agency_id"] == agency_id
    assert len(at.tabs) == 6


def test_profile_problems_and_checks(app, direct):
    agency_id = direct.execute(
        """select r.agency_id from checks c join reports r using (report_id) where c.status = 'fail'
           group by 1 order by count(*) desc limit 1"""
    ).fetchone()[0]
    at = app("profile", agency_id=agency_id)
    n_fail = direct.execute(
        "select count(*) from checks c join reports r using (report_id) where r.agency_id = ? and c.status = 'fail'",
        [agency_id],
    ).fetchone()[0]
    assert num(metrics(at)["校验不一致"]) == n_fail
    n_prob = direct.execute(
        "select count(*) from problems p join reports r using (report_id) where r.agency_id = ? and kind = 'problem'",
        [agency_id],
    ).fetchone()[0]
    assert num(metrics(at)["问题表述"]) == n_prob
    assert any(f"共 {n_prob} 条问题表述" in c.value for c in at.caption)


def frame_with(at, *columns: str):
    """The first table on the page that has all `columns`."""
    for d in at.dataframe:
        if all(c in d.value.columns for c in columns):
            return d.value
    raise AssertionError(f"no table with columns {columns}")


def test_profile_quality_tab_similarity_and_copied_flag(app, direct):
    """Per year: similarity to the previous report (whole text, section 五), 内容雷同 marked, score."""
    agency_id = direct.execute(
        """select r.agency_id from reports r join report_quality q using (report_id)
           where q.content_copied or q.problems_copied group by 1 order by count(*) desc, 1 limit 1"""
    ).fetchone()[0]
    rows = direct.execute(
        """select r.year, q.prev_year, q.similarity_prev_year, q.similarity_prev_year_problems,
               coalesce(q.content_copied, false), coalesce(q.problems_copied, false), q.quality_score
           from reports r join report_quality q using (report_id)
           where r.agency_id = ? and r.year is not null order by r.year""",
        [agency_id],
    ).fetchall()
    at = app("profile", agency_id=agency_id)
    assert [t.label for t in at.tabs][4] == "年报质量"
    grid = frame_with(at, "similarity_prev_year", "content_copied", "quality_score")
    assert grid["year"].tolist() == [r[0] for r in rows]
    for (year, prev, sim, sim5, copied, copied5, score), (_, g) in zip(rows, grid.iterrows(), strict=True):
        assert g["prev_year"] == prev or (prev is None and pd.isna(g["prev_year"]))
        assert (
            g["similarity_prev_year"] == pytest.approx(sim, nan_ok=True)
            if sim is not None
            else pd.isna(g["similarity_prev_year"])
        )
        if sim5 is not None:
            assert g["similarity_prev_year_problems"] == pytest.approx(sim5)
        assert (g["content_copied"] == "⚠ 雷同") == copied, year
        assert (g["problems_copied"] == "⚠ 雷同") == copied5, year
        assert g["quality_score"] == pytest.approx(score)
    flagged = [r[0] for r in rows if r[4] or r[5]]
    assert metrics(at)["内容雷同"] == f"{len(flagged)} 年"
    warnings = [w.value for w in at.warning]
    for year in flagged:
        assert any(f"{year}年年报内容雷同" in w for w in warnings)
    assert num(metrics(at)["最新质量分"]) == pytest.approx(rows[-1][6])
    keys = {b.key for b in at.get("download_button")}
    assert {"pf_similarity_png", "pf_quality_png", "pf_quality_table_xlsx"} <= keys
    # the source-text tracing of the first tab is still there
    assert at.selectbox(key="pf_src_key").value and any("<mark" in m.value for m in at.markdown)


# ---- 对比 ------------------------------------------------------------------------------------------


def test_compare_agencies(app, direct, big_province):
    ids = [
        r[0]
        for r in direct.execute(
            "select agency_id from reports where province = ? group by 1 order by count(*) desc limit 3",
            [big_province],
        ).fetchall()
    ]
    at = app("compare", province=big_province, metric="requests_received", ids=",".join(ids))
    assert at.multiselect(key="cmp_ids").value == ids
    table = at.dataframe[0].value
    assert len(table) == 3
    expected = direct.execute(
        """select r.year, s.value from report_summary s join reports r using (report_id)
           where r.agency_id = ? and s.key = 's.requests_received' order by r.year desc limit 1""",
        [ids[0]],
    ).fetchone()
    name = direct.execute("select name from agencies where agency_id = ?", [ids[0]]).fetchone()[0]
    assert num(table.loc[name, str(expected[0])]) == expected[1]
    assert at.get("plotly_chart")


# ---- 申请办理 / 复议诉讼 -----------------------------------------------------------------------------


def test_requests_totals(app, direct, big_province):
    at = app("requests", province=big_province)
    total = direct.execute(
        """select sum(s.value) from report_summary s join reports r using (report_id)
           where r.province = ? and s.key = 's.requests_received'""",
        [big_province],
    ).fetchone()[0]
    assert num(metrics(at)["新收申请（合计）"]) == total
    assert len(at.get("plotly_chart")) >= 4  # volumes, applicants, outcomes, reasons
    assert (
        len(at.dataframe[0].value)
        == direct.execute(
            "select count(distinct year) from reports where province = ?", [big_province]
        ).fetchone()[0]
    )


def test_disputes_totals_and_groups(app, direct, big_province):
    at = app("disputes", province=big_province, group="level", metric="review_rate")
    reviews = direct.execute(
        """select sum(f.value) from facts f join reports r using (report_id)
           where r.province = ? and f.key = 't4.review.total'""",
        [big_province],
    ).fetchone()[0]
    assert num(metrics(at)["行政复议（起）"]) == reviews
    assert at.radio(key="dp_group").value == "level"
    table = at.dataframe[0].value
    levels = direct.execute(
        """select count(distinct level) from report_metrics where province = ? and metric = 'review_rate'""",
        [big_province],
    ).fetchone()[0]
    assert len(table) == levels
    assert (table["区间下限"] <= table["复议率"]).all() and (table["复议率"] <= table["区间上限"]).all()


# ---- 问题分析 / 数据质量 / 数据下载 -----------------------------------------------------------------


def test_problems_page(app, direct, big_province):
    at = app("problems", province=big_province, category="institutions")
    assert len(at.get("plotly_chart")) == 3  # heatmap + spread + map
    quotes = at.dataframe[-1].value
    expected = direct.execute(
        """select count(*) from problems p join reports r using (report_id)
           where r.province = ? and p.kind = 'problem' and list_contains(p.categories, 'institutions')""",
        [big_province],
    ).fetchone()[0]
    assert len(quotes) == min(expected, 200)
    assert quotes["类别"].str.contains("制度机制不健全").all()
    chronic = at.dataframe[0].value
    assert (chronic["连续年数"] >= 2).all()
    assert (chronic["结束年"] - chronic["起始年"] + 1 == chronic["连续年数"]).all()


def test_quality_page(app, direct, big_province):
    at = app("quality", province=big_province)
    failing = direct.execute(
        """select count(distinct report_id) from checks c join reports r using (report_id)
           where r.province = ? and c.status = 'fail'""",
        [big_province],
    ).fetchone()[0]
    assert num(metrics(at)["校验不一致的年报"]) == failing
    blanks = direct.execute(
        "select count(*) from facts f join reports r using (report_id) where r.province = ? and f.is_blank",
        [big_province],
    ).fetchone()[0]
    assert num(metrics(at)["空白单元格"]) == blanks
    errors = at.dataframe[-1].value
    assert len(errors) == direct.execute("select count(*) from ingest_errors").fetchone()[0]


def test_quality_page_report_scores(app, direct, big_province):
    """The report-quality view: mean score, 内容雷同 counts, lowest scores first, copied list, by year."""
    at = app("quality", province=big_province)
    base = "from reports r join report_quality q using (report_id) where r.province = ?"
    mean, copied, copied5, compared, scored = direct.execute(
        f"""select avg(q.quality_score), count(*) filter (where q.content_copied),
               count(*) filter (where q.problems_copied), count(q.similarity_prev_year), count(q.quality_score)
            {base}""",
        [big_province],
    ).fetchone()
    m = metrics(at)
    assert num(m["平均质量分"]) == pytest.approx(mean, abs=0.05)
    assert num(m["全文雷同"]) == copied
    assert num(m["问题与改进雷同"]) == copied5
    assert num(m["可与上年比较"]) == compared

    low = frame_with(at, "quality_score", "completeness", "missing_sections")
    assert len(low) == min(scored, 500)
    assert low["quality_score"].is_monotonic_increasing
    worst = direct.execute(
        f"select min(q.quality_score) {base}",
        [big_province],
    ).fetchone()[0]
    assert low["quality_score"].iloc[0] == pytest.approx(worst)
    first = low.iloc[0]
    comp, cons, sim = direct.execute(
        f"""select q.completeness, q.consistency, q.similarity_prev_year {base}
            and r.agency_id = ? and r.year = ?""",
        [big_province, first["agency_id"], int(first["year"])],
    ).fetchone()
    assert first["completeness"] == pytest.approx(comp * 100)
    assert (cons is None and pd.isna(first["consistency"])) or first["consistency"] == pytest.approx(
        cons * 100
    )
    assert (sim is None and pd.isna(first["similarity_prev_year"])) or first[
        "similarity_prev_year"
    ] == pytest.approx(sim)
    assert first["画像"] == "profile?agency_id=" + quote(first["agency_id"], safe="")

    cp = frame_with(at, "prev_year", "similarity_prev_year", "problems_copied")
    expected = direct.execute(
        f"""select r.agency_id, r.year, q.prev_year {base} and (q.content_copied or q.problems_copied)""",
        [big_province],
    ).fetchall()
    assert len(expected) > 0  # the synthetic data has copied reports
    assert sorted(zip(cp.agency_id, cp.year, cp.prev_year, strict=True)) == sorted(expected)
    assert (cp[["content_copied", "problems_copied"]] == "⚠ 雷同").any(axis=1).all()
    assert all(u.startswith("profile?agency_id=") for u in cp["画像"])

    by_year = frame_with(at, "reports", "quality_score", "copied")
    sql_years = direct.execute(
        f"""select r.year, count(*), avg(q.quality_score), count(*) filter (where q.content_copied)
            {base} group by 1 order by 1""",
        [big_province],
    ).fetchall()
    assert by_year["year"].tolist() == [y for y, *_ in sql_years]
    assert by_year["reports"].tolist() == [n for _, n, _, _ in sql_years]
    assert by_year["quality_score"].tolist() == pytest.approx([s for _, _, s, _ in sql_years])
    assert by_year["copied"].tolist() == [c for *_, c in sql_years]

    assert any(e.label == "质量分如何计算" for e in at.expander)
    formula = next(md.value for md in at.markdown if "质量分 = 100" in md.value)
    for weight in (
        "完整性（权重 25）",
        "一致性（权重 25）",
        "原创性（权重 20）",
        "及时性（权重 10）",
        "0.85",
    ):
        assert weight in formula
    keys = {b.key for b in at.get("download_button")}
    assert {"dq_score_year_png", "dq_copied_year_svg", "dq_scores_xlsx", "dq_copied_csv"} <= keys


def test_overview_quality_summary_and_columns(app, direct, big_province):
    at = app(province=big_province)
    mean, copied = direct.execute(
        """select avg(q.quality_score), count(*) filter (where q.content_copied)
           from reports r join report_quality q using (report_id) where r.province = ?""",
        [big_province],
    ).fetchone()
    m = metrics(at)
    assert num(m["平均质量分"]) == pytest.approx(mean, abs=0.05)
    assert num(m["内容雷同"]) == copied
    table = frame_with(at, "quality_score", "雷同")
    assert (table["雷同"] == "⚠ 雷同").sum() == copied


def test_download_page_and_writers(app, direct, big_province, synth_db):
    import io

    import pandas as pd

    from dashboard import db, queries
    from dashboard.export import to_csv, to_parquet, to_xlsx
    from dashboard.filters import Filters

    at = app("download", province=big_province)
    labels = [b.label for b in at.get("download_button")]
    assert (
        labels.count("下载 CSV") == 3 and labels.count("下载 XLSX") == 3 and labels.count("下载 Parquet") == 3
    )
    con = db.open_database(synth_db)
    try:
        with db.cursor(con) as cur:
            df = queries.export_reports(cur, Filters(province=big_province))
    finally:
        con.close()
    n = direct.execute("select count(*) from reports where province = ?", [big_province]).fetchone()[0]
    assert len(df) == n
    raw = to_csv(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert len(back) == n and back["agency"].iloc[0] == df["agency"].iloc[0]
    assert len(pd.read_parquet(io.BytesIO(to_parquet(df)))) == n
    assert len(pd.read_excel(io.BytesIO(to_xlsx(df)))) == n


# ---- exports (issue 7) ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_and_table_has_downloads(app, big_province, page):
    at = app(None if page == "overview" else page, province=big_province)
    labels = [b.label for b in at.get("download_button")]
    n_charts = len(at.get("plotly_chart"))
    n_tables = len(at.dataframe)
    assert n_charts or page in ("download",)
    assert labels.count("PNG 图片") == n_charts == labels.count("SVG 矢量图")
    assert labels.count("导出 Excel") == n_tables == labels.count("导出 CSV")
    keys = [b.key for b in at.get("download_button")]
    assert len(keys) == len(set(keys))
    assert ("生成简报（PowerPoint）" in labels) == (page == "overview")


def test_brief_button_and_chart_downloads_on_overview(app):
    at = app()
    buttons = {b.key: b for b in at.get("download_button")}
    for key in ("ov_trend", "ov_rate", "ov_formats"):
        assert f"{key}_png" in buttons and f"{key}_svg" in buttons
    assert "ov_reports_xlsx" in buttons and "ov_reports_csv" in buttons
    assert buttons["ov_brief"].label == "生成简报（PowerPoint）"
    # switching a filter keeps the buttons (they are rebuilt for the new scope, files made on click)
    at.selectbox(key="f_province").set_value(at.selectbox(key="f_province").options[1]).run()
    assert not at.exception
    assert "ov_brief" in {b.key for b in at.get("download_button")}
