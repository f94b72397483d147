"""Pre-2019 statistics appendices (`政府信息公开情况统计表`, report-formats.md §C.3 a–c) → `s.*` keys.

The appendix is usually flattened into one text run: "指标名称 计量单位 2011年度 历年累计 主动公开信息数
条 425 1516 其中:1.网站公开 条 418 1509 …", and in page-text exports even without separators
("主动公开文件数条206912106", i.e. 2069 this year and 12106 cumulative). Only rows whose label is a
known alias are read; the year's column is chosen from the header, never a cumulative one; a run of
digits that splits more than one way is taken only when the prose states one of the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The appendix title, then a column header within reach.
_TITLE = re.compile(r"(?:政府信息公开|信息公开)[^。\n]{0,12}?统计(?:报)?表|统计报表|附表")
_HEADER_WORD = re.compile(r"指标名称|计量\s*单位")
_ANNUAL = re.compile(r"(?:19|20)\d{2}\s*年度?|本期实际|本年度|本期(?!累计)|本年(?!累计)")
_CUMULATIVE = re.compile(r"历年累计|本年累计|累计")
_CODE = re.compile(r"代\s*码")

# Row label (normalised: no spaces, quotes, leading 其中/enumerator or trailing parenthesis) → key.
# 否决公开答复(总)数 is left out on purpose: it lumps refusals with "information not held" (§C.3 a).
ALIASES: dict[str, str] = {
    "主动公开信息数": "s.proactive_items",
    "主动公开政府信息数": "s.proactive_items",
    "主动公开文件数": "s.proactive_items",
    "主动公开信息总数": "s.proactive_items",
    "主动公开政府信息总数": "s.proactive_items",
    "新增的行政规范性文件数": "s.normative_docs_made",
    "制发规范性文件总数": "s.normative_docs_made",
    "申请总数": "s.requests_received",
    "收到申请数": "s.requests_received",
    "受理申请总数": "s.requests_received",
    "受理依申请公开信息总数": "s.requests_received",
    "受理依申请公开申请总数": "s.requests_received",
    "对申请的答复总数": "s.requests_processed",
    "对申请的答复数": "s.requests_processed",
    "本年度对申请的答复总数": "s.requests_processed",
    "申请答复数": "s.requests_processed",
    "同意公开答复数": "s.granted",
    "同意部分公开答复数": "s.partial",
    "不同意公开答复数": "s.denied",
    "不予公开答复数": "s.denied",
    "行政复议数": "s.reviews",
    "行政复议数量": "s.reviews",
    "行政诉讼数": "s.lawsuits",
    "行政诉讼数量": "s.lawsuits",
}
_UNIT = r"(?:条|件|个|项|人次|次|万元|元)"
_ROW = re.compile(
    r"(?P<label>[\u4e00-\u9fff“”\"'《》、]{2,40}?(?:数量|总数|数))\s*"
    r"(?:[（(][^）)]{0,30}[)）])?\s*"  # (不同渠道和方式公开相同信息计1条)
    rf"(?:[（(]?{_UNIT}[)）]?)?\s*"
    # the cells: greedy, then cut back so that a following "2." enumerator stays with the next row
    r"(?P<cells>\d[\d\s]*\d|\d)"
    r"(?=\s*(?:$|[\u4e00-\u9fff]|\d+[.、．](?!\d)|[（(]))"
)
_LABEL_PREFIX = re.compile(
    r"^(?:其中[:：]?)?(?:[一二三四五六七八九十]+、)?(?:[（(][一二三四五六七八九十\d]+[)）])?"
)


@dataclass(frozen=True)
class AppendixValue:
    key: str
    value: int
    start: int
    end: int


@dataclass(frozen=True)
class Columns:
    count: int  # value cells per row (code column included)
    annual: int  # index of the year's column
    cumulative: int | None  # index of the cumulative column, if any


@dataclass(frozen=True)
class Appendix:
    title_start: int
    start: int  # where the rows begin (after the column header)
    end: int
    columns: Columns


def find_appendix(text: str) -> Appendix | None:
    """The statistics appendix, or None. Its title must be followed by a column header
    (指标名称 / 计量单位 …) within 120 characters, naming the year's column: a mere mention such as
    "并附相关指标统计表" in the introduction is no appendix."""
    for title in _TITLE.finditer(text):
        window = text[title.end() : title.end() + 160]
        head = _HEADER_WORD.search(window[:120])
        if not head:
            continue
        marks = [(m.end(), "annual") for m in _ANNUAL.finditer(window, head.end())]
        marks += [(m.end(), "cumulative") for m in _CUMULATIVE.finditer(window, head.end())]
        marks += [(m.end(), "code") for m in _CODE.finditer(window, head.end())]
        marks = sorted(m for m in marks if m[0] <= head.end() + 40)
        kinds = [k for _, k in marks]
        if "annual" not in kinds:
            continue
        kinds = list(dict.fromkeys(kinds))  # 本年度 … 本年 counted once
        columns = Columns(
            count=len(kinds),
            annual=kinds.index("annual"),
            cumulative=kinds.index("cumulative") if "cumulative" in kinds else None,
        )
        return Appendix(title.start(), title.end() + max(end for end, _ in marks), len(text), columns)
    return None


def normalise_label(label: str) -> str:
    label = re.sub(r"[\s“”\"'《》]", "", label)
    return _LABEL_PREFIX.sub("", label)


def split_run(run: str, columns: Columns) -> list[tuple[int, ...]]:
    """Every way a digit run with no separators splits into the row's cells: no leading zeros, and
    a cumulative cell never below the year's. '206912106' (year, cumulative) → (20, 6912106),
    (206, 912106), (2069, 12106)."""
    if columns.count == 1:
        return [(int(run),)] if run == "0" or not run.startswith("0") else []
    if columns.count != 2:
        return []  # three run-together cells (with a row code) are too ambiguous
    out = []
    for i in range(1, len(run)):
        a, b = run[:i], run[i:]
        if (a != "0" and a.startswith("0")) or (b != "0" and b.startswith("0")):
            continue
        cells = (int(a), int(b))
        if columns.cumulative is not None and cells[columns.cumulative] < cells[columns.annual]:
            continue
        out.append(cells)
    return out


def _year_value(cells: str, columns: Columns, hint: int | float | None) -> tuple[int | None, str | None]:
    """The year's value from a row's cells (value, warning)."""
    tokens = cells.split()
    if len(tokens) == columns.count:
        return int(tokens[columns.annual]), None
    if len(tokens) != 1:
        return None, f"统计表行数值个数与表头不符（{cells}）：未计入"
    candidates = sorted({c[columns.annual] for c in split_run(tokens[0], columns)})
    if len(candidates) == 1:
        return candidates[0], None
    if hint is not None and hint in candidates:
        return int(hint), None
    return None, f"统计表数值连写无法唯一拆分（{cells}）：未计入"


def extract_appendix(
    text: str, hints: dict[str, int | float] | None = None
) -> tuple[list[AppendixValue], list[str]]:
    """s.* values of the year from the statistics appendix in `text`. `hints` (values stated in
    the prose) only choose between the ways a run of digits can be split. Returns (values, warnings);
    the first row of a key wins."""
    hints = hints or {}
    found = find_appendix(text)
    if found is None:
        return [], []
    columns = found.columns
    values: dict[str, AppendixValue] = {}
    warnings: list[str] = []
    for m in _ROW.finditer(text, found.start, found.end):
        key = ALIASES.get(normalise_label(m.group("label")))
        if key is None or key in values:
            continue
        value, warning = _year_value(m.group("cells").strip(), columns, hints.get(key))
        if warning:
            warnings.append(f"{key} {warning}")
        if value is not None:
            values[key] = AppendixValue(key, value, m.start("label"), m.end("cells"))
    return sorted(values.values(), key=lambda v: v.start), warnings
