"""How numbers, years, regions and report text are written, on the pages and in the briefing pack.

Pure functions (no Streamlit): `dashboard.ui` re-exports them for the pages, `dashboard.brief` uses
them for the slides, so a number reads the same everywhere.
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import quote

import numpy as np
import pandas as pd

from dashboard.labels import COPIED_MARK, LEVELS, SECTORS

DASH = "—"


def is_missing(v) -> bool:
    """None, NaN, pandas' NA or NaT."""
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def plain_list(v) -> list:
    """A list cell as a plain list, None for a missing element, [] for a missing list. DuckDB gives
    one NumPy array per cell (a masked one where the list holds a null: `tolist` gives None there),
    which is slow to pickle into a page cache; a plain list is taken as it is."""
    if type(v) is list:
        return v
    if isinstance(v, np.ndarray):
        return v.tolist()
    return [] if is_missing(v) else [None if is_missing(x) else float(x) for x in v]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-=.!|~:$])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# Streamlit's Markdown also turns text into links and icons after escapes are resolved (GFM autolink
# literals: http://…, www.…, a@b.c; shortcodes: :smile:, :material/home:); a word joiner (U+2060,
# invisible) after ':', '@' and a 'www' before '.' keeps those patterns from matching.
WJ = "\u2060"
_TEXT_PATTERNS = re.compile(r"[:@]|(?i:www)(?=\.)")


def esc(text) -> str:
    """Report text for st.markdown / captions / headers / labels, also inside HTML that Markdown
    renders (`unsafe_allow_html`): HTML-escaped (so `<img onerror=…>` or `<script>` show as
    written), Markdown and Streamlit directives (**, [link](…), # or === headings, :red[…], $…$)
    backslash-escaped, line breaks folded into one space (a blank line would end an HTML block or a
    list item), and bare URLs, e-mail addresses and :shortcodes: kept from becoming links or icons
    (an invisible word joiner, `WJ`). '' for a missing value. Not for code spans (`…`), which show
    their text as it is (`code`)."""
    if is_missing(text):
        return ""
    flat = _LINE_BREAKS.sub(" ", str(text))
    return _MD_SPECIAL.sub(r"\\\1", html.escape(_TEXT_PATTERNS.sub("\\g<0>" + WJ, flat), quote=False))


def code(text) -> str:
    """Text as a Markdown code span (a file path): fenced by more backticks than it holds, so a
    backtick in the text cannot close the span early; line breaks folded into one space."""
    flat = _LINE_BREAKS.sub(" ", "" if is_missing(text) else str(text))
    fence = "`" * (max((len(r) for r in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def plain(text):
    """Text for Plotly (titles, axis categories, legends, hover labels): `<` and `>` as entities, so
    Plotly's tags (`<b>`, `<a href>`, `<br>`) in report text show as written. Plotly turns the
    entities back into the characters; idempotent (no `<` is left to escape twice). Non-strings
    (numbers, None) are returned as they are."""
    if not isinstance(text, str):
        return text
    return text.replace("<", "&lt;").replace(">", "&gt;")


def fmt_int(v) -> str:
    """12,345 (rounded); — when missing."""
    return DASH if is_missing(v) else f"{int(round(float(v))):,}"


def fmt_num(v, digits: int = 1) -> str:
    """12,345 for a whole number, 12,345.6 otherwise; — when missing."""
    if is_missing(v):
        return DASH
    v = float(v)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.{digits}f}"


def fmt_pct(v, digits: int = 1) -> str:
    """A share 0–1 as 12.3%; — when missing."""
    return DASH if is_missing(v) else f"{float(v) * 100:.{digits}f}%"


def delta(cur, prev, kind: str = "count") -> str | None:
    """Change against the previous year: `+1.5 个百分点` for a rate, `+120（+3.4%）` for a count
    (`+120` when the previous value is 0); None when either is missing (st.metric's delta)."""
    if is_missing(cur) or is_missing(prev):
        return None
    if kind == "rate":
        return f"{(float(cur) - float(prev)) * 100:+.1f} 个百分点"
    if float(prev) == 0:
        return f"{float(cur) - float(prev):+,.0f}"
    return f"{float(cur) - float(prev):+,.0f}（{(float(cur) / float(prev) - 1) * 100:+.1f}%）"


def change(cur, prev, kind: str = "count") -> str:
    """`delta` as text for a table cell: — when it cannot be computed."""
    return delta(cur, prev, kind) or DASH


def flag(v, mark: str = COPIED_MARK) -> str:
    """`mark` for a true flag (e.g. 内容雷同), empty for false or unknown."""
    return mark if not is_missing(v) and bool(v) else ""


def level_label(code) -> str:
    return DASH if is_missing(code) else LEVELS.get(code, code)


def sector_label(code) -> str:
    return DASH if is_missing(code) else SECTORS.get(code, code)


def region_text(province, city, county=None) -> str:
    """'吉林省 白城市 洮北区' (repeats dropped); 中央 when there is no region."""
    parts = []
    for p in (province, city, county):
        if not is_missing(p) and p not in parts:
            parts.append(p)
    return " ".join(parts) if parts else "中央"


def year_span(first, last) -> str:
    """'2019 年', '2015–2023 年', or 年度未知."""
    if is_missing(first):
        return "年度未知"
    if is_missing(last) or int(first) == int(last):
        return f"{int(first)} 年"
    return f"{int(first)}–{int(last)} 年"


def year_runs(years) -> str:
    """'2008–2012、2015 年': runs of consecutive years (sorted); 年度未知 when there are none."""
    runs: list[list[int]] = []
    for y in sorted(int(y) for y in years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        elif not runs or y != runs[-1][-1]:
            runs.append([y])
    if not runs:
        return "年度未知"
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs) + " 年"


def safe_name(*parts: str | None) -> str:
    """A file name stem from Chinese titles: no path or shell-unfriendly characters."""
    text = "_".join(p for p in parts if p)
    text = re.sub(r'[\\/:*?"<>|\s·，,（）()]+', "_", text).strip("_")
    return text[:80] or "xxgk"


def source_line(
    db_name: str | None, built_at: str | None, synthetic: bool, when, verb: str = "导出于"
) -> str:
    """'数据来源：…（xxgk 数据库 NAME，DATE 构建）· 导出于 DATE' for footers of files and slides."""
    name = (db_name or DASH) + ("，合成数据" if synthetic else "")
    built = (built_at or "")[:10]
    return (
        f"数据来源：各机构政府信息公开工作年度报告（xxgk 数据库 {name}"
        + (f"，{built} 构建" if built else "")
        + f"）· {verb} {when.isoformat()}"
    )


def profile_url(agency_id) -> str | None:
    """Relative link to the agency profile (for a link column; it resolves against the current page,
    so it also works under a server base path)."""
    return None if is_missing(agency_id) else f"profile?agency_id={quote(str(agency_id), safe='')}"
