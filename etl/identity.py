"""Who reported, for which year, and what kind of document it is — from the report's own text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from etl.numerals import parse_number

_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR = r"(?:19|20)\d{2}|[二][〇零][〇零一二三四五六七八九]{2}"

# "…2012年度…政府信息公开工作年度报告", "2012年白城市教育局政务信息公开工作年度报告"
_TITLE = re.compile(
    rf"(?P<pre>[^\n|。]{{0,60}}?)(?P<year>{_YEAR}|20xx|20XX)\s*年(?:度)?"
    r"(?P<post>[^\n|。]{0,60}?(?:政府|政务)?信息公开[^\n|。]{0,20}?(?:年度)?(?:工作)?(?:年度)?报告)"
)
_TITLE_OTHER = re.compile(
    r"(?:政府|政务)信息公开[^\n|。]{0,30}?(?:年度报告|工作报告|情况的报告|工作总结|总结)"
)
_STAT_PERIOD = re.compile(
    rf"(?:统计期限|统计时限|统计时间|统计区间|时间范围|统计周期)[^。\n]{{0,12}}?(?P<y1>{_YEAR})\s*年\s*1\s*月\s*1\s*日"
    rf"[^。\n]{{0,8}}?(?:至|到|-|—)\s*(?P<y2>{_YEAR})\s*年\s*12\s*月\s*31\s*日"
)
_STAT_PERIOD_LOOSE = re.compile(rf"(?:统计期限|所列数据)[^。\n]{{0,20}}?(?P<y1>{_YEAR})\s*年")
_DATE = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
)
_ISO_DATE = re.compile(
    r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*(?P<y>20\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
)
# A headline that names its organ first: "舒城县教育局:围绕“三个坚持”发力…"
_HEADLINE_ORGAN = re.compile(
    r"^(?P<organ>[\u4e00-\u9fff]{2,20}?(?:局|委员会|委|办公室|办|政府|中心|管委会|厅|院|所|站))[:：]"
)
_NOT_A_NAME = re.compile(r"^(?:关于|[\d\s]+|本|我|全)")


@dataclass
class Identity:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    agency_raw: str | None = None
    year: int | None = None
    title_year: int | None = None
    published: date | None = None
    is_annual_report: bool = False
    warnings: list[str] = field(default_factory=list)


def _year(token: str) -> int | None:
    if token.lower() == "20xx":
        return None
    return int(token.translate(_CN_YEAR_DIGITS))


def _clean_agency(pre: str, post: str) -> str | None:
    """The agency named around the title's year: before it ('白城市教育局2012年…') or after it
    ('2012年白城市教育局政务信息公开…')."""
    pre = re.sub(r"^.*(?:当前位置|首页|标题|>|》)[:：\s]*", "", pre).strip(" :：-—|#")
    post_name = re.split(r"(?:政府|政务)?信息公开", post, maxsplit=1)[0].strip()
    for candidate in (pre, post_name):
        candidate = re.sub(r"\s+", "", candidate)
        if 2 <= len(candidate) <= 40 and not _NOT_A_NAME.match(candidate):
            return candidate
    return None


def find_title(text: str, max_lines: int = 40) -> tuple[re.Match[str], int, int] | None:
    """The report title near the top: (match, start, end) with offsets into `text`.

    Titles may be wrapped over two lines ("…2014年政府信息公开工作\n进展情况的报告"), so each short
    line is also tried joined with the next one."""
    offsets, pos = [], 0
    lines = text.split("\n")[:max_lines]
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    for i, line in enumerate(lines):
        candidates = [(line, None)]
        if i + 1 < len(lines) and len(line) < 40 and "报告" not in line:
            candidates.insert(0, (line + lines[i + 1], len(line)))
        for candidate, joint in candidates:
            m = _TITLE.search(candidate)
            if not m or re.search(r"根据|《|关于做好|通知", m.group("pre")):
                continue
            start = offsets[i] + m.start()
            end = offsets[i] + m.end() + (1 if joint is not None and m.end() > joint else 0)
            return m, start, end
    return None


def find_stat_year(text: str) -> tuple[int | None, tuple[int, int] | None]:
    m = _STAT_PERIOD.search(text)
    if m:
        y1, y2 = _year(m.group("y1")), _year(m.group("y2"))
        if y1 == y2:
            return y1, m.span()
    m = _STAT_PERIOD_LOOSE.search(text[:6000])
    if m:
        return _year(m.group("y1")), m.span()
    return None, None


def _to_date(y: str, mo: str, d: str) -> date | None:
    year = _year(y)
    month, day = parse_number(mo), parse_number(d)
    try:
        return date(year, int(month), int(day)) if year and month and day else None
    except (TypeError, ValueError):
        return None


def find_published(text: str, year: int | None) -> date | None:
    """The 落款 date at the end of the report, else a page date (发布时间: 2022-02-08).
    Only dates after the covered year count."""
    tail = text[-600:]
    candidates = [_to_date(*m.group("y", "m", "d")) for m in _DATE.finditer(tail)]
    candidates = [c for c in candidates if c and (year is None or c.year > year)]
    if candidates:
        return candidates[-1]
    m = _ISO_DATE.search(text[:3000])
    if m:
        d = _to_date(*m.group("y", "m", "d"))
        if d and (year is None or d.year > year):
            return d
    return None


def identify(text: str, n_sections: int) -> Identity:
    ident = Identity()
    found = find_title(text)
    m = found[0] if found else None
    if found:
        ident.title = re.sub(r"^(?:标题[:：]|#+)", "", re.sub(r"\s+", "", m.group(0))).strip(" |:：")
        ident.title_span = found[1:]
        ident.title_year = _year(m.group("year"))
        ident.agency_raw = _clean_agency(m.group("pre"), m.group("post"))
        if m.group("year").lower() == "20xx":
            ident.warnings.append("标题年份为占位符 20xx：年份未知")
    if ident.agency_raw is None:
        for line in text.split("\n")[:15]:
            headline = _HEADLINE_ORGAN.match(line.strip())
            if headline:
                ident.agency_raw = headline.group("organ")
                break
    stat_year, _ = find_stat_year(text)
    ident.year = stat_year or ident.title_year
    if stat_year and ident.title_year and stat_year != ident.title_year:
        ident.warnings.append(f"标题年份 {ident.title_year} 与统计期限 {stat_year} 不一致：按统计期限计")
    ident.published = find_published(text, ident.year)
    titled = bool(m) or bool(_TITLE_OTHER.search(text[:3000]))
    ident.is_annual_report = titled or n_sections >= 4
    return ident


_SELF_REFERENCE = re.compile(r"我(县|区|市|局|委|镇|乡|校|办|中心)")
_ORGAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|市|县|区)[\u4e00-\u9fff]{1,8}?(?:局|委员会|办公室)")
_PLACE_NAME = re.compile(r"(?<![\u4e00-\u9fff])?([\u4e00-\u9fff]{2,3}(?:县|区|市))")
_GENERIC_PLACE = re.compile(r"^(?:本|我|全|各|该|市|县|区|省|xx|XX)")


def agency_from_body(text: str, is_place: Callable[[str], bool]) -> str | None:
    """The organ an untitled text (a part of a compilation) speaks for, when it names itself.

    A text that says 我局 and names one bureau (雨山区教育局) at least twice speaks for that bureau;
    one that says 我县 and names one county (霍邱县) at least twice speaks for that county. `is_place`
    tells a real region name from look-alikes. Otherwise None: an unnamed part stays unnamed."""
    selves = Counter(m.group(1) for m in _SELF_REFERENCE.finditer(text))
    if not selves:
        return None
    self_kind = selves.most_common(1)[0][0]
    if self_kind in ("局", "委", "办"):
        names = Counter(
            m.group(0) for m in _ORGAN_NAME.finditer(text) if not _GENERIC_PLACE.match(m.group(0))
        )
    elif self_kind in ("县", "区", "市"):
        names = Counter(
            m.group(1)
            for m in _PLACE_NAME.finditer(text)
            if m.group(1).endswith(self_kind)
            and not _GENERIC_PLACE.match(m.group(1))
            and is_place(m.group(1))
        )
    else:
        return None
    if not names:
        return None
    (best, count), *rest = names.most_common(2)
    if count >= 2 and (not rest or rest[0][1] < count):
        return best
    return None
