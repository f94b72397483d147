"""The briefing pack: a PowerPoint deck (.pptx) for one filter set.

Slides: title · key indicators (latest year against the year before) · request trend · disclosure
rate trend · ranking · outcomes · review and litigation · problems · data notes (sources, coverage,
failed checks). Four steps, one module each:

- `data.py` collects the numbers (`collect` → `BriefData`) from the public functions of
  `dashboard.queries` on a cursor of `dashboard.db.open_database` (or the dashboard's connection);
- `text.py` writes the words (titles, the key-indicator table, a sentence per chart, the notes) with
  the dashboard's formatters (`dashboard.formats`) and vocabulary (`dashboard.labels`);
- `figures.py` draws the charts with the dashboard's builders (`dashboard.charts`) and renders them
  in one browser session, in the dashboard's style (`dashboard/style.py`);
- `slides.py` lays out the deck.

No Streamlit anywhere:

    build_brief("data/xxgk.duckdb", Filters(province="吉林省"), out="brief.pptx")
    xxgk brief --province 吉林省 --year 2023 --out brief.pptx
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dashboard import db
from dashboard.brief.data import BriefData, clamp_years, collect
from dashboard.brief.figures import Chart, figures, render
from dashboard.brief.slides import deck
from dashboard.brief.text import kpi_rows, notes_lines, takeaway
from dashboard.filters import Filters

__all__ = [
    "BriefData",
    "Chart",
    "build_brief",
    "clamp_years",
    "collect",
    "figures",
    "kpi_rows",
    "notes_lines",
    "takeaway",
]


def build_brief(
    source: str | Path | duckdb.DuckDBPyConnection,
    f: Filters | None = None,
    out: str | Path | None = None,
    *,
    db_name: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The briefing pack for filters `f` (default: the whole database) as .pptx bytes (and written
    to `out` if given). `source` is a database path or a connection from `db.open_database`
    (then `db_name` names the database file on the slides)."""
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
    figs = figures(d)
    data = deck(d, figs, render(figs) if figs else {}, today)
    if out is not None:
        Path(out).write_bytes(data)
    return data
