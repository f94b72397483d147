"""Chart and table exports: every chart type as PNG (2×) and SVG with a Chinese title and footer,
rendered by kaleido on Debian's chromium; tables as XLSX (formats, frozen header, notes sheet) and CSV.

The PNG of a chart with a Chinese title is kept as tests/artifacts/export_chart_zh.png: look at it,
the characters must render (not empty boxes)."""

from __future__ import annotations

import io
import os
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")  # as the Makefile exports it

from dashboard import charts, export, style  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
FOOTER = [
    "范围：吉林省 · 2019–2023年",
    "数据来源：各机构政府信息公开工作年度报告（xxgk 数据库 test.duckdb）· 导出于 2026-01-01",
]

needs_browser = pytest.mark.skipif(
    export.chrome_path() is None or not Path(export.chrome_path()).exists(),
    reason="no chromium (apt-get install chromium fonts-noto-cjk)",
)


def _figures() -> dict[str, tuple[object, str]]:
    years = [2019, 2020, 2021, 2022, 2023]
    trend = pd.DataFrame(
        {
            "year": years * 2,
            "件数": [120, 150, 180, 160, 210, 110, 140, 170, 150, 200],
            "指标": ["新收申请"] * 5 + ["办结申请"] * 5,
        }
    )
    share = pd.DataFrame(
        {
            "year": [2022, 2022, 2023, 2023],
            "share": [0.6, 0.4, 0.55, 0.45],
            "结果": ["予以公开", "不予公开", "予以公开", "不予公开"],
        }
    )
    ranks = pd.DataFrame(
        {
            "label": ["1. 白城市", "2. 长春市", "3. 吉林市"],
            "value": [0.82, 0.74, 0.61],
            "ci_low": [0.75, 0.66, 0.52],
            "ci_high": [0.88, 0.81, 0.69],
        }
    )
    heat = pd.DataFrame(
        {
            "year": [2022, 2023, 2022, 2023],
            "类别": ["制度机制不健全", "制度机制不健全", "信息更新不及时", "信息更新不及时"],
            "share": [0.3, 0.4, 0.1, 0.2],
        }
    )
    parts = pd.DataFrame({"结果": ["予以公开", "部分公开", "无法提供"], "件数": [60, 25, 15]})
    return {
        "line": (
            charts.line(trend, "year", "件数", color="指标", title="申请数量趋势", labels={"year": "年度"}),
            "申请数量趋势",
        ),
        "bar": (
            charts.bar(
                share,
                "year",
                "share",
                color="结果",
                percent=True,
                title="办理结果构成",
                labels={"year": "年度"},
            ),
            "办理结果构成",
        ),
        "interval": (
            charts.interval(ranks, "label", title="实质公开率排名", reference=0.7),
            "实质公开率排名",
        ),
        "heatmap": (charts.heatmap(heat, "year", "类别", "share", title="问题类别热力图"), "问题类别热力图"),
        "pie": (charts.pie(parts, "结果", "件数", title="办理结果占比"), "办理结果占比"),
    }


@needs_browser
@pytest.mark.parametrize("kind", ["line", "bar", "interval", "heatmap", "pie"])
def test_chart_type_exports_png_and_svg(kind):
    from PIL import Image

    fig, title = _figures()[kind]
    png = charts.image(fig, "png", footer=FOOTER)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 20_000
    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
    exported = style.for_export(fig, footer=FOOTER)
    assert w == style.EXPORT_WIDTH * style.EXPORT_SCALE == 2000
    assert h == exported.layout.height * style.EXPORT_SCALE
    assert h > (fig.layout.height or 0) * 2  # the footer adds room under the plot

    svg = charts.image(fig, "svg", footer=FOOTER)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert int(float(root.get("width"))) == style.EXPORT_WIDTH
    text = "".join(root.itertext())
    assert title in text  # the Chinese title is text in the SVG, not outlines
    assert "范围：吉林省" in text and "数据来源：" in text
    assert style.FONT_NAME in svg.decode("utf-8")


@needs_browser
def test_png_with_chinese_title_is_saved_for_inspection():
    from PIL import Image

    fig, _ = _figures()["line"]
    png = charts.image(fig, "png", title="申请数量趋势（中文标题导出检查）", footer=FOOTER)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "export_chart_zh.png"
    out.write_bytes(png)
    with Image.open(out) as im:
        gray = im.convert("L")
        # the title band (top-left) holds dark glyph pixels
        band = gray.crop((0, 0, 1000, 90))
        dark = sum(band.point(lambda p: 1 if p < 100 else 0).histogram()[1:])
    assert dark > 2_000, "the title did not render"


@needs_browser
def test_one_browser_renders_many_charts_and_caches():
    figs = [style.for_export(f, footer=FOOTER) for f, _ in _figures().values()]
    for f in figs:
        f.update_layout(meta={"nonce": time.time()})  # defeat the cache for the first pass
    t = time.perf_counter()
    first = export.render_figures(figs, "png", 2)
    fresh = time.perf_counter() - t
    t = time.perf_counter()
    again = export.render_figures(figs, "png", 2)
    cached = time.perf_counter() - t
    assert first == again
    assert cached < fresh / 5
    assert fresh < 30, f"5 charts took {fresh:.1f}s: is a browser started per chart?"


# ---- tables -------------------------------------------------------------------------------------


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "年度": [2022, 2023],
            "机构": ["白城市教育局", "长春市人民政府"],
            "新收": [1234.0, 56789.0],
            "实质公开率": [0.6543, None],
            "平均值": [1.25, 2.5],
        }
    )


def test_xlsx_has_formats_frozen_header_and_notes_sheet():
    from openpyxl import load_workbook

    defs = pd.DataFrame(
        {"指标代码": ["disclosure_rate"], "中文名": ["实质公开率"], "定义": ["(予以公开+部分公开)/办结"]}
    )
    raw = export.to_xlsx(
        _table(),
        "数据",
        percent=["实质公开率"],
        about=[("筛选范围", "吉林省 · 2022–2023年"), ("数据来源", "xxgk")],
        definitions=defs,
    )
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["数据", "说明"]
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == ["年度", "机构", "新收", "实质公开率", "平均值"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws["A2"].value == 2022 and ws["A2"].number_format == "0"
    assert ws["C3"].value == 56789 and ws["C3"].number_format == "#,##0"
    assert ws["D2"].value == pytest.approx(0.6543) and ws["D2"].number_format == "0.0%"
    assert ws["D3"].value is None  # a missing rate stays blank, not 0
    assert ws["E2"].number_format == "#,##0.0##"
    assert ws.auto_filter.ref == "A1:E3"
    notes = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True) if r[0]}
    assert notes["筛选范围"] == "吉林省 · 2022–2023年"
    assert "指标定义" in notes
    rows = list(wb["说明"].iter_rows(values_only=True))
    assert ("disclosure_rate", "实质公开率", "(予以公开+部分公开)/办结") in [r[:3] for r in rows]


def test_csv_is_utf8_with_bom():
    raw = export.to_csv(_table())
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back.columns)[:2] == ["年度", "机构"] and back["机构"].iloc[1] == "长春市人民政府"


def test_export_frame_uses_the_column_config():
    import streamlit as st

    from dashboard import ui

    shown = pd.DataFrame(
        {
            "排名": ["1", "未排名"],
            "agency": ["白城市教育局", "长春市人民政府"],
            "year": [2023, 2023],
            "数值": [65.4, 12.0],  # shown ×100 with "%.1f%%"
            "share": [0.5, 0.25],
            "近年走势": [[0.1, 0.2], [0.3]],
            "uid": ["a", "b"],
        },
        index=[7, 3],  # sorted / filtered frames keep their old index: not a column
    )
    cfg = {
        "agency": st.column_config.TextColumn("机构"),
        "数值": st.column_config.NumberColumn("实质公开率", format="%.1f%%"),
        "share": st.column_config.NumberColumn("占比", format="percent"),
        "近年走势": st.column_config.LineChartColumn("近年走势"),
        "uid": None,
    }
    frame, pct = ui.export_frame(shown, cfg, hide_index=True)
    assert list(frame.columns) == ["排名", "机构", "年度", "实质公开率", "占比"]
    assert frame["实质公开率"].tolist() == pytest.approx([0.654, 0.12])
    assert set(pct) == {"实质公开率", "占比"}

    pivot = pd.DataFrame(
        {"2022": ["1", "2"]}, index=pd.Index(["制度机制不健全", "信息更新不及时"], name="类别")
    )
    frame, _ = ui.export_frame(pivot, None, hide_index=None)
    assert list(frame.columns) == ["类别", "2022"]


def test_safe_file_names():
    from dashboard import ui

    name = ui.safe_name("xxgk", "实质公开率（前 30 名，95% 区间）", "吉林省 · 2019–2023年")
    assert not re.search(r'[\\/:*?"<>|\s]', name)
    assert name.startswith("xxgk_实质公开率")
