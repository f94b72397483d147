"""The briefing pack as PDF (`build_pack(..., pdf=True)`, `xxgk brief --pdf`): one landscape page per
slide, the slides' titles and sentences in its text layer, charts drawn with their labels. Page 3 is
kept as tests/artifacts/brief_pdf_page3.png: look at it (Chinese text, not boxes; the chart drawn)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")  # as the Makefile exports it

from dashboard import export  # noqa: E402

pytestmark = [
    pytest.mark.skipif(
        export.chrome_path() is None or not Path(export.chrome_path()).exists(),
        reason="no chromium (apt-get install chromium fonts-noto-cjk)",
    ),
    pytest.mark.slow,  # Chromium prints each PDF (~5 s)
]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
Y0, Y1 = 2014, 2023


@pytest.fixture(scope="module")
def pack(synth_db, big_province):
    from dashboard.brief import build_pack
    from dashboard.filters import Filters

    return build_pack(synth_db, Filters(province=big_province, year_from=Y0, year_to=Y1), pdf=True)


def pdf_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def flat(text: str) -> str:
    """Text without white space; pdfium marks a hyphen where a line wraps as U+FFFE."""
    return re.sub(r"\s+", "", text).replace("\ufffe", "-")


def slide_texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]


def test_one_landscape_page_per_slide_with_the_same_words(pack):
    import pypdfium2 as pdfium
    from pptx import Presentation

    prs = Presentation(io.BytesIO(pack.pptx))
    doc = pdfium.PdfDocument(pack.pdf)
    assert len(doc) == len(prs.slides) == 10
    for i in range(len(doc)):
        w, h = doc[i].get_size()
        assert (w, h) == pytest.approx((960, 540), abs=1)  # 13.333 × 7.5 in, as the deck
    pages = pdf_pages(pack.pdf)
    for slide, page in zip(prs.slides, pages, strict=True):
        words = flat(page)
        # every text box of the slide (titles, sentences with their numbers, footers, notes) is on its page
        for t in slide_texts(slide):
            assert flat(t) in words, (t, page[:200])
        # and every table cell (key indicators, problem shares)
        for sh in slide.shapes:
            if sh.has_table:
                for row in sh.table.rows:
                    for cell in row.cells:
                        assert flat(cell.text) in words, cell.text
    assert pages[0].startswith("政府信息公开工作年度报告")
    assert "数据说明" in pages[-1]


def test_pdf_charts_are_drawn_with_their_labels(pack):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(pack.pptx))
    pages = pdf_pages(pack.pdf)
    n_charts = 0
    for slide, page in zip(prs.slides, pages, strict=True):
        for chart in (sh.chart for sh in slide.shapes if sh.has_chart):
            n_charts += 1
            plot = chart.plots[0]
            names = [s.name for s in plot.series]
            if len(names) > 1:  # a legend
                for name in names:
                    assert name in page, (name, page[:200])
            for cat in list(plot.categories)[:1]:  # the axis labels
                assert str(cat) in page
    assert n_charts >= 5


def test_pdf_page_renders_to_an_image(pack):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pack.pdf)
    img = doc[2].render(scale=1.5).to_pil().convert("RGB")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    img.save(ARTIFACTS / "brief_pdf_page3.png")
    # a drawn chart: the two series' colours are on the page, not only text
    from dashboard import style

    colours = {c for _, c in img.getcolors(img.width * img.height)}
    for hex_color in style.PALETTE[:2]:
        rgb = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, hex_color


def test_cli_writes_pptx_and_pdf(synth_db, big_province, tmp_path):
    import pypdfium2 as pdfium
    from pptx import Presentation

    from xxgk.cli import main

    out, pdf = tmp_path / "jl.pptx", tmp_path / "sub" / "jl.pdf"
    argv = ["brief", "--db", str(synth_db), "--province", big_province, "--year", "2022"]
    assert main([*argv, "--out", str(out), "--pdf", str(pdf)]) == 0
    prs = Presentation(str(out))
    pages = pdf_pages(pdf.read_bytes())
    assert len(pdfium.PdfDocument(str(pdf))) == len(prs.slides)
    assert flat(slide_texts(prs.slides[1])[0]) == "关键指标（2022年）"
    assert flat(pages[1]).startswith("关键指标（2022年）")


def test_pdf_from_the_dashboards_connection(synth_db, big_province):
    """As the overview page's button calls it: the app's connection, the database named on every page."""
    import pypdfium2 as pdfium

    from dashboard import db
    from dashboard.brief import build_brief_pdf
    from dashboard.filters import Filters

    con = db.open_database(synth_db)
    try:
        data = build_brief_pdf(con, Filters(province=big_province), db_name="app.duckdb")
    finally:
        con.close()
    pages = pdf_pages(data)
    assert len(pdfium.PdfDocument(data)) == 10  # nine slides and the map
    assert all("app.duckdb" in flat(p) for p in pages[1:])


def test_a_picture_slide_goes_into_both(synth_db, big_province):
    """The hook for charts with no native type (e.g. a map): a `Chart` placed after a slide becomes a
    picture slide in the deck and a drawn chart on its own page of the PDF, numbered in both."""
    import datetime as dt

    import plotly.graph_objects as go
    import pypdfium2 as pdfium
    from pptx import Presentation

    from dashboard import db
    from dashboard.brief import Chart, collect, pages, specs
    from dashboard.brief import pdf as brief_pdf
    from dashboard.brief.figures import render_pngs
    from dashboard.brief.slides import deck
    from dashboard.filters import Filters

    con = db.open_database(synth_db)
    try:
        with db.cursor(con) as cur:
            d = collect(cur, Filters(province=big_province), "x.duckdb")
    finally:
        con.close()
    fig = go.Figure(go.Bar(x=["甲市", "乙市"], y=[3, 5]))
    pic = Chart("map", "地区分布示意", fig, subtitle="边界仅供统计展示", after="ranking")
    plan = pages(d, specs(d), [pic])
    assert [p.key for p in plan].index("map") == [p.key for p in plan].index("ranking") + 1
    today = dt.date(2026, 1, 2)
    (png,) = render_pngs([pic])
    prs = Presentation(io.BytesIO(deck(d, plan, {"map": png}, today)))
    slide = prs.slides[5]
    assert slide_texts(slide)[:2] == ["地区分布示意", "边界仅供统计展示"]
    assert [sh.shape_type for sh in slide.shapes].count(13) == 1  # one picture
    assert slide_texts(slide)[-1] == "6"  # numbered in order
    pdf = brief_pdf.print_pdf(brief_pdf.document(d, plan, today))
    assert len(pdfium.PdfDocument(pdf)) == len(prs.slides) == 10
    page = pdf_pages(pdf)[5]
    assert flat(page).startswith("地区分布示意边界仅供统计展示")
    assert "甲市" in page and "乙市" in page  # the figure drawn, with its labels
