"""The briefing pack's charts as data (`ChartSpec`), and as native PowerPoint charts.

`specs(d)` turns a `BriefData` into the numbers each chart slide shows: categories, named series,
number format. `slides.py` draws them with `add_chart` as python-pptx chart objects, whose data
lives in the chart's embedded workbook (staff can restyle and correct them in PowerPoint);
`figures.py` draws the same specs with Plotly for the PDF. The problem heatmap has no native chart
type: it is a native table with shaded cells (`add_heat_table`), an HTML table in the PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from dashboard import style
from dashboard.brief.data import BriefData
from dashboard.brief.text import SLIDE_TITLES
from dashboard.formats import fmt_pct
from dashboard.labels import CATEGORIES, OUTCOMES, SERIES
from dashboard.reshape import ranking_top

RANKED_TOP = 15
GRID_COLOR = "#E3E7ED"
DISPUTE_PAIRS = (
    (("review_rate", "litigation_rate"), "复议率与诉讼率（占办结申请）"),
    (("review_correction_rate", "litigation_correction_rate"), "复议、诉讼纠错率"),
)


@dataclass
class ChartSpec:
    """One chart: `categories` along the axis, `series` of (name, values) with None for no value.

    kind: line (years), stack100 (100% stacked columns of counts), interval (horizontal bars with
    95% intervals `lo`/`hi` and the scope's pooled `reference`), heat (rows = series, columns =
    categories, shaded shares)."""

    key: str
    title: str
    kind: str
    categories: list
    series: list[tuple[str, list[float | None]]]
    percent: bool = False
    show_title: bool = False
    lo: list[float | None] = field(default_factory=list)
    hi: list[float | None] = field(default_factory=list)
    reference: float | None = None

    @property
    def number_format(self) -> str:
        return "0.0%" if self.percent else "#,##0"


def _num(v) -> float | None:
    """A plain float, None for missing (NaN, None, pd.NA)."""
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _values(s) -> list[float | None]:
    return [_num(v) for v in s]


def _by_year(df, years: list[int], value: str) -> list[float | None]:
    got = dict(zip(df.year.astype(int), df[value], strict=True))
    return [_num(got.get(y)) for y in years]


def specs(d: BriefData) -> dict[str, list[ChartSpec]]:
    """The charts of each slide that has data (slide key → one or two charts), as numbers."""
    out: dict[str, list[ChartSpec]] = {}
    yk = d.yk
    if not yk.empty:
        years = [int(y) for y in yk.year]
        out["requests"] = [
            ChartSpec(
                "requests",
                SLIDE_TITLES["requests"],
                "line",
                years,
                [(SERIES[m], _values(yk[m])) for m in ("requests_received", "requests_processed")],
            )
        ]
        rate = yk.dropna(subset=["disclosure_rate"])
        if not rate.empty:
            out["rate"] = [
                ChartSpec(
                    "rate",
                    SLIDE_TITLES["rate"],
                    "line",
                    [int(y) for y in rate.year],
                    [("实质公开率", _values(rate.disclosure_rate))],
                    percent=True,
                )
            ]
    rk = d.ranking
    if not rk.empty and int(rk.eligible.sum()):
        top = ranking_top(rk, RANKED_TOP).dropna(subset=["value"])
        out["ranking"] = [
            ChartSpec(
                "ranking",
                f"{SLIDE_TITLES['ranking']}（{d.rank_unit_name}，{d.rank_year}年）",
                "interval",
                list(top.label),
                [("实质公开率", _values(top.value))],
                percent=True,
                lo=_values(top.ci_low),
                hi=_values(top.ci_high),
                reference=_num(top.pooled.iloc[0]),
            )
        ]
    oc = d.outcomes.dropna(subset=["requests", "year"])
    if not oc.empty and oc.requests.sum() > 0:
        years = sorted(int(y) for y in oc.year.unique())
        present = [o for o in OUTCOMES if o in set(oc.outcome)]
        out["outcomes"] = [
            ChartSpec(
                "outcomes",
                SLIDE_TITLES["outcomes"],
                "stack100",
                years,
                [(OUTCOMES[o], _by_year(oc[oc.outcome == o], years, "requests")) for o in present],
            )
        ]
    dp = d.disputes
    if not dp.empty:
        names = dict(zip(d.catalog.metric, d.catalog.label, strict=True))
        pair = []
        for metrics, title in DISPUTE_PAIRS:
            sub = dp[dp.metric.isin(metrics)].dropna(subset=["value", "year"])
            if sub.empty:
                continue
            years = sorted(int(y) for y in sub.year.unique())
            series = [
                (names.get(m, m), _by_year(sub[sub.metric == m], years, "value"))
                for m in metrics
                if (sub.metric == m).any()
            ]
            pair.append(ChartSpec(metrics[0], title, "line", years, series, percent=True, show_title=True))
        if pair:
            out["disputes"] = pair
    pb = d.problems.dropna(subset=["year"])
    if not pb.empty:
        years = sorted(int(y) for y in pb.year.unique())
        last = pb[pb.year == years[-1]].set_index("category").share
        order = sorted(
            pb.category.unique(), key=lambda c: (-(_num(last.get(c)) or 0.0), CATEGORIES.get(c, c))
        )
        out["problems"] = [
            ChartSpec(
                "problems",
                "提及该类问题的年报占比",
                "heat",
                years,
                [(CATEGORIES.get(c, c), _by_year(pb[pb.category == c], years, "share")) for c in order],
                percent=True,
            )
        ]
    return out


# --------------------------------------------------------------------------------------------------
# PowerPoint


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def east_asian(rpr, typeface: str = style.FONT_NAME) -> None:
    """Name `typeface` for the Latin, East Asian and complex-script text of a run (or default) property
    element; the GB2312 charset and sans-serif pitch family let PowerPoint substitute a Chinese sans
    font (e.g. 微软雅黑) where this one is not installed."""
    prev = rpr.get_or_add_latin()
    prev.set("typeface", typeface)
    for tag in ("a:ea", "a:cs"):  # schema order: latin, ea, cs
        el = rpr.find(qn(tag))
        if el is None:
            el = etree.Element(qn(tag))
            prev.addnext(el)
        el.set("typeface", typeface)
        prev = el
    ea = rpr.find(qn("a:ea"))
    ea.set("pitchFamily", "34")
    ea.set("charset", "-122")


def _font(font, size: float, color: str = style.TEXT_COLOR, bold: bool = False) -> None:
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = rgb(color)
    east_asian(font._rPr)


def _chart_data(spec: ChartSpec) -> CategoryChartData:
    cd = CategoryChartData(number_format=spec.number_format)
    cd.categories = spec.categories
    for name, values in spec.series:
        cd.add_series(name, values, number_format=spec.number_format)
    return cd


CHART_TYPES = {
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "stack100": XL_CHART_TYPE.COLUMN_STACKED_100,
    "interval": XL_CHART_TYPE.BAR_CLUSTERED,
}


def add_chart(slide, spec: ChartSpec, left, top, width, height):
    """A native chart of `spec` (line, stack100 or interval) at the given box; returns the chart."""
    chart = slide.shapes.add_chart(CHART_TYPES[spec.kind], left, top, width, height, _chart_data(spec)).chart
    _font(chart.font, 12)
    if spec.show_title:
        chart.has_title = True
        tf = chart.chart_title.text_frame
        tf.text = spec.title
        _font(tf.paragraphs[0].runs[0].font, 14, bold=True)
    else:
        chart.has_title = False
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM if spec.kind != "line" else XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        _font(chart.legend.font, 12)
    va, ca = chart.value_axis, chart.category_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = rgb(GRID_COLOR)
    va.format.line.fill.background()
    va.tick_labels.number_format = "0%" if spec.percent else "#,##0"
    va.tick_labels.number_format_is_linked = False
    _font(va.tick_labels.font, 11, style.MUTED_COLOR)
    ca.format.line.color.rgb = rgb(GRID_COLOR)
    _font(ca.tick_labels.font, 11, style.MUTED_COLOR)
    plot = chart.plots[0]
    if spec.kind == "line":
        va.minimum_scale = 0
        for i, s in enumerate(plot.series):
            color = rgb(style.PALETTE[i % len(style.PALETTE)])
            s.smooth = False
            s.format.line.color.rgb = color
            s.format.line.width = Pt(2.25)
            s.marker.style = XL_MARKER_STYLE.CIRCLE
            s.marker.size = 7
            s.marker.format.fill.solid()
            s.marker.format.fill.fore_color.rgb = color
            s.marker.format.line.color.rgb = color
    else:
        plot.gap_width = 60 if spec.kind == "stack100" else 45
        if spec.kind == "stack100":
            plot.overlap = 100
        for i, s in enumerate(plot.series):
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = rgb(style.PALETTE[i % len(style.PALETTE)])
            s.invert_if_negative = False
    if spec.kind == "interval":
        ca.reverse_order = True  # rank 1 at the top
        va.minimum_scale = 0
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = "0.0%"
        dl.number_format_is_linked = False
        dl.position = XL_LABEL_POSITION.INSIDE_END
        _font(dl.font, 10, "#FFFFFF")
        _error_bars(plot.series[0], spec)
    return chart


def _num_lit(values: list[float]) -> etree._Element:
    lit = etree.Element(qn("c:numLit"))
    etree.SubElement(lit, qn("c:formatCode")).text = "0.0%"
    etree.SubElement(lit, qn("c:ptCount")).set("val", str(len(values)))
    for i, v in enumerate(values):
        pt = etree.SubElement(lit, qn("c:pt"))
        pt.set("idx", str(i))
        etree.SubElement(pt, qn("c:v")).text = repr(float(v))
    return lit


def _error_bars(series, spec: ChartSpec) -> None:
    """Custom ±error bars (the 95% interval) on a bar series: c:errBars before c:cat."""
    vals = [v or 0.0 for v in spec.series[0][1]]
    plus = [max((h if h is not None else v) - v, 0.0) for v, h in zip(vals, spec.hi, strict=True)]
    minus = [max(v - (lo if lo is not None else v), 0.0) for v, lo in zip(vals, spec.lo, strict=True)]
    eb = etree.Element(qn("c:errBars"))
    etree.SubElement(eb, qn("c:errBarType")).set("val", "both")
    etree.SubElement(eb, qn("c:errValType")).set("val", "cust")
    etree.SubElement(eb, qn("c:noEndCap")).set("val", "0")
    etree.SubElement(eb, qn("c:plus")).append(_num_lit(plus))
    etree.SubElement(eb, qn("c:minus")).append(_num_lit(minus))
    sp = etree.SubElement(eb, qn("c:spPr"))
    ln = etree.SubElement(sp, qn("a:ln"), w="15875")
    fill = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=style.TEXT_COLOR.lstrip("#").upper())
    series._element.find(qn("c:cat")).addprevious(eb)


def heat_color(v: float | None, vmax: float) -> str:
    """The sequential colour of a share (None: white)."""
    if v is None:
        return "#FFFFFF"
    scale = style.SEQUENTIAL
    i = 0 if vmax <= 0 else min(int(v / vmax * (len(scale) - 1) + 0.5), len(scale) - 1)
    return scale[i]


def heat_max(spec: ChartSpec) -> float:
    return max((v for _, vs in spec.series for v in vs if v is not None), default=0.0)


def heat_cells(spec: ChartSpec) -> list[list[tuple[str, str]]]:
    """(text, fill colour) of every cell of a heat table, the header row first."""
    vmax = heat_max(spec)
    rows = [[("问题类别", style.PALETTE[0])] + [(str(c), style.PALETTE[0]) for c in spec.categories]]
    for name, values in spec.series:
        rows.append(
            [(name, "#FFFFFF")] + [("" if v is None else fmt_pct(v, 0), heat_color(v, vmax)) for v in values]
        )
    return rows


def add_heat_table(slide, spec: ChartSpec, left, top, width, height):
    """The problem heatmap as a native table: shares as text, cells shaded on the sequential scale."""
    cells = heat_cells(spec)
    n_rows, n_cols = len(cells), len(cells[0])
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, height)
    tbl = shape.table
    tbl.horz_banding = False
    first = int(width * 0.26)
    tbl.columns[0].width = first
    for j in range(1, n_cols):
        tbl.columns[j].width = (width - first) // (n_cols - 1)
    row_h = height // n_rows
    size = 12 if n_rows <= 12 else 10
    dark = set(style.SEQUENTIAL[-2:]) | {style.PALETTE[0]}
    for i, row in enumerate(cells):
        tbl.rows[i].height = row_h
        for j, (txt, fill) in enumerate(row):
            cell = tbl.cell(i, j)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(fill)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Pt(1)
            p = cell.text_frame.paragraphs[0]
            p.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.CENTER
            run = p.add_run()
            run.text = txt
            _font(run.font, size, "#FFFFFF" if fill in dark else style.TEXT_COLOR, bold=i == 0)
    return tbl
