"""Pre-2019 statistics appendices (`政府信息公开情况统计表`, report-formats.md §C.3 a–c) → `s.*` keys.

The appendix comes flattened in three ways: one text run with spaces ("指标名称 计量单位 2011年度 历年累计
主动公开信息数 条 425 1516 其中:1.网站公开 条 418 1509 …"), one run without separators
("主动公开文件数条206912106", i.e. 2069 this year and 12106 cumulative), or one cell per line, where a
site's text export also drops blank cells, writes a run of equal cells once and splits words
(`受理依申请` / `公开信息总数`, `2016` / `年`). Only rows whose label is a known alias are read; the year's
column is chosen from the header, never a cumulative one; a run of digits that splits more than one
way, or a lone cell under two columns that is not 0, is taken only when the prose states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _spaced(word: str) -> str:
    """A regex for `word` with any whitespace between its characters (one cell per line)."""
    return r"\s*".join(word)


# The appendix title, looked for just before the column header.
_TITLE = re.compile(r"(?:政府信息公开|信息公开)[^。\n]{0,12}?统计(?:报)?表|统计报表|附表|统计表")
_HEADER = re.compile(rf"{_spaced('指标名称')}\s*(?:{_spaced('计量')})?\s*{_spaced('单位')}")
# Column kinds, in the order they appear after the header.
_COLUMN_KINDS = (
    (
        "cumulative",
        re.compile(rf"{_spaced('历年累计')}|{_spaced('历年统计')}|{_spaced('本年累计')}|{_spaced('累计')}"),
    ),
    ("year_end", re.compile(rf"年\s*[末未]\s*{_spaced('统计')}")),  # 年未统计: a typo in the template
    # 本年度 / 本期 only as a cell of their own, not the start of a row label (本年度对申请的答复总数)
    ("annual", re.compile(r"(?:19|20)\s*\d\s*\d\s*年\s*度?|(?:本期实际|本年度|本期|本年)(?=\s|$|历年|代码)")),
    ("code", re.compile(_spaced("代码"))),
)

# Row label (normalised: no spaces, quotes, leading 其中/enumerator or trailing parenthesis) → key.
# 否决公开答复(总)数 is left out on purpose: it lumps refusals with "information not held" (§C.3 a).
ALIASES: dict[str, str] = {
    "主动公开信息数": "s.proactive_items",
    "主动公开政府信息数": "s.proactive_items",
    "主动公开文件数": "s.proactive_items",
    "主动公开信息总数": "s.proactive_items",
    "主动公开政府信息总数": "s.proactive_items",
    "主动公开动态信息数": "s.proactive_items",
    "新增的行政规范性文件数": "s.normative_docs_made",
    "制发规范性文件总数": "s.normative_docs_made",
    "申请总数": "s.requests_received",
    "收到申请数": "s.requests_received",
    "受理申请总数": "s.requests_received",
    "受理依申请公开信息总数": "s.requests_received",
    "受理依申请公开申请总数": "s.requests_received",
    "受理政府信息公开申请总数": "s.requests_received",
    "对申请的答复总数": "s.requests_processed",
    "对申请的答复数": "s.requests_processed",
    "本年度对申请的答复总数": "s.requests_processed",
    "申请答复数": "s.requests_processed",
    "同意公开答复数": "s.granted",
    "公开同意答复数": "s.granted",
    "同意部分公开答复数": "s.partial",
    "不同意公开答复数": "s.denied",
    "不予公开答复数": "s.denied",
    "不予公开答复总数": "s.denied",
    "行政复议数": "s.reviews",
    "行政复议数量": "s.reviews",
    "行政诉讼数": "s.lawsuits",
    "行政诉讼数量": "s.lawsuits",
}
_UNIT = r"(?:件次|人次|万元|条|件|个|项|次|元)"
# A label ends in 数/总数/数量 and is followed (after a note and a unit) by a number; it may be split
# over lines, so it is cut back below to the words after the last unit-only piece.
_LABEL = re.compile(
    r"[\u4e00-\u9fff“”\"'《》、][\u4e00-\u9fff“”\"'《》、\s]{0,60}?(?:数量|总数|数)"
    rf"(?=\s*(?:[（(][^）)]{{0,30}}[)）])?\s*(?:[（(]?{_UNIT}[)）]?)?\s*\d)"
)
_AFTER_LABEL = re.compile(rf"\s*(?:[（(][^）)]{{0,30}}[)）])?\s*(?:[（(]?{_UNIT}[)）]?)?")
# Run-together cells: greedy, then cut back so that a following "2." enumerator stays with the next row.
_GLUED_CELLS = re.compile(r"\d[\d\s]*\d|\d(?=\s*(?:$|[\u4e00-\u9fff]|\d+[.、．](?!\d)|[（(]))")
_GLUED_END = re.compile(r"\s*(?:$|[\u4e00-\u9fff]|\d+[.、．](?!\d)|[（(])")
_CELL = re.compile(rf"\s*(\d+)(\s*{_UNIT})?")
_ENUMERATOR_AFTER = re.compile(r"\s*[、.．](?!\d)|[\u4e00-\u9fff]")  # "2、" / "2." / "3不予公开答复数"
_LABEL_PREFIX = re.compile(
    r"^[、]*(?:其中[:：]?)?(?:[一二三四五六七八九十]+、)?(?:[（(][一二三四五六七八九十\d]+[)）])?"
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
    # The year's column is headed 年末统计 with no cumulative column beside it (the 2008–2011 template):
    # some reports put their cumulative total there, so a value the prose calls cumulative is left out.
    year_end_only: bool = False


@dataclass(frozen=True)
class Appendix:
    title_start: int  # the title, or the column header when there is no title
    start: int  # where the rows begin (after the column header)
    end: int
    columns: Columns


def find_appendix(text: str) -> Appendix | None:
    """The statistics appendix, or None. It starts at a column header (指标名称 … 计量单位) that names
    the year's column within 40 characters: a mere mention such as "并附相关指标统计表" in the
    introduction is no appendix."""
    for head in _HEADER.finditer(text):
        window_end = head.end() + 40
        marks = sorted(
            (m.start(), m.end(), kind)
            for kind, pattern in _COLUMN_KINDS
            for m in pattern.finditer(text, head.end(), window_end)
        )
        kinds, last, taken = [], head.end(), -1
        for start, end, kind in marks:
            if start >= taken:  # overlapping matches: the first (本年度 … 本年 counted once)
                kinds.append(kind)
                last, taken = end, end
        kinds = ["annual" if k == "year_end" and "annual" not in kinds else k for k in kinds]
        if "annual" not in kinds:
            continue
        columns = Columns(
            count=len(kinds),
            annual=kinds.index("annual"),
            cumulative=kinds.index("cumulative") if "cumulative" in kinds else None,
            year_end_only=len(kinds) == 1 and bool(re.search(r"[末未]", text[head.end() : last])),
        )
        title = list(_TITLE.finditer(text, max(0, head.start() - 150), head.start()))
        title_start = title[-1].start() if title else head.start()
        return Appendix(title_start, last, len(text), columns)
    return None


def normalise_label(label: str) -> str:
    label = re.sub(r"[\s“”\"'《》]", "", label)
    return _LABEL_PREFIX.sub("", label)


def _label_start(text: str, start: int, end: int) -> int:
    """Where a label split over lines begins: after its last unit-only or blank-cell piece
    ("…访问量 / 人次 / 受理依申请 / 公开信息总数" → "受理依申请公开信息总数")."""
    cut = start
    for m in re.finditer(r"\S+", text[start:end]):
        if re.fullmatch(rf"{_UNIT}|[/／—-]+", m.group(0)):
            cut = start + m.end()
    return cut + len(text[cut:end]) - len(text[cut:end].lstrip("、 \t\n"))


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


def _cells(text: str, pos: int) -> tuple[list | None, int, bool]:
    """(cells, end, glued) of the row whose cells start at `pos`. Cells separated by whitespace are
    read one by one up to the next row's enumerator ("2、", "2.", "3不予…"; never 0) or label; a run
    with no separators is one token (`glued`) for split_run. A row whose cells carry a unit only in
    part ("2 / 条 / 0": an enumerator moved behind its label) yields None."""
    first = _CELL.match(text, pos)
    if first and not re.match(r"\s", text[pos:]) and not first.group(2):
        glued = _GLUED_CELLS.match(text, pos)
        while glued and not _GLUED_END.match(text, glued.end()):
            glued = _GLUED_CELLS.match(text[: glued.end() - 1], pos)
        if glued and not re.search(r"\s", glued.group(0)):
            return [glued.group(0)], glued.end(), True
    cells, units, end = [], set(), pos
    while m := _CELL.match(text, end):
        if not m.group(2) and m.group(1) != "0" and _ENUMERATOR_AFTER.match(text, m.end(1)):
            break
        cells.append(int(m.group(1)))
        units.add(bool(m.group(2)))
        end = m.end()
    return (None if len(units) > 1 else cells), end, False


def _year_value(
    cells: list | None, glued: bool, columns: Columns, hint: int | float | None
) -> tuple[int | None, str | None]:
    """The year's value from a row's cells (value, warning); a blank row gives neither."""
    if cells is None:
        return None, "统计表行的序号与数值错位：未计入"
    if not cells:
        return None, None
    shown = " ".join(str(c) for c in cells)
    if glued:
        candidates = sorted({c[columns.annual] for c in split_run(cells[0], columns)})
        if len(candidates) == 1:
            return candidates[0], None
        if hint is not None and hint in candidates:
            return int(hint), None
        return None, f"统计表数值连写无法唯一拆分（{shown}）：未计入"
    if len(cells) == columns.count or (len(cells) > columns.count and len(set(cells)) == 1):
        return cells[columns.annual], None
    # One cell where the header has the year's and a cumulative column: the export wrote two equal
    # cells once, or dropped a blank one. Zero either way; any other number only when the prose agrees.
    if len(cells) == 1 and columns.count == 2 and columns.cumulative is not None:
        if cells[0] == 0 or cells[0] == hint:
            return cells[0], None
        return None, f"统计表行仅一个数值（{shown}），无法判断属于本年度还是累计：未计入"
    return None, f"统计表行数值个数与表头不符（{shown}）：未计入"


def _prose_clauses(prose: str) -> list[str]:
    return re.split(r"[，,。；;！？!?]", re.sub(r"\s", "", prose))


def _called_cumulative(prose: str, value: int) -> bool:
    """True when the prose states `value` as a cumulative total ("本局到2008年底累计主动公开政府信息35条")."""
    number = re.compile(rf"(?<![\d.]){value}(?:条|件)")
    return any(re.search(r"累计|历年", c) and number.search(c) for c in _prose_clauses(prose))


def _itemised(prose: str) -> set[int]:
    """Numbers of the prose that belong to an itemisation adding up: a total and its 其中 list
    ("已答复100件，其中，“同意公开”的为88件、“同意部分公开”的为5件、“其他答复”的为7件" → 100, 88, 5, 7)."""
    flat, out = re.sub(r"\s", "", prose), set()
    for m in re.finditer(r"(?<![\d.])(\d+)(?:条|件)", flat):
        rest = flat[m.end() : m.end() + 600]
        listing = re.match(r"[^。；;]{0,60}?[。；;]?其中[:：，,]?([^。]*)", rest)
        items = [int(n) for n in re.findall(r"(?<![\d.])(\d+)(?:条|件)", listing.group(1))] if listing else []
        if len(items) >= 2 and sum(items) == int(m.group(1)):
            out.update([int(m.group(1)), *items])
    return out


def extract_appendix(
    text: str, hints: dict[str, int | float] | None = None
) -> tuple[list[AppendixValue], list[str]]:
    """s.* values of the year from the statistics appendix in `text`. `hints` (values stated in
    the prose) choose between the ways a run of digits can be split or confirm a lone cell. A row is
    left out (with a warning) when it contradicts a prose value that belongs to an itemisation adding
    up, or when it sits in a lone 年末统计 column and the prose calls its number cumulative. Returns
    (values, warnings); the first row of a key wins."""
    hints = hints or {}
    found = find_appendix(text)
    if found is None:
        return [], []
    columns, prose = found.columns, text[: found.title_start]
    itemised = _itemised(prose)
    values: dict[str, AppendixValue] = {}
    warnings: list[str] = []
    for m in _LABEL.finditer(text, found.start, found.end):
        start = _label_start(text, m.start(), m.end())
        key = ALIASES.get(normalise_label(text[start : m.end()]))
        if key is None or key in values:
            continue
        cells, end, glued = _cells(text, _AFTER_LABEL.match(text, m.end()).end())
        hint = hints.get(key)
        value, warning = _year_value(cells, glued, columns, hint)
        if value is not None and columns.year_end_only and _called_cumulative(prose, value):
            value, warning = None, f"统计表“年末统计”列数值 {value} 在正文中为累计数：未计入"
        elif value is not None and hint is not None and hint != value and hint in itemised:
            value, warning = None, f"统计表数值 {value} 与正文 {hint}（分项合计相符）不符：按正文计"
        if warning:
            warnings.append(f"{key} {warning}")
        if value is not None:
            values[key] = AppendixValue(key, value, start, end)
    return sorted(values.values(), key=lambda v: v.start), warnings
