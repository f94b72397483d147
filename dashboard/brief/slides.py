"""The briefing pack's layout: a 16:9 PowerPoint deck (python-pptx) from a `BriefData`, its chart
pictures and the words of `dashboard.brief.text`, in the dashboard's colours and font."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard import style
from dashboard.brief import text
from dashboard.brief.data import BriefData
from dashboard.brief.figures import Chart

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BLANK_LAYOUT = 6
RECTANGLE = 1
CHART_SLIDES = ("requests", "rate", "ranking", "outcomes", "disputes", "problems")


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _font(run, size: float, bold: bool = False, color: str = style.TEXT_COLOR) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    run.font.name = style.FONT_NAME
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):  # East Asian text needs its own typeface entry
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", style.FONT_NAME)


def _text(slide, left, top, width, height, lines, size=14, bold=False, color=style.TEXT_COLOR, align=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        if align:
            p.alignment = align
        run = p.add_run()
        run.text = line
        _font(run, size, bold, color)
    return box


def _band(slide, top, height) -> None:
    shape = slide.shapes.add_shape(RECTANGLE, 0, top, SLIDE_W, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(style.PALETTE[0])
    shape.line.fill.background()


def _header(slide, title: str, subtitle: str | None = None) -> None:
    _band(slide, 0, Inches(0.12))
    _text(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.7), title, 26, bold=True)
    if subtitle:
        _text(
            slide,
            MARGIN,
            Inches(0.98),
            SLIDE_W - 2 * MARGIN,
            Inches(0.5),
            subtitle,
            15,
            color=style.MUTED_COLOR,
        )


def _footer(slide, d: BriefData, today: dt.date, page: int) -> None:
    _text(
        slide,
        MARGIN,
        SLIDE_H - Inches(0.45),
        SLIDE_W - 2 * MARGIN - Inches(0.6),
        Inches(0.35),
        f"范围：{d.scope} ｜ {text.source_text(d, today)}",
        9,
        color=style.MUTED_COLOR,
    )
    _text(
        slide,
        SLIDE_W - MARGIN - Inches(0.6),
        SLIDE_H - Inches(0.45),
        Inches(0.6),
        Inches(0.35),
        str(page),
        9,
        color=style.MUTED_COLOR,
        align=PP_ALIGN.RIGHT,
    )


def _picture(slide, png: bytes, left, top, max_w, max_h) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
    ratio = min(max_w / w, max_h / h)
    pw, ph = int(w * ratio), int(h * ratio)
    slide.shapes.add_picture(io.BytesIO(png), left + (max_w - pw) // 2, top, Emu(pw), Emu(ph))


def _cover(prs, d: BriefData, today: dt.date) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _band(s, Inches(2.2), Inches(2.6))
    _text(s, Inches(0.8), Inches(2.45), Inches(11.7), Inches(1.0), text.TITLE, 36, True, "#FFFFFF")
    _text(s, Inches(0.8), Inches(3.5), Inches(11.7), Inches(0.6), d.scope, 22, color="#FFFFFF")
    _text(
        s,
        Inches(0.8),
        Inches(5.2),
        Inches(11.7),
        Inches(1.2),
        text.cover_lines(d, today),
        14,
        color=style.MUTED_COLOR,
    )


def _kpi_slide(prs, d: BriefData) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _header(s, text.kpi_title(d), text.kpi_subtitle(d))
    rows = text.kpi_rows(d)
    left, top, row_h = MARGIN, Inches(1.7), Inches(0.52)
    shape = s.shapes.add_table(len(rows) + 1, 4, left, top, SLIDE_W - 2 * MARGIN, row_h * (len(rows) + 1))
    tbl = shape.table
    for j, w in enumerate([Inches(3.6), Inches(2.8), Inches(2.8), Inches(3.133)]):
        tbl.columns[j].width = w
    for i, row in enumerate([text.kpi_header(d), *rows]):
        for j, v in enumerate(row):
            cell = tbl.cell(i, j)
            cell.text = ""
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            p = cell.text_frame.paragraphs[0]
            p.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
            run = p.add_run()
            run.text = str(v)
            _font(run, 16, bold=i == 0 or j == 1, color="#FFFFFF" if i == 0 else style.TEXT_COLOR)
            if i == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(style.PALETTE[0])
    _text(
        s,
        MARGIN,
        top + row_h * (len(rows) + 1) + Inches(0.2),
        SLIDE_W - 2 * MARGIN,
        Inches(0.6),
        text.KPI_NOTE,
        12,
        color=style.MUTED_COLOR,
    )


def _chart_slide(prs, d: BriefData, key: str, charts_: list[Chart] | None, images: list[bytes]) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    title = charts_[0].title if key == "ranking" and charts_ else text.SLIDE_TITLES[key]
    _header(s, title, text.takeaway(key, d) if charts_ else None)
    if not charts_:
        _text(
            s,
            MARGIN,
            Inches(2.0),
            SLIDE_W - 2 * MARGIN,
            Inches(1.0),
            text.NO_DATA,
            18,
            color=style.MUTED_COLOR,
        )
        return
    n = len(images)
    gap = Inches(0.2)
    box_w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) // n
    for i, img in enumerate(images):
        _picture(s, img, MARGIN + i * (box_w + gap), Inches(1.6), box_w, Inches(5.3))


def _notes_slide(prs, d: BriefData) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _header(s, text.SLIDE_TITLES["notes"])
    box = _text(s, MARGIN, Inches(1.2), SLIDE_W - 2 * MARGIN, Inches(5.6), text.notes_lines(d), 13)
    for p in box.text_frame.paragraphs:
        p.space_after = Pt(8)


def deck(d: BriefData, figs: dict[str, list[Chart]], images: dict[str, list[bytes]], today: dt.date) -> bytes:
    """The .pptx file: cover · key indicators (when the scope has reports) · one slide per chart
    (an empty-state line where the scope has no data for it) · data notes; numbered footers."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _cover(prs, d, today)
    if d.counts["reports"]:
        _kpi_slide(prs, d)
    for key in CHART_SLIDES:
        _chart_slide(prs, d, key, figs.get(key), images.get(key, []))
    _notes_slide(prs, d)
    for page, slide in enumerate(list(prs.slides)[1:], start=2):
        _footer(slide, d, today, page)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
