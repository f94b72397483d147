"""Maps in the real app (headless Chromium): the overview and ranking maps draw every province,
a click on a province drills down to its cities and back, 样本不足 regions are grey, and the map's
PNG/SVG export carries the Chinese labels and the boundary note.

The exported PNG is saved to tests/artifacts/map_export_overview.png: look at it (Chinese must
render, not boxes)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest
from PIL import Image

from dashboard import maps
from tests.browser.conftest import ARTIFACTS, shot, wait_ready

pytestmark = pytest.mark.browser

SHORT_FILL = "rgb(180, 186, 194)"  # maps.SHORT_COLOR as the browser writes it


@pytest.fixture(scope="module")
def big(browser_db) -> dict:
    """The province with the most reports in the browser's database, its code and its map regions."""
    con = duckdb.connect(str(browser_db), read_only=True)
    try:
        province = con.execute(
            "select province from reports group by 1 order by count(*) desc limit 1"
        ).fetchone()[0]
    finally:
        con.close()
    code = maps.province_code(province)
    return {"province": province, "code": code, "cities": len(maps.map_regions("city", code))}


def chart(pg, key: str):
    box = pg.locator(f".st-key-{key}")
    box.wait_for(timeout=60_000)
    return box


def regions_drawn(box) -> int:
    """Filled region outlines in the chart's SVG (one `path.js-fill` per region trace)."""
    return box.locator("g.trace.scatter path.js-fill").count()


def click_region(pg, box, code: str) -> None:
    """Click the point of region `code` (the points are in code order)."""
    codes = sorted(r.code for r in maps.map_regions("province"))
    points = box.locator("g.trace.scatter").filter(has=pg.locator("path.point")).first.locator("path.point")
    assert points.count() == len(codes)
    box.scroll_into_view_if_needed()
    b = points.nth(codes.index(code)).bounding_box()
    pg.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    pg.wait_for_timeout(500)
    wait_ready(pg)


def test_overview_map_draws_provinces_and_drills_down_to_cities(server, page, big):
    page.goto(server)
    wait_ready(page)
    cn = chart(page, "ov_map_cn")
    assert regions_drawn(cn) == 34
    text = cn.text_content()
    assert maps.BOUNDARY_NOTE in text and "全国各省份" in text and "新疆" in text

    click_region(page, cn, big["code"])
    city_map = chart(page, f"ov_map_{big['code']}")
    assert regions_drawn(city_map) == big["cities"]
    text = city_map.text_content()
    assert f"{big['province']}各市" in text and maps.BOUNDARY_NOTE in text
    page.locator(".st-key-ov_map_cn").wait_for(state="detached", timeout=30_000)  # the national map is gone
    city_map.scroll_into_view_if_needed()
    shot(page, "map_overview_drilled")
    city_map.screenshot(path=str(ARTIFACTS / "map_overview_city.png"))

    page.get_by_role("button", name="返回全国地图").click()
    wait_ready(page)
    assert regions_drawn(chart(page, "ov_map_cn")) == 34


def test_ranking_map_draws_provinces_and_marks_small_samples(server, page):
    page.goto(f"{server}/ranking?metric=disclosure_rate&min=100")
    wait_ready(page)
    box = chart(page, "rk_map_cn")
    assert regions_drawn(box) == 34
    fills = box.locator("path.js-fill").evaluate_all("els => els.map(e => e.style.fill)")
    assert SHORT_FILL in fills  # regions below 100 in the denominator are grey
    assert maps.SHORT in box.text_content()
    box.scroll_into_view_if_needed()
    box.screenshot(path=str(ARTIFACTS / "map_ranking.png"))


def test_ranking_map_of_the_sidebar_province_shows_its_cities(server, page, big):
    page.goto(f"{server}/ranking?metric=disclosure_rate&province={quote(big['province'])}")
    wait_ready(page)
    box = chart(page, f"rk_map_{big['code']}")
    assert regions_drawn(box) == big["cities"]
    assert page.get_by_role("button", name="返回全国地图").count() == 0  # the sidebar chose it


def test_problems_map_draws_provinces(server, page):
    page.goto(f"{server}/problems")
    wait_ready(page)
    box = chart(page, "pb_map_cn")
    assert regions_drawn(box) == 34
    assert "提及该类问题的年报占比" in box.text_content()


def test_map_export_has_chinese_labels(server, page):
    page.goto(server)
    wait_ready(page)
    exports = page.locator(".st-key-ov_map_cn_exports")
    exports.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as dl:
        exports.get_by_role("button", name=re.compile("PNG")).click()
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(raw)) as im:
        assert im.size[0] == 2000 and im.size[1] > 1000
        # a colour map, not a blank page: many distinct colours
        assert len(im.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200
    assert "全国各省份" in dl.value.suggested_filename
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "map_export_overview.png").write_bytes(raw)
    with page.expect_download(timeout=60_000) as dl:
        exports.get_by_role("button", name=re.compile("SVG")).click()
    svg = Path(dl.value.path()).read_text(encoding="utf-8")
    # the labels are text in Noto Sans CJK (the PNG is rendered from the same figure)
    for word in ("全国各省份", "河北", "新疆", maps.BOUNDARY_NOTE, "范围：全国"):
        assert word in svg, word
    (ARTIFACTS / "map_export_overview.svg").write_text(svg, encoding="utf-8")
