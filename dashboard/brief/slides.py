"""The briefing pack's layout: the list of pages (`pages`, shared with the PDF) and the 16:9
PowerPoint deck (python-pptx) drawn from it: native charts (`charts.py`), pictures for what has no
native chart type, and the words of `dashboard.brief.text`, in the dashboard's colours and font."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard import style
from dashboard.brief import text
from dashboard.brief.charts import ChartSpec, add_chart, add_heat_table, east_asian
from dashboard.brief.data import BriefData
from dashboard.brief.figures import Chart

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BLANK_LAYOUT = 6
RECTANGLE = 1
CHART_SLIDES = ("requests", "rate", "ranking", "outcomes", "disputes", "problems")
CHART_TOP, CHART_H, CHART_GAP = Inches(1.6), Inches(5.3), Inches(0.2)


@dataclass
class Page:
    """One slide of the pack (and one page of its PDF): cover, kpi, a chart slide, a picture, notes."""

    key: str
    title: str
    subtitle: str | None = None
    charts: list[ChartSpec] = field(default_factory=list)
    picture: Chart | None = None


def pages(d: BriefData, specs: dict[str, list[ChartSpec]], pics: list[Chart] = ()) -> list[Page]:
    """Cover · key indicators (when the scope has reports) · one page per chart slide (an empty-state
    line where the scope has no data for it), each picture after the chart slide it names (else before
    the notes) · data notes."""
    out = [Page("cover", text.TITLE, d.scope)]
    if d.counts["reports"]:
        out.append(Page("kpi", text.kpi_title(d), text.kpi_subtitle(d)))
    for key in CHART_SLIDES:
        cs = specs.get(key, [])
        title = cs[0].title if key == "ranking" and cs else text.SLIDE_TITLES[key]
        out.append(Page(key, title, text.takeaway(key, d) if cs else None, cs))
        out += [Page(p.key, p.title, p.subtitle, picture=p) for p in pics if p.after == key]
    out += [Page(p.key, p.title, p.subtitle, picture=p) for p in pics if p.after not in CHART_SLIDES]
    out.append(Page("notes", text.SLIDE_TITLES["notes"]))
    return out


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _font(run, size: float, bold: bool = False, color: str = style.TEXT_COLOR) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    east_asian(run._r.get_or_add_rPr())  # East Asian text needs its own typeface entry


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


def chart_boxes(specs: list[ChartSpec]) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of charts side by side under a slide's header (EMU); a ranking is
    as tall as its rows need."""
    n = len(specs)
    if not n:
        return []
    w = (SLIDE_W - 2 * MARGIN - CHART_GAP * (n - 1)) // n
    out = []
    for i, spec in enumerate(specs):
        h = CHART_H
        if spec.kind == "interval":
            h = min(CHART_H, max(Inches(3.2), Inches(0.34) * len(spec.categories) + Inches(1.2)))
        out.append((MARGIN + i * (w + CHART_GAP), CHART_TOP, w, h))
    return out


def _chart_slide(prs, d: BriefData, page: Page) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _header(s, page.title, page.subtitle)
    if not page.charts:
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
    for spec, box in zip(page.charts, chart_boxes(page.charts), strict=True):
        if spec.kind == "heat":
            add_heat_table(s, spec, *box)
        else:
            add_chart(s, spec, *box)


def add_picture_slide(prs, d: BriefData, today: dt.date, title: str, png: bytes, subtitle: str | None = None):
    """A slide with header, a picture (PNG bytes, fitted under the header) and the numbered footer,
    appended to `prs`: for charts with no native PowerPoint type, e.g. a map."""
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _header(s, title, subtitle)
    _picture(s, png, MARGIN, CHART_TOP, SLIDE_W - 2 * MARGIN, CHART_H)
    _footer(s, d, today, len(prs.slides))
    return s


def _notes_slide(prs, d: BriefData) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _header(s, text.SLIDE_TITLES["notes"])
    box = _text(s, MARGIN, Inches(1.2), SLIDE_W - 2 * MARGIN, Inches(5.6), text.notes_lines(d), 13)
    for p in box.text_frame.paragraphs:
        p.space_after = Pt(8)


def deck(d: BriefData, plan: list[Page], pngs: dict[str, bytes], today: dt.date) -> bytes:
    """The .pptx file of the pages `plan` (`pages`): native charts, the PNG of each picture page
    (`pngs`, by page key), numbered footers on every slide but the cover."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for page in plan:
        if page.picture is not None:
            add_picture_slide(prs, d, today, page.title, pngs[page.key], page.subtitle)
            continue
        if page.key == "cover":
            _cover(prs, d, today)
            continue
        if page.key == "kpi":
            _kpi_slide(prs, d)
        elif page.key == "notes":
            _notes_slide(prs, d)
        else:
            _chart_slide(prs, d, page)
        _footer(prs.slides[-1], d, today, len(prs.slides))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
