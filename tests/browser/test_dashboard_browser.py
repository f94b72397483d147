"""The real app in headless Chromium: filters through the UI, ranking, profile → source text, CSV download.

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

from tests.browser.conftest import shot, wait_ready

pytestmark = pytest.mark.browser

PAGES = [
    "overview",
    "ranking",
    "profile",
    "compare",
    "requests",
    "disputes",
    "problems",
    "quality",
    "download",
]


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
