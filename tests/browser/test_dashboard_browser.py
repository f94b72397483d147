"""The real app in headless Chromium: filters through the UI, ranking, profile → source text, CSV download,
chart PNG and table XLSX downloads, the briefing pack.

Screenshots of every page go to tests/artifacts/ (look at them: Chinese must render, not boxes).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from etl.store import texts
from tests.browser.conftest import ARTIFACTS, shot, wait_ready
from tests.dashboard.conftest import PAGES

pytestmark = pytest.mark.browser


def metric_value(pg, label: str) -> str:
    box = pg.locator('[data-testid="stMetric"]').filter(
        has=pg.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^\\s*{re.escape(label)}\\s*$"))
    )
    return box.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def choose(pg, label: str, option: str, sidebar: bool = False) -> None:
    """Pick `option` in the selectbox labelled `label` by typing into it, as a user would."""
    root = pg.locator('[data-testid="stSidebar"]') if sidebar else pg.locator('[data-testid="stMain"]')
    box = root.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    pg.keyboard.type(option)
    pg.locator('[role="option"]').filter(has_text=option).first.click()
    wait_ready(pg)


@pytest.fixture(scope="module")
def facts(browser_db):
    con = duckdb.connect(str(browser_db), read_only=True)
    texts.ensure_view(con)
    try:
        province = con.execute(
            "select province from reports group by 1 order by count(*) desc limit 1"
        ).fetchone()[0]
        total = con.execute("select count(*) from reports").fetchone()[0]
        in_prov = con.execute("select count(*) from reports where province = ?", [province]).fetchone()[0]
        agency_id, name = con.execute(
            """select a.agency_id, a.name from agencies a where a.province = ? and exists (
                   select 1 from reports r where r.agency_id = a.agency_id and r.format = '2021')
               order by a.n_reports desc limit 1""",
            [province],
        ).fetchone()
        year, value, rid, s, e = con.execute(
            """select r.year, f.value, f.report_id, f.span_start, f.span_end from facts f join reports r using (report_id)
               where r.agency_id = ? and f.key = 't3.new_received.total' order by r.year desc limit 1""",
            [agency_id],
        ).fetchone()
        text = con.execute("select text from report_texts where report_id = ?", [rid]).fetchone()[0]
    finally:
        con.close()
    return {
        "province": province,
        "total": total,
        "in_prov": in_prov,
        "agency_id": agency_id,
        "name": name,
        "year": year,
        "value": int(value),
        "span_text": text[s:e],
        "before": text[max(0, s - 15) : s],
    }


def test_every_page_renders_with_screenshot(server, page):
    for name in PAGES:
        page.goto(f"{server}/{'' if name == 'overview' else name}")
        wait_ready(page)
        assert page.locator("h1").first.inner_text().strip() != ""
        out = shot(page, f"page_{name}")
        assert out.stat().st_size > 10_000
    assert page.locator('[data-testid="stSidebarNav"]').inner_text().count("总览") == 1


def test_filter_in_ui_changes_overview_and_ranking(server, page, facts):
    page.goto(server + "/")
    wait_ready(page)
    assert metric_value(page, "年报数") == f"{facts['total']:,}"
    choose(page, "省份", facts["province"], sidebar=True)
    assert metric_value(page, "年报数") == f"{facts['in_prov']:,}"
    assert re.search(r"province=", page.url)

    # Navigating within the session keeps the filter (and writes it back to the URL).
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="排名").click()
    wait_ready(page)
    assert "/ranking" in page.url and "province=" in page.url
    assert facts["province"] in page.get_by_text("当前范围：").first.inner_text()

    # A fresh session on the ranking page starts nationwide; filtering in the UI changes the ranking.
    page.goto(f"{server}/ranking")
    wait_ready(page)
    national = metric_value(page, "参与排名")
    caption_all = page.get_by_text("当前范围：").first.inner_text()
    assert "全国" in caption_all
    choose(page, "省份", facts["province"], sidebar=True)
    assert facts["province"] in page.get_by_text("当前范围：").first.inner_text()
    provincial = metric_value(page, "参与排名")
    assert int(provincial.replace(",", "")) < int(national.replace(",", ""))
    assert "province=" in page.url and "metric=disclosure_rate" in page.url
    shot(page, "ranking_filtered")


def test_profile_number_to_source_text(server, page, facts):
    page.goto(f"{server}/profile?agency_id={quote(facts['agency_id'])}")
    wait_ready(page)
    assert page.locator("h2").filter(has_text=facts["name"]).count() == 1
    choose(page, "溯源：项目", "本年新收")
    choose(page, "溯源：年度", str(facts["year"]))
    src = page.locator(".xxgk-source").first
    src.wait_for()
    assert src.locator("mark").inner_text() == str(facts["value"]) == facts["span_text"]
    assert facts["before"].strip()[-6:] in src.inner_text()
    shot(page, "profile_source")


def test_download_csv(server, page, facts):
    page.goto(f"{server}/download?province={quote(facts['province'])}")
    wait_ready(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=re.compile("下载 CSV")).first.click()
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == facts["in_prov"]
    assert {r["province"] for r in rows} == {facts["province"]}
    assert dl.value.suggested_filename.endswith("_reports.csv")


def test_chart_png_download(server, page):
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/")
    wait_ready(page)
    exports = page.locator(".st-key-ov_trend_exports")
    exports.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "overview_chart_exports.png"))  # the buttons under the charts
    with page.expect_download(timeout=90_000) as dl:
        exports.get_by_role("button", name=re.compile("PNG")).click()
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(raw)) as im:
        assert im.size[0] == 2000 and im.size[1] > 600  # 2× the export width
    name = dl.value.suggested_filename
    assert name.endswith(".png") and "申请数量趋势" in name and "全国" in name
    (ARTIFACTS / "download_chart_overview_trend.png").write_bytes(raw)
    with page.expect_download(timeout=60_000) as dl:
        exports.get_by_role("button", name=re.compile("SVG")).click()
    svg = Path(dl.value.path()).read_text(encoding="utf-8")
    assert "申请数量趋势" in svg and "范围：全国" in svg


def test_table_xlsx_download(server, page, facts):
    from openpyxl import load_workbook

    page.goto(f"{server}/requests?province={quote(facts['province'])}")
    wait_ready(page)
    with page.expect_download(timeout=60_000) as dl:
        page.locator(".st-key-rq_table_exports").get_by_role("button", name=re.compile("Excel")).click()
    assert dl.value.suggested_filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    ws = wb["数据"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["年度", "年报数", "新收"] and "结转率" in header
    assert ws.freeze_panes == "A2"
    rate_col = header.index("结转率") + 1
    rates = [ws.cell(r, rate_col) for r in range(2, ws.max_row + 1) if ws.cell(r, rate_col).value is not None]
    assert rates and all(c.number_format == "0.0%" and 0 <= c.value <= 1 for c in rates)
    notes = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True) if r[0]}
    assert facts["province"] in notes["筛选范围"]


def test_briefing_pack_download(server, page, facts):
    from pptx import Presentation

    page.goto(f"{server}/?province={quote(facts['province'])}")
    wait_ready(page)
    with page.expect_download(timeout=180_000) as dl:
        page.get_by_role("button", name=re.compile("生成简报")).click()
    assert dl.value.suggested_filename.endswith(".pptx")
    prs = Presentation(dl.value.path())
    maps = sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13)  # the map: a picture
    assert maps <= 1 and len(prs.slides) == 9 + maps
    title = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert any(facts["province"] in t for t in title)
    native = sum(1 for s in prs.slides for sh in s.shapes if sh.has_chart)
    assert native >= 3  # editable PowerPoint charts, not pictures
    years = [c.text for c in next(sh for sh in prs.slides[1].shapes if sh.has_table).table.rows[1].cells]
    assert years[0] == "年报数" and int(years[1].replace(",", "")) > 0


def test_quality_page_scores_and_copied_list(server, page, browser_db):
    con = duckdb.connect(str(browser_db), read_only=True)
    try:
        mean, copied = con.execute(
            "select avg(quality_score), count(*) filter (where content_copied) from report_quality"
        ).fetchone()
    finally:
        con.close()
    page.goto(f"{server}/quality")
    wait_ready(page)
    assert float(metric_value(page, "平均质量分")) == pytest.approx(mean, abs=0.05)
    assert int(metric_value(page, "全文雷同").replace(",", "")) == copied
    page.get_by_text("质量分如何计算").click()
    page.get_by_text("质量分 = 100").wait_for()
    shot(page, "quality_scores")
    page.get_by_role("tab", name="内容雷同").click()
    wait_ready(page)
    exports = page.locator(".st-key-dq_copied_exports")
    exports.scroll_into_view_if_needed()
    assert exports.get_by_role("button", name=re.compile("Excel")).count() == 1
    page.screenshot(path=str(ARTIFACTS / "quality_copied.png"))


def test_profile_quality_tab(server, page, browser_db):
    con = duckdb.connect(str(browser_db), read_only=True)
    try:
        agency_id, year, prev_year = con.execute(
            """select r.agency_id, r.year, q.prev_year from reports r join report_quality q using (report_id)
               where q.content_copied order by q.similarity_prev_year desc, r.agency_id limit 1"""
        ).fetchone()
    finally:
        con.close()
    page.goto(f"{server}/profile?agency_id={quote(agency_id)}")
    wait_ready(page)
    page.get_by_role("tab", name="年报质量").click()
    wait_ready(page)
    warning = page.locator('[data-testid="stAlert"]').filter(has_text=f"{year}年年报内容雷同").first
    warning.wait_for()
    assert f"与 {prev_year} 年年报相比" in warning.inner_text()
    assert page.locator(".st-key-pf_similarity_exports").count() == 1
    shot(page, "profile_quality")
