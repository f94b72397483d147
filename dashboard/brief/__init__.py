"""The briefing pack: a PowerPoint deck (.pptx) with native, editable charts, and the same pack as
PDF, for one filter set.

Slides: title · key indicators (latest year against the year before) · request trend · disclosure
rate trend · ranking · outcomes · review and litigation · problems · data notes (sources, coverage,
failed checks). One module per step:

- `data.py` collects the numbers (`collect` → `BriefData`) from the public functions of
  `dashboard.queries` on a cursor of `dashboard.db.open_database` (or the dashboard's connection);
- `text.py` writes the words (titles, the key-indicator table, a sentence per chart, the notes) with
  the dashboard's formatters (`dashboard.formats`) and vocabulary (`dashboard.labels`);
- `charts.py` turns the numbers into chart specs and draws them as native PowerPoint charts (data
  in each chart's embedded workbook);
- `figures.py` draws the same specs with the dashboard's Plotly builders (`dashboard.charts`) for
  the PDF, and the picture slides (charts with no native type, e.g. a map);
- `slides.py` lists the pages (`pages`) and lays out the deck; `pdf.py` lays out the same pages in
  HTML and prints them with headless Chromium.

The data is collected once; the deck and the PDF are drawn from it (`build_pack`).

No Streamlit anywhere:

    build_brief("data/xxgk.duckdb", Filters(province="吉林省"), out="brief.pptx")
    build_pack("data/xxgk.duckdb", Filters(province="吉林省"), pdf=True)   # → Pack(pptx, pdf)
    xxgk brief --province 吉林省 --year 2023 --out brief.pptx [--pdf brief.pdf]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard import db
from dashboard.brief import pdf as pdf_
from dashboard.brief.charts import ChartSpec, specs
from dashboard.brief.data import BriefData, clamp_years, collect
from dashboard.brief.figures import Chart, pictures, render_pngs
from dashboard.brief.slides import Page, add_picture_slide, deck, pages
from dashboard.brief.text import kpi_rows, notes_lines, takeaway
from dashboard.filters import Filters

__all__ = [
    "BriefData",
    "Chart",
    "ChartSpec",
    "Pack",
    "Page",
    "add_picture_slide",
    "build_brief",
    "build_brief_pdf",
    "build_pack",
    "clamp_years",
    "collect",
    "kpi_rows",
    "notes_lines",
    "pages",
    "specs",
    "takeaway",
]


@dataclass
class Pack:
    pptx: bytes | None
    pdf: bytes | None
    data: BriefData


def build_pack(
    source: str | Path | duckdb.DuckDBPyConnection,
    f: Filters | None = None,
    *,
    pptx: bool = True,
    pdf: bool = False,
    db_name: str | None = None,
    today: dt.date | None = None,
) -> Pack:
    """The briefing pack for filters `f` (default: the whole database): the numbers collected once,
    then the .pptx and/or the PDF drawn from them. `source` is a database path or a connection from
    `db.open_database` (then `db_name` names the database file on the slides)."""
    f = f or Filters()
    today = today or dt.date.today()
    own = not isinstance(source, duckdb.DuckDBPyConnection)
    con = db.open_database(source) if own else source
    try:
        name = Path(str(source)).name if own else (db_name or "")
        with db.cursor(con) as cur:
            d = collect(cur, f, name)
    finally:
        if own:
            con.close()
    pics = pictures(d)
    plan = pages(d, specs(d), pics)
    deck_bytes = None
    if pptx:
        pngs = dict(zip([p.key for p in pics], render_pngs(pics), strict=True)) if pics else {}
        deck_bytes = deck(d, plan, pngs, today)
    pdf_bytes = pdf_.print_pdf(pdf_.document(d, plan, today)) if pdf else None
    return Pack(deck_bytes, pdf_bytes, d)


def build_brief(
    source: str | Path | duckdb.DuckDBPyConnection,
    f: Filters | None = None,
    out: str | Path | None = None,
    *,
    db_name: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The briefing pack as .pptx bytes (and written to `out` if given); see `build_pack`."""
    data = build_pack(source, f, db_name=db_name, today=today).pptx
    if out is not None:
        Path(out).write_bytes(data)
    return data


def build_brief_pdf(
    source: str | Path | duckdb.DuckDBPyConnection,
    f: Filters | None = None,
    out: str | Path | None = None,
    *,
    db_name: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The briefing pack as PDF bytes (and written to `out` if given); see `build_pack`."""
    data = build_pack(source, f, pptx=False, pdf=True, db_name=db_name, today=today).pdf
    if out is not None:
        Path(out).write_bytes(data)
    return data
