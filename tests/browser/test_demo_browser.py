"""The demo database in the real app (issue 16): `xxgk demo`'s database served, every page says 合成示例数据
at its top and is filled, and the sidebar's chooser lists the databases of the folder and switches.

Screenshots go to tests/artifacts/demo_<page>.png."""

from __future__ import annotations

import pytest

from tests.browser.conftest import REPO, serve, shot, wait_ready
from tests.dashboard.conftest import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EMPTY = "请放宽左侧的筛选条件"  # ui.empty(): a page with nothing to show


def _shown(box) -> str:
    """The option a selectbox shows (the value of its combobox input)."""
    return box.locator('input[role="combobox"]').first.input_value()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """data/ with the demo database (the real build of 240 generated reports) and a second database."""
    from bench.synth import make_synthetic_db
    from xxgk.demo import make_demo

    folder = tmp_path_factory.mktemp("demo_browser") / "data"
    result = make_demo(folder / "demo.duckdb", reports=240, jobs=2)
    assert result.failed == 0 and result.loaded == 240
    make_synthetic_db(folder / "other.duckdb", 120, seed=4)
    return folder


@pytest.fixture(scope="module")
def demo_server(demo_folder):
    with serve(demo_folder / "demo.duckdb", demo_folder / "streamlit.log") as base:
        yield base


# make test opens three pages of the demo; make test-long (-m long) all of them
_IN_MAKE_TEST = ("overview", "ranking", "quality")


@pytest.mark.parametrize(
    "page_name", [p if p in _IN_MAKE_TEST else pytest.param(p, marks=pytest.mark.long) for p in PAGES]
)
def test_every_page_is_labelled_and_filled(page, demo_server, page_name):
    page.goto(f"{demo_server}/{page_name}", wait_until="domcontentloaded")
    wait_ready(page, 120_000)
    main = page.locator('[data-testid="stMain"]')
    label = main.get_by_text("合成示例数据", exact=False).first
    assert label.is_visible()
    title = main.locator("h1").first
    assert label.bounding_box()["y"] < title.bounding_box()["y"], "the label heads the page"
    text = main.inner_text()
    assert EMPTY not in text, text[:500]
    filled = (
        main.locator('[data-testid="stPlotlyChart"]').count()
        + main.locator('[data-testid="stDataFrame"]').count()
        + main.locator('[data-testid="stMetric"]').count()
    )
    assert filled > 0, page_name
    assert "demo.duckdb（合成数据）" in page.locator('[data-testid="stSidebar"]').inner_text()
    shot(page, f"demo_{page_name}")


def test_sidebar_chooser_lists_and_switches_databases(page, demo_server):
    page.goto(f"{demo_server}/ranking", wait_until="domcontentloaded")
    wait_ready(page, 120_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    box = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="数据库").first
    assert _shown(box) == "demo.duckdb"
    box.locator('button[aria-label="Open"]').first.click()
    options = [o.inner_text().strip() for o in page.locator('[role="option"]').all()]
    # the served file first, then the others of its folder, then those of the repository's data/
    repo_data = [p.name for p in sorted((REPO / "data").glob("*.duckdb"))]
    assert options == ["demo.duckdb", "other.duckdb", *repo_data], options
    page.locator('[role="option"]').filter(has_text="other.duckdb").first.click()
    wait_ready(page, 120_000)
    assert "数据库：other.duckdb" in sidebar.inner_text()
    assert "db=other.duckdb" in page.url
    # the choice holds on another page and in a shared link
    page.goto(f"{demo_server}/overview?db=other.duckdb", wait_until="domcontentloaded")
    wait_ready(page, 120_000)
    assert "数据库：other.duckdb" in sidebar.inner_text()
    shot(page, "demo_chooser_other")


def test_roster_upload_lists_the_missing_organ(page, demo_server, demo_folder, tmp_path):
    """A roster naming an organ for a year it has no report: the 缺报年度 tab lists it, and its export
    holds the row; a name the database does not know is listed as unmatched."""
    import csv
    import io
    from pathlib import Path

    import duckdb

    con = duckdb.connect(str(demo_folder / "demo.duckdb"), read_only=True)
    try:  # an agency alone in its lineage group, and a year inside the data without its report
        name, year = con.execute(
            """select a.agency, y.year
               from dash_agencies a, range(2009, 2025) y(year)
               where a.lineage_group = a.agency_id and a.province is not null
                 and not exists (select 1 from dash_reports r where r.agency_id = a.agency_id and r.year = y.year)
               order by a.agency, y.year limit 1"""
        ).fetchone()
    finally:
        con.close()
    roster = tmp_path / "名单.csv"
    roster.write_text(f"机构名称,年份\n{name},{year}\n火星市教育局,2020\n", encoding="utf-8")

    page.goto(f"{demo_server}/quality", wait_until="domcontentloaded")
    wait_ready(page, 120_000)
    page.get_by_role("tab", name="缺报年度").click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(roster))
    wait_ready(page, 120_000)
    page.get_by_text("名单：2 行，2 个机构年度").wait_for()
    shot(page, "demo_quality_roster")

    def export(key: str) -> list[dict]:
        with page.expect_download(timeout=60_000) as dl:
            page.locator(f".st-key-{key}_exports").get_by_role("button", name="导出 CSV").click()
        return list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_bytes().decode("utf-8-sig"))))

    missing = export("dq_missing")
    row = [r for r in missing if r["机构"] == name and r["缺报年度"] == str(year)]
    assert row and row[0]["依据"] == "名单列明应报", missing[:3]
    unmatched = export("dq_roster_unmatched")
    assert [(r["机构名称"], r["状态"]) for r in unmatched] == [("火星市教育局", "未找到机构")]
