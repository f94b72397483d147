"""The briefing pack as PDF: the same pages (`slides.pages`) laid out in HTML, one landscape 16:9
page per slide at the deck's positions, with the charts drawn by Plotly.js in the page
(`figures.figure`, vectors with their text) and the problem table as an HTML table, printed by
headless Chromium (Debian's `/usr/bin/chromium`, or `BROWSER_PATH`): no network, no office suite."""

from __future__ import annotations

import datetime as dt
import html
import subprocess
import tempfile
from pathlib import Path

from dashboard import export, style
from dashboard.brief import text
from dashboard.brief.charts import ChartSpec, heat_cells
from dashboard.brief.data import BriefData
from dashboard.brief.figures import PX_PER_INCH, figure
from dashboard.brief.slides import CHART_H, CHART_SLIDES, CHART_TOP, MARGIN, SLIDE_W, Page, chart_boxes

EMU_PER_INCH = 914400
PRINT_TIMEOUT = 120  # seconds
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)

CSS = f"""
@page {{ size: 13.333in 7.5in; margin: 0; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {style.FONT}; color: {style.TEXT_COLOR}; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }}
.slide {{ position: relative; width: 13.333in; height: 7.5in; overflow: hidden; break-after: page; }}
.slide:last-of-type {{ break-after: auto; }}
.box {{ position: absolute; padding: 0.05in 0.1in; line-height: 1.2; }}
.band {{ position: absolute; left: 0; width: 100%; background: {style.PALETTE[0]}; }}
.title {{ font-size: 26pt; font-weight: bold; }}
.sub {{ font-size: 15pt; color: {style.MUTED_COLOR}; }}
.muted {{ color: {style.MUTED_COLOR}; }}
.foot {{ font-size: 9pt; color: {style.MUTED_COLOR}; white-space: nowrap; overflow: hidden; }}
.chart {{ position: absolute; display: flex; justify-content: center; align-items: flex-start; }}
table {{ border-collapse: collapse; width: 100%; height: 100%; table-layout: fixed; }}
td {{ border: 1px solid #ffffff; padding: 0.02in 0.08in; }}
.kpi td {{ font-size: 16pt; border: 1px solid #d0d7e2; }}
.kpi tr:first-child td {{ background: {style.PALETTE[0]}; color: #fff; font-weight: bold; }}
.heat td {{ text-align: center; }}
.heat td:first-child {{ text-align: left; }}
.notes p {{ margin: 0 0 8pt 0; font-size: 13pt; }}
"""


def _in(emu: int) -> str:
    return f"{emu / EMU_PER_INCH:.3f}in"


def _box(left, top, width, height, body: str, cls: str = "", css: str = "") -> str:
    return (
        f'<div class="box {cls}" style="left:{_in(left)};top:{_in(top)};width:{_in(width)};'
        f'height:{_in(height)};{css}">{body}</div>'
    )


def _inch(x: float) -> int:
    return int(x * EMU_PER_INCH)


def _esc(s) -> str:
    return html.escape(str(s))


def _header(page: Page) -> str:
    w = SLIDE_W - 2 * MARGIN
    out = '<div class="band" style="top:0;height:0.12in"></div>'
    out += _box(MARGIN, _inch(0.3), w, _inch(0.7), _esc(page.title), "title")
    if page.subtitle:
        out += _box(MARGIN, _inch(0.98), w, _inch(0.5), _esc(page.subtitle), "sub")
    return out


def _footer(d: BriefData, today: dt.date, n: int) -> str:
    y = _inch(7.5 - 0.45)
    return _box(
        MARGIN,
        y,
        _inch(13.333 - 1.6),
        _inch(0.35),
        _esc(f"范围：{d.scope} ｜ {text.source_text(d, today)}"),
        "foot",
    ) + _box(_inch(13.333 - 1.1), y, _inch(0.6), _inch(0.35), str(n), "foot", "text-align:right")


def _cover(d: BriefData, today: dt.date) -> str:
    lines = "<br>".join(_esc(x) for x in text.cover_lines(d, today))
    return (
        '<div class="band" style="top:2.2in;height:2.6in"></div>'
        + _box(
            _inch(0.8),
            _inch(2.45),
            _inch(11.7),
            _inch(1.0),
            _esc(text.TITLE),
            "",
            "font-size:36pt;font-weight:bold;color:#fff",
        )
        + _box(
            _inch(0.8), _inch(3.5), _inch(11.7), _inch(0.6), _esc(d.scope), "", "font-size:22pt;color:#fff"
        )
        + _box(_inch(0.8), _inch(5.2), _inch(11.7), _inch(1.2), lines, "muted", "font-size:14pt")
    )


def _kpi(d: BriefData) -> str:
    rows = [text.kpi_header(d), *text.kpi_rows(d)]
    widths = (3.6, 2.8, 2.8, 3.133)
    cols = "".join(f'<col style="width:{w}in">' for w in widths)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="text-align:{"left" if j == 0 else "right"};'
            f'{"font-weight:bold" if j == 1 else ""}">{_esc(v)}</td>'
            for j, v in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    top, h = _inch(1.7), _inch(0.52) * len(rows)
    table = f'<div style="position:absolute;left:0.5in;top:{_in(top)};width:12.333in;height:{_in(h)}">'
    table += f'<table class="kpi"><colgroup>{cols}</colgroup>{body}</table></div>'
    note = _box(
        MARGIN,
        top + h + _inch(0.2),
        SLIDE_W - 2 * MARGIN,
        _inch(0.6),
        _esc(text.KPI_NOTE),
        "muted",
        "font-size:12pt",
    )
    return table + note


def _heat(spec: ChartSpec) -> str:
    cells = heat_cells(spec)
    dark = set(style.SEQUENTIAL[-2:]) | {style.PALETTE[0]}
    size = 12 if len(cells) <= 12 else 10
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="background:{fill};color:{"#fff" if fill in dark else style.TEXT_COLOR};'
            f'font-size:{size}pt;{"font-weight:bold" if i == 0 else ""}">{_esc(t)}</td>'
            for t, fill in row
        )
        + "</tr>"
        for i, row in enumerate(cells)
    )
    first = f'<col style="width:26%">{"<col>" * (len(cells[0]) - 1)}'
    return f'<table class="heat"><colgroup>{first}</colgroup>{body}</table>'


def _plot(n: int, left, top, w, h) -> str:
    """The box of chart `n` (drawn by the page's script)."""
    return (
        f'<div class="chart" style="left:{_in(left)};top:{_in(top)};width:{_in(w)};height:{_in(h)}">'
        f'<div id="plot{n}" style="width:{_px(w)}px;height:{_px(h)}px"></div></div>'
    )


def _px(emu: int) -> int:
    return round(emu / EMU_PER_INCH * PX_PER_INCH)


def _script(figs: list) -> str:
    """Plotly.js (from the plotly package: no network) and the figures, drawn as static SVG while
    the page loads, so the PDF keeps the charts as vectors with their text."""
    from plotly.offline import get_plotlyjs

    data = "[" + ",".join(f.to_json() for f in figs) + "]"
    data = data.replace("</", "<\\/")  # no end tag inside the script
    return (
        f"<script>{get_plotlyjs()}</script><script>const FIGS = {data};"
        "FIGS.forEach((f, i) => Plotly.newPlot('plot' + i, f.data, f.layout,"
        " {staticPlot: true, displayModeBar: false}));</script>"
    )


def document(d: BriefData, plan: list[Page], today: dt.date) -> str:
    """The HTML of the whole pack: one `.slide` per page; the charts drawn by Plotly.js in the page."""
    figs: list = []
    slides = []
    for i, page in enumerate(plan):
        if page.key == "cover":
            slides.append(f'<section class="slide">{_cover(d, today)}</section>')
            continue
        body = _header(page)
        if page.key == "kpi":
            body += _kpi(d)
        elif page.key == "notes":
            paras = "".join(f"<p>{_esc(x)}</p>" for x in text.notes_lines(d))
            body += _box(MARGIN, _inch(1.2), SLIDE_W - 2 * MARGIN, _inch(5.6), paras, "notes")
        elif page.picture is not None:
            box = (MARGIN, CHART_TOP, SLIDE_W - 2 * MARGIN, CHART_H)
            fig = style.for_export(page.picture.fig, width=_px(box[2]), keep_title=False, footer=())
            fig.update_layout(
                width=_px(box[2]), height=min(_px(box[3]), int(fig.layout.height or _px(box[3])))
            )
            body += _plot(len(figs), *box)
            figs.append(fig)
        elif page.key in CHART_SLIDES and not page.charts:
            body += _box(
                MARGIN,
                _inch(2.0),
                SLIDE_W - 2 * MARGIN,
                _inch(1.0),
                _esc(text.NO_DATA),
                "muted",
                "font-size:18pt",
            )
        for spec, box in zip(page.charts, chart_boxes(page.charts), strict=True):
            if spec.kind == "heat":
                left, top, w, h = box
                body += (
                    f'<div class="chart" style="left:{_in(left)};top:{_in(top)};width:{_in(w)};'
                    f'height:{_in(h)}">{_heat(spec)}</div>'
                )
            else:
                body += _plot(len(figs), *box)
                figs.append(figure(spec, _px(box[2]), _px(box[3])))
        body += _footer(d, today, i + 1)
        slides.append(f'<section class="slide">{body}</section>')
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_esc(text.TITLE)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(slides)}{_script(figs) if figs else ''}</body></html>"
    )


def print_pdf(doc: str) -> bytes:
    """PDF bytes of an HTML document, printed by headless Chromium (page size from its CSS)."""
    browser = export.chrome_path()
    if not browser or not Path(browser).exists():
        raise RuntimeError("生成 PDF 需要 Chromium（apt-get install chromium fonts-noto-cjk）")
    with tempfile.TemporaryDirectory(prefix="xxgk-brief-") as tmp:
        src, out = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        src.write_text(doc, encoding="utf-8")
        cmd = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        run = subprocess.run(cmd, capture_output=True, timeout=PRINT_TIMEOUT, check=False)
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(
                f"Chromium did not print the PDF (exit {run.returncode}): {run.stderr[-500:]!r}"
            )
        return out.read_bytes()
