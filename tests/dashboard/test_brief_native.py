"""The briefing pack's native PowerPoint charts: each chart's plotted data and its embedded workbook
hold the numbers the dashboard's queries (and direct SQL) return for the same filters; fonts are
set for Chinese text."""

from __future__ import annotations

import io
import math

import pytest
from lxml import etree

Y0, Y1 = 2014, 2023
EA_FONT = "Noto Sans CJK SC"


@pytest.fixture(scope="module")
def filters(big_province):
    from dashboard.filters import Filters

    return Filters(province=big_province, year_from=Y0, year_to=Y1)


@pytest.fixture(scope="module")
def prs(synth_db, filters):
    from pptx import Presentation

    from dashboard.brief import build_brief

    return Presentation(io.BytesIO(build_brief(synth_db, filters)))


@pytest.fixture(scope="module")
def cur(synth_db):
    from dashboard import db

    con = db.open_database(synth_db)
    with db.cursor(con) as c:
        yield c
    con.close()


def charts_of(slide) -> list:
    return [sh.chart for sh in slide.shapes if sh.has_chart]


def plotted(chart) -> tuple[list[str], dict[str, list]]:
    """(categories, series name → values) as the chart plots them."""
    plot = chart.plots[0]
    return [str(c) for c in plot.categories], {s.name: list(s.values) for s in plot.series}


def workbook(chart) -> tuple[list, dict[str, list]]:
    """(categories, series name → values) from the chart's embedded workbook (column A, header row)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    return [r[0] for r in body], {h: [r[j] for r in body] for j, h in enumerate(head) if j}


def same(a: list, b: list) -> bool:
    """Equal lists of numbers, None and NaN both meaning no value."""

    def norm(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else pytest.approx(float(v))

    return [norm(v) for v in a] == [norm(v) for v in b]


def test_the_pack_has_native_charts_with_chinese_fonts(prs):
    charts = [c for s in prs.slides for c in charts_of(s)]
    assert len(charts) >= 3
    for chart in charts:
        xml = etree.tostring(chart._chartSpace).decode()
        assert f'<a:ea typeface="{EA_FONT}"' in xml  # East Asian text has its own font entry
        assert chart.part.chart_workbook.xlsx_part is not None
    # the text boxes too
    runs = [
        r
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    assert runs and all(r._r.rPr.find("{*}ea").get("typeface") == EA_FONT for r in runs)


def test_request_and_rate_charts_hold_the_yearly_kpis(prs, cur, filters, direct, big_province):
    from dashboard import queries

    yk = queries.yearly_kpis(cur, filters).dropna(subset=["year"])
    years = [int(y) for y in yk.year]
    assert len(years) >= 5
    (req,) = charts_of(prs.slides[2])
    cats, series = plotted(req)
    assert [int(c) for c in cats] == years
    assert same(series["新收申请"], list(yk.requests_received))
    assert same(series["办结申请"], list(yk.requests_processed))
    wcats, wseries = workbook(req)
    assert [int(c) for c in wcats] == years
    assert same(wseries["新收申请"], list(yk.requests_received))
    assert same(wseries["办结申请"], list(yk.requests_processed))
    # and straight from the tables: Σ s.requests_received per year
    received = dict(
        direct.execute(
            """select r.year, sum(s.value) from report_summary s join reports r using (report_id)
               where r.province = ? and r.year between ? and ? and s.key = 's.requests_received'
               group by 1""",
            [big_province, Y0, Y1],
        ).fetchall()
    )
    assert same(wseries["新收申请"], [received.get(y) for y in years])

    (rate,) = charts_of(prs.slides[3])
    r = yk.dropna(subset=["disclosure_rate"])
    cats, series = plotted(rate)
    assert [int(c) for c in cats] == [int(y) for y in r.year]
    assert same(series["实质公开率"], list(r.disclosure_rate))
    assert same(workbook(rate)[1]["实质公开率"], list(r.disclosure_rate))
    assert rate.value_axis.tick_labels.number_format == "0%"


def test_ranking_chart_holds_the_ranking(prs, cur, filters):
    from dashboard import queries

    year = max(y for y in queries.metric_years(cur, filters, "disclosure_rate") if Y0 <= y <= Y1)
    rk = queries.ranking(cur, filters, "disclosure_rate", year, "region", 10)
    top = rk[rk.eligible].head(15)
    assert len(top) >= 3
    (chart,) = charts_of(prs.slides[4])
    cats, series = plotted(chart)
    assert cats == [f"{int(n)}. {name}" for n, name in zip(top["rank"], top["name"], strict=True)]
    assert same(series["实质公开率"], list(top.value))
    assert same(workbook(chart)[1]["实质公开率"], list(top.value))
    # the 95% intervals as custom error bars
    ser = chart.plots[0].series[0]._element  # python-pptx's xpath knows the c: prefix
    plus = [float(v) for v in ser.xpath("c:errBars/c:plus//c:v/text()")]
    minus = [float(v) for v in ser.xpath("c:errBars/c:minus//c:v/text()")]
    assert plus == pytest.approx(list(top.ci_high - top.value))
    assert minus == pytest.approx(list(top.value - top.ci_low))


def test_outcome_chart_holds_the_outcome_counts(prs, cur, filters):
    from dashboard import queries
    from dashboard.labels import OUTCOMES

    oc = queries.outcome_summary(cur, filters).dropna(subset=["requests", "year"])
    years = sorted(int(y) for y in oc.year.unique())
    (chart,) = charts_of(prs.slides[6])
    assert str(chart.chart_type).startswith("COLUMN_STACKED_100")
    cats, series = plotted(chart)
    wcats, wseries = workbook(chart)
    assert [int(c) for c in cats] == [int(c) for c in wcats] == years
    assert list(series) == [OUTCOMES[o] for o in OUTCOMES if o in set(oc.outcome)]
    for code, name in OUTCOMES.items():
        if name not in series:
            continue
        got = dict(zip(oc[oc.outcome == code].year.astype(int), oc[oc.outcome == code].requests, strict=True))
        assert same(series[name], [got.get(y) for y in years]), name
        assert same(wseries[name], [got.get(y) for y in years]), name


def test_dispute_charts_hold_the_dispute_rates(prs, cur, filters):
    from dashboard import queries

    dp = queries.dispute_by_year(cur, filters).dropna(subset=["value", "year"])
    labels = queries.metric_catalog(cur).set_index("metric").label
    charts = charts_of(prs.slides[7])
    assert len(charts) == 2
    assert [c.chart_title.text_frame.text for c in charts] == [
        "复议率与诉讼率（占办结申请）",
        "复议、诉讼纠错率",
    ]
    for chart, metrics in zip(
        charts,
        (("review_rate", "litigation_rate"), ("review_correction_rate", "litigation_correction_rate")),
        strict=True,
    ):
        sub = dp[dp.metric.isin(metrics)]
        years = sorted(int(y) for y in sub.year.unique())
        cats, series = plotted(chart)
        wcats, wseries = workbook(chart)
        assert [int(c) for c in cats] == [int(c) for c in wcats] == years
        for m in metrics:
            got = dict(zip(sub[sub.metric == m].year.astype(int), sub[sub.metric == m].value, strict=True))
            assert same(series[labels[m]], [got.get(y) for y in years]), m
            assert same(wseries[labels[m]], [got.get(y) for y in years]), m


def test_problem_table_holds_the_problem_shares(prs, cur, filters):
    from dashboard import queries
    from dashboard.labels import CATEGORIES

    pb = queries.problem_category_year(cur, filters)
    tbl = next(sh for sh in prs.slides[8].shapes if sh.has_table).table
    rows = [[c.text for c in r.cells] for r in tbl.rows]
    years = sorted(int(y) for y in pb.year.unique())
    assert rows[0] == ["问题类别"] + [str(y) for y in years]
    assert {r[0] for r in rows[1:]} == {CATEGORIES.get(c, c) for c in pb.category.unique()}
    by_label = {r[0]: r[1:] for r in rows[1:]}
    for rec in pb.itertuples():
        assert (
            by_label[CATEGORIES.get(rec.category, rec.category)][years.index(int(rec.year))]
            == f"{rec.share * 100:.0f}%"
        )
    # cells without mentions are blank
    assert sum(c == "" for r in rows[1:] for c in r[1:]) == len(years) * (len(rows) - 1) - len(pb)
