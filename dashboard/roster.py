"""The user's roster of organs expected to report (数据质量 page, 缺报年度): a CSV read into entries.

Columns (the first row; Chinese or English): 机构名称 (or 机构 / 单位名称 / 名称 / agency / name),
年份 (or 年度 / year: `2021`, a range `2019-2023` / `2019—2023` / `2019至2023`, or a list
`2019、2021`) or 起始年份 + 结束年份, and optionally 省 / 省份 / province and 市 / 城市 / city. A name is
matched exactly after normalisation (NFKC, simplified script, whitespace removed; etl/normalise.py,
what the build did to the reports' names); province and city, when given, match the agency's by
prefix (河北 matches 河北省). The entries go to SQL as one bound parameter (`queries.missing_reports`).
Pure: no Streamlit, no database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from etl.normalise import compact, normalise_text

MAX_ROWS = 20_000
MAX_YEARS = 60  # years one row may span
YEAR_MIN, YEAR_MAX = 1990, 2100

_COLUMNS = {
    "name": ("机构名称", "机构", "单位名称", "单位", "名称", "agency", "name"),
    "year": ("年份", "年度", "年", "year", "years"),
    "year_from": ("起始年份", "开始年份", "起始年度", "year_from"),
    "year_to": ("结束年份", "截止年份", "终止年份", "结束年度", "year_to"),
    "province": ("省", "省份", "省级", "province"),
    "city": ("市", "城市", "地市", "city"),
}
_YEAR = re.compile(r"\d{4}")
_RANGE = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*(?:-|－|–|—|~|～|至|到)+\s*(\d{4})\s*(?:年)?\s*$")

Entry = tuple[int, str, int, str | None, str | None]  # line, name, year, province, city


@dataclass(frozen=True)
class Roster:
    entries: tuple[Entry, ...]  # one per row and year (hashable: a cache key)
    rows: int  # data rows read
    errors: tuple[str, ...]  # rows left out, with the reason

    def as_param(self) -> list[dict]:
        """The entries as the `$roster` parameter (list of struct)."""
        keys = ("line", "name", "year", "province", "city")
        return [dict(zip(keys, e, strict=True)) for e in self.entries]


class RosterError(ValueError):
    """The file cannot be read as a roster (no name or year column, not text)."""


def normalise_name(name: str) -> str:
    return compact(normalise_text(name)).strip("\"'“”‘’")


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RosterError("无法识别文件编码（请保存为 UTF-8 或 GBK 编码的 CSV）")


def parse_years(text: str) -> list[int]:
    """'2021' → [2021]; '2019-2021' → [2019, 2020, 2021]; '2019、2021' → [2019, 2021]. Raises ValueError."""
    text = normalise_text(text or "")
    m = _RANGE.match(text)
    if m:
        lo, hi = sorted((int(m.group(1)), int(m.group(2))))
        years = list(range(lo, hi + 1))
    else:
        rest = re.sub(r"[\d年\s,，、;；/]", "", text)
        years = sorted({int(y) for y in _YEAR.findall(text)})
        if rest or not years:
            raise ValueError(f"年份无法识别：{text or '（空）'}")
    if len(years) > MAX_YEARS or years[0] < YEAR_MIN or years[-1] > YEAR_MAX:
        raise ValueError(f"年份超出范围：{text}")
    return years


def _column(header: list[str], field: str) -> int | None:
    cleaned = [compact(normalise_text(h or "")).lower() for h in header]
    for alias in _COLUMNS[field]:
        if alias in cleaned:
            return cleaned.index(alias)
    return None


def parse_roster(data: bytes) -> Roster:
    """Read a roster CSV. Raises RosterError when it has no name column or no year column(s)."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise RosterError("文件为空")
    header, body = rows[0], rows[1:]
    col = {k: _column(header, k) for k in _COLUMNS}
    if col["name"] is None:
        raise RosterError("缺少“机构名称”列")
    if col["year"] is None and (col["year_from"] is None or col["year_to"] is None):
        raise RosterError("缺少“年份”列（或“起始年份”与“结束年份”两列）")
    if len(body) > MAX_ROWS:
        raise RosterError(f"名单超过 {MAX_ROWS:,} 行")

    def cell(row: list[str], key: str) -> str:
        i = col[key]
        return row[i].strip() if i is not None and i < len(row) else ""

    entries: list[Entry] = []
    errors: list[str] = []
    read = 0
    for line, row in enumerate(body, start=2):  # the spreadsheet's row number (header is row 1)
        if not any(c.strip() for c in row):
            continue
        read += 1
        name = normalise_name(cell(row, "name"))
        if not name:
            errors.append(f"第 {line} 行：缺少机构名称")
            continue
        try:
            if col["year"] is not None and cell(row, "year"):
                years = parse_years(cell(row, "year"))
            else:
                years = parse_years(f"{cell(row, 'year_from')}-{cell(row, 'year_to')}")
        except ValueError as exc:
            errors.append(f"第 {line} 行：{exc}")
            continue
        province = normalise_name(cell(row, "province")) or None
        city = normalise_name(cell(row, "city")) or None
        entries += [(line, name, y, province, city) for y in years]
    return Roster(tuple(entries), read, tuple(errors))
