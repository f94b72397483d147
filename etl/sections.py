"""Find a report's sections by heading keywords, not by number (report-formats.md §C.2)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Section families, checked in order; the first whose pattern matches the heading wins.
FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("problems", re.compile(r"问题|改进|不足|努力方向|下一步|打算|工作计划|工作思路")),
    ("appendix", re.compile(r"附表|统计表|附件|相关附件")),
    ("review", re.compile(r"复议|诉讼|申诉")),
    ("fees", re.compile(r"收费|减免|支出|费用")),
    ("requests", re.compile(r"依申请|收到和处理|申请公开|不予公开")),
    ("consultation", re.compile(r"咨询")),
    ("proactive", re.compile(r"主动公开")),
    ("overview", re.compile(r"概述|总体|基本情况|概况|总体情况")),
    ("other", re.compile(r"其他|其它|需要说明|需要报告")),
)

# A top-level heading: 一、…  (also 一．/一. as typed in some reports), at a line start or after a
# space in text where the page flattened several headings onto one line.
_HEADING = re.compile(
    r"(?<![一二三四五六七八九十第])(?P<num>[一二三四五六七八九十]{1,3})\s*[、．.]\s*"
    r"(?P<title>"
    # a title ending in a heading word (情况, 措施…), even when the body follows without a break
    r"[^\s。；;：:，,(（]{0,38}(?:情况|概述|措施|事项|问题|方向|统计表|附表|打算|说明|改进)"
    # or a short title ending at a line break, space or full stop
    r"|[^\n。；;：:，,]{2,40}?(?=\s|$|[。：:])"
    r")"
)
# Table 3's own rows are numbered 一、二、三、四、 too.
_TABLE_ROW = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度")
CN_ORDINALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True)
class Section:
    family: str | None  # None: a heading we could not classify
    number: int | None
    title: str
    start: int  # heading start
    body_start: int
    end: int


def _ordinal(num: str) -> int | None:
    if num in CN_ORDINALS:
        return CN_ORDINALS[num]
    if len(num) == 2 and num[0] == "十":
        return 10 + CN_ORDINALS.get(num[1], 0)
    if len(num) == 2 and num[1] == "十":
        return CN_ORDINALS.get(num[0], 0) * 10
    return None


def classify_heading(title: str) -> str | None:
    for family, pattern in FAMILIES:
        if pattern.search(title):
            return family
    return None


@lru_cache(maxsize=8)
def find_sections(text: str) -> tuple[Section, ...]:
    """Top-level sections in order. Numbering must not go backwards (a restart means the headings
    belong to something else, e.g. a sub-list), so only increasing numbers are kept. Memoised: the
    parse and the build's feature row both ask for a report's sections."""
    found: list[tuple[int, int, int | None, str]] = []
    last = 0
    for m in _HEADING.finditer(text):
        number = _ordinal(m.group("num"))
        if number is None or number <= last:
            continue
        title = m.group("title").strip()
        if _TABLE_ROW.match(title):
            continue
        # A heading names a topic; long running sentences after 一、 are list items, not headings.
        if not classify_heading(title) and len(title) > 20:
            continue
        found.append((m.start(), m.end(), number, title))
        last = number
    sections = []
    for i, (start, body_start, number, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append(Section(classify_heading(title), number, title, start, body_start, end))
    return tuple(sections)


def section_of(sections: Sequence[Section], family: str) -> Section | None:
    return next((s for s in sections if s.family == family), None)
