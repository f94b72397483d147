"""Who reported, for which year, and what kind of document it is — from the report's own text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from etl.han import HAN
from etl.numerals import parse_number
from etl.place_names import generic
from etl.self_naming import (
    YEAR_PATTERN,
    Candidate,
    agency_candidates,
    aggregate_evidence,
    compact_view,
    not_a_report,
    year_candidates,
    year_of,
)

_YEAR = YEAR_PATTERN

# "…2012年度…政府信息公开工作年度报告", "2012年白城市教育局政务信息公开工作年度报告",
# "X国资委2020政府信息公开工作年度报告" (年 left out)
_TITLE = re.compile(
    rf"(?P<pre>[^\n|。]{{0,60}}?)(?P<year>{_YEAR}|20xx|20XX)(?:\s*年(?:度)?|(?=(?:政府|政务)信息\s*公开)"
    # a line opening with the bare year: '2015上海市公安局黄浦分局政府信息公开工作年度报告'
    rf"|(?<=^(?:19|20)\d\d)(?![家个件条项名人次份月日元万亿多余户])(?=[{HAN}]))"
    r"(?P<post>[^\n|。]{0,60}?(?:政府|政务)?信息\s*公开[^\n|。]{0,20}?(?:(?:年度)?(?:工作)?(?:年度)?报告|年报))"
)
# "江苏省财政厅政府信息公开2009年度报告": the year after 信息公开 (`post` stays empty: the organ is `pre`)
_TITLE_YEAR_LAST = re.compile(
    rf"(?P<pre>[^\n|。]{{0,60}}?)(?:(?<!人民)(?:政府|政务))?信息\s*公开(?:工作)?\s*"
    rf"(?P<year>{_YEAR}|20xx|20XX)\s*年(?:度)?(?P<post>)(?:工作)?(?:年度)?(?:报告|年报)"
)
_TITLE_OTHER = re.compile(
    r"(?:政府|政务)信息公开[^\n|。]{0,30}?(?:年度报告|工作报告|情况的报告|工作总结|总结)"
)
# The report describing itself, as the 2008-2018 format opens: "本报告由概述…组成", "本年报中所列数据的
# 统计期限…", "本年度报告…由X编制": a page whose title was not captured is still the report.
_SELF_FRAMING = re.compile(
    r"本(?:年度)?(?:报告|年报)[^。\n]{0,60}?(?:统计期限|统计时限|所列(?:统计)?数据|组成|编制)"
    # '依据《…条例》第五十条规定，编制本报告' (the 2019 template's opening)
    r"|(?:条例|规定)[^。\n]{0,30}?编制本(?:年度)?(?:报告|年报)"
    # '…政务信息公开工作…，现将本年度工作情况报告如下'
    r"|(?:政府信息|政务信息|政务)公开[^。\n]{0,80}?现将本年度[^。\n]{0,12}?情况报告如下"
)
# A statistics period: "统计期限自2009年1月1日起至2009年12月31日止"; the first reports after the
# 条例 cover a backlog ("2003年1月1日至2008年12月31日"): the year covered is the year it ends.
_STAT_PERIOD = re.compile(
    rf"(?:统计期限|统计时限|统计时间|统计区间|时间范围|统计周期)[^。\n]{{0,12}}?(?P<y1>{_YEAR})\s*年\s*\d{{1,2}}\s*月\s*\d{{0,2}}\s*日"
    rf"[^。\n]{{0,8}}?(?:至|到|-|—)\s*(?P<y2>{_YEAR})\s*年\s*12\s*月\s*31\s*日"
)
_PERIOD = re.compile(
    rf"(?P<y1>{_YEAR})年\d{{1,2}}月\d{{1,2}}日(?:起)?[,，]?(?:至|到|-|—)(?P<y2>{_YEAR})年12月31日"
    rf"|(?:统计期限|统计时限|统计时间|统计区间|时间范围|统计周期|数据期限)[^。]{{0,30}}?(?:至|到|-|—)(?P<y3>{_YEAR})年12月31日"
    # one calendar year, its year said once: '内容涵盖汉中市统计局2011年1月1日至12月31日期间的…工作情况'
    rf"|(?P<y4>{_YEAR})年1月1日(?:起)?[,，]?(?:至|到|-|—)12月31日"
    # 年 and 月 lost (superscripts or images in the source): '统计期限自201911日起至20191231日止'
    rf"|(?:统计期限|统计时限|统计时间|数据期限)[^。]{{0,8}}?(?P<y5>{_YEAR})11日(?:起)?[,，]?(?:至|到|-|—)(?:{_YEAR})?123[01]日"
)
_STAT_PERIOD_LOOSE = re.compile(rf"(?:统计期限|所列数据)[^。\n]{{0,20}}?(?P<y1>{_YEAR})\s*年")
_DATE = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
)
# A page's own publication date: "发布时间: 2012-04-11", "发布日期:2020-01-31" (labelled), or a bare
# "时间:2022-02-08" in the page chrome (weaker: it may be a render or crawl date).
_PAGE_DATE = re.compile(
    r"(?P<label>发布时间|发布日期|时间|日期)\s*[:：]\s*(?P<y>20\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
)

# A headline that names its organ first: "舒城县教育局:围绕“三个坚持”发力…" (not a line that is only
# "昭通市人民政府办公室:": a letter's addressee, the office the report was sent to)
_HEADLINE_ORGAN = re.compile(
    rf"^(?P<organ>[{HAN}]{{2,20}}?(?:局|委员会|委|办公室|办|政府|中心|管委会|厅|院|所|站))[:：](?=\s*\S)"
)
_LEVEL_WORD_FIRST = re.compile(r"^[省市县区](?!场)")
_NOT_A_NAME = re.compile(r"^(?:关于|[\d\s]+|本|我|全(?=[国省市县区镇乡]))")


@dataclass
class Identity:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    agency_raw: str | None = None
    year: int | None = None
    title_year: int | None = None
    published: date | None = None
    is_annual_report: bool = False
    doc_reason: str | None = None  # NOT_A_REPORT_LABELS key when the document is not a report
    aggregate_span: tuple[int, int] | None = None  # the sentence saying it sums up a jurisdiction
    source_url: str | None = None
    # field → (value, source, start, end, score) of the evidence that decided it
    evidence: dict[str, tuple] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)  # every body candidate, for the caller
    warnings: list[str] = field(default_factory=list)


_year = year_of


def _clean_agency(pre: str, post: str) -> str | None:
    """The agency named around the title's year: before it ('白城市教育局2012年…') or after it
    ('2012年白城市教育局政务信息公开…')."""
    pre = re.sub(r"\s+", "", pre)  # '标      题 西藏自治区审计厅': a page's label, spaced out
    pre = re.sub(r"^.*(?:当前位置|首页|标题|名称|>|》)[:：]*", "", pre).strip(" :：-—|#")
    pre = re.sub(r"关于(?:公布|发布|印发)?.*$", "", pre)
    pre = re.sub(
        r"^.*(?:公布|发布(?!依族)|现将|编制的|编制了|(?:特|现|兹)编制|附表\d*[:：]?)", "", pre
    )  # a body sentence or appendix naming it  # 'X局关于公布X局2019年…报告', '特编制X局2024年…报告'

    # '兴县人民政府信息公开年度报告': the organ keeps its 人民政府
    post_name = re.split(r"(?<!人民)(?:政府|政务)?信息\s*公开", post, maxsplit=1)[0].strip()
    for candidate in (pre, post_name):
        candidate = re.sub(r"\s+", "", candidate)
        if 2 <= len(candidate) <= 40 and not generic(candidate, _NOT_A_NAME):
            return candidate
    return None


def _title_in(line: str) -> re.Match[str] | None:
    return _TITLE.search(line) or _TITLE_YEAR_LAST.search(line)


def _named_title(line: str) -> bool:
    m = _title_in(line)
    return bool(m and _clean_agency(m.group("pre"), m.group("post")))


def find_title(text: str, max_lines: int = 40) -> tuple[re.Match[str], int, int] | None:
    """The report title near the top: (match, start, end) with offsets into `text`.

    Titles may be wrapped over two lines ("…2014年政府信息公开工作\n进展情况的报告"), so each short
    line is also tried joined with the next one."""
    offsets, pos = [], 0
    lines = text.split("\n")[:max_lines]
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    unnamed, first_line = None, len(lines)
    for i, line in enumerate(lines):
        if unnamed and i - first_line > 3:
            break
        candidates = [(line, None, i)]
        # the next line, past blank ones ('白银市平川区发展和改革局\n\n2016年…年度报告'); not when it is a
        # whole title naming its organ: this one is then a heading or crumb above it, e.g.
        # '政府信息公开\n福州市晋安区2016年政府信息公开工作年度报告'
        j = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)
        if (
            j is not None
            and line.strip()
            and len(line) < 40
            and not re.search("报告|年报", line)
            and not _named_title(lines[j])
        ):
            candidates.insert(0, (line + lines[j], len(line), j))
        for candidate, joint, j in candidates:
            m = _title_in(candidate)
            # '鹤庆县人民政府关于2019年度…年度报告' is a title; '关于印发…' before it a notice's
            if not m or re.search(r"根据|《|关于(?!公布|发布|\s*$)|通知", m.group("pre")):
                continue
            if re.search(r"[，,《]", m.group("post")):  # a sentence ('2022年，区统计局严格贯彻落实《条例》…')
                continue
            # one item of a list ('…政府采购)、2022年政府信息公开工作年度报告、政务公开标准目录…')
            if re.search(r"、\s*$", m.group("pre")):
                continue
            # '…关于2017年…年度报告编制发布有关事项的通知': a notice's title (not a title the body follows)
            if re.match(r"[^\s。，,；;《》]{0,20}?(?:通知|通告|函)", candidate[m.end() :]):
                continue
            start = offsets[i] + m.start()
            end = (
                offsets[j] + m.end() - joint
                if joint is not None and m.end() > joint
                else offsets[i] + m.end()
            )
            if _clean_agency(m.group("pre"), m.group("post")):
                return m, start, end
            # a page heading without the organ ('2024年政府信息公开工作年度报告'): the full title
            # may follow within three lines ('石家庄市长安区人民政府' / '2024年…年度报告')
            unnamed = unnamed or (m, start, end)
            first_line = min(first_line, i)
            break
    return unnamed


def find_stat_year(text: str) -> tuple[int | None, tuple[int, int] | None]:
    """The year the stated statistics period ends, with the span of its statement."""
    m = _STAT_PERIOD.search(text)
    if m:
        return _year(m.group("y2")), m.span()
    # a period broken over lines ('201\n5\n年\n1月1日起至…'), or stated without a label
    compact, index = compact_view(text[:6000])
    m = _STAT_PERIOD.search(compact) or _PERIOD.search(compact)
    if m:
        groups = m.groupdict()
        end_year = groups.get("y3") or groups.get("y4") or groups.get("y5") or m.group("y2")
        return _year(end_year), (index[m.start()], index[m.end() - 1] + 1)
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


def _page_dates(text: str, year: int | None) -> tuple[date | None, date | None]:
    """(labelled publication date, bare page date) in the page head, after the covered year."""
    labelled = bare = None
    for m in _PAGE_DATE.finditer(text[:3000]):
        d = _to_date(*m.group("y", "m", "d"))
        if d is None or (year is not None and d.year <= year):
            continue
        if m.group("label").startswith("发布"):
            labelled = labelled or d
        else:
            bare = bare or d
    return labelled, bare


def _signature_date(text: str, year: int | None) -> date | None:
    """The 落款 date at the end of the report (the last date there after the covered year)."""
    candidates = [_to_date(*m.group("y", "m", "d")) for m in _DATE.finditer(text[-600:])]
    candidates = [c for c in candidates if c and (year is None or c.year > year)]
    return candidates[-1] if candidates else None


def published_year_candidates(text: str) -> list[Candidate]:
    """The year before a labelled publication date in January–April (发布时间: 2021-01-28): reports
    are due by 31 January (by 31 March before 2019). Weak evidence, counted only with another phrase."""
    for m in _PAGE_DATE.finditer(text[:3000]):
        if m.group("label").startswith("发布"):
            published = _to_date(*m.group("y", "m", "d"))
            if published is None or published.month > 4:
                return []
            return [Candidate("year", published.year - 1, "published", *m.span(), 0.3)]
    return []


def find_published(text: str, year: int | None) -> date | None:
    """When the report was made public: the page's labelled publication date (发布时间/发布日期),
    else the 落款 date, else a bare page date (时间: …). Only dates after the covered year count.
    The page date wins over the 落款 because the legal deadline is about publication (a report
    signed 2012-02-20 but put online 2012-04-11 was published late)."""
    labelled, bare = _page_dates(text, year)
    return labelled or _signature_date(text, year) or bare


_URL = re.compile(r"(?:原始链接|链接|网址|Url|URL)\s*[:：]\s*(?P<url>https?://\S+)")
# The heading of a document (its first substantial line), for telling notices and summaries apart.
_HEADING = re.compile(r"^(?:标题\s*[:：]\s*)?(?P<h>[^\n]{6,80})$", re.M)
YEAR_THRESHOLD = 0.8  # a year needs a title, a statistics period or a reported-year phrase


def _best_year(candidates: list[Candidate]) -> Candidate | None:
    """The year the strongest evidence supports (scores of one source counted once)."""
    totals: dict[int, dict[str, Candidate]] = {}
    for c in candidates:
        by_source = totals.setdefault(int(c.value), {})
        if c.source not in by_source or by_source[c.source].score < c.score:
            by_source[c.source] = c
    if not totals:
        return None
    ranked = sorted(totals.items(), key=lambda kv: sum(c.score for c in kv[1].values()), reverse=True)
    year, sources = ranked[0]
    score = sum(c.score for c in sources.values())
    if score < YEAR_THRESHOLD:
        return None
    if len(ranked) > 1 and sum(c.score for c in ranked[1][1].values()) >= score:
        return None  # two years with equal support: unknown, not a guess
    best = max(sources.values(), key=lambda c: c.score)
    return Candidate("year", year, best.source, best.start, best.end, round(min(score, 1.0), 2))


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
            # not a generic '市府办:' (the city office that posted the page, not the report's organ)
            if headline and not generic(headline.group("organ"), _LEVEL_WORD_FIRST):
                ident.agency_raw = headline.group("organ")
                break
    if ident.agency_raw is not None and found:
        ident.evidence["agency"] = (ident.agency_raw, "title", *found[1:], 1.0)
    ident.candidates = agency_candidates(text)
    url = _URL.search(text[:3000])
    ident.source_url = url.group("url") if url else None

    stat_year, stat_span = find_stat_year(text)
    if ident.title_year is not None:
        ident.year = ident.title_year
        ident.evidence["year"] = (ident.title_year, "title", *found[1:], 1.0)
        if stat_year and stat_year != ident.title_year:
            ident.warnings.append(
                f"标题年份 {ident.title_year} 与统计期限截止年份 {stat_year} 不一致：按标题年份计"
            )
    elif stat_year:
        ident.year = stat_year
        ident.evidence["year"] = (stat_year, "statistics_period", *stat_span, 1.0)
    elif not (m and m.group("year").lower() == "20xx"):
        best = _best_year(year_candidates(text) + published_year_candidates(text))
        if best:
            ident.year = int(best.value)
            ident.evidence["year"] = (best.value, best.source, best.start, best.end, best.score)
    ident.published = find_published(text, ident.year)

    if found:  # the whole title line: '关于公布2023年…年度报告的通知' is a notice, not the report
        line_start = text.rfind("\n", 0, found[1]) + 1
        # to the line's end, or to the body sentence the line goes on with ('…报告 根据《…的通知》要求')
        rest = re.match(r"[^\n]*?(?=\s+根据|\s+按照|\n|$)", text[found[2] :])
        heading = text[line_start : found[2] + rest.end()]
    else:
        heading = next((h.group("h").strip() for h in _HEADING.finditer(text[:600])), "")
    kind = not_a_report(heading) if heading else None
    titled = bool(m) or bool(_TITLE_OTHER.search(text[:3000]) or _SELF_FRAMING.search(text[:3000]))
    if kind:
        ident.doc_reason = kind
    elif not (titled or n_sections >= 4):
        ident.doc_reason = "news"
    ident.is_annual_report = ident.doc_reason is None
    ident.aggregate_span = aggregate_evidence(text)
    return ident


_SELF_REFERENCE = re.compile(r"我(县|区|市|局|委|镇|乡|校|办|中心)")
# An organ named after a place's level word: 雨山[区]教育局, 达州[市]教育局, or generic [市]教育局.
_ORGANS_OF = {"局": r"局", "委": r"(?:委员会|委)", "办": r"(?:办公室|办)"}


def _organ_mentions(text: str, self_kind: str, is_place: Callable[[str], bool]) -> tuple[Counter, Counter]:
    """(full names such as 雨山区教育局, generic ones such as 市教育局) of organs of the self-reference's
    kind (我局 → …局). A full name's place part must be a real division (`is_place`)."""
    # 人力资源和社会保障局; not '市局' in '各分县市局' (the county bureaus under it): no organ's name
    organ = re.compile(rf"(?<=[省市县区])[{HAN}]{{2,12}}?{_ORGANS_OF[self_kind]}")
    full, generic = Counter(), Counter()
    for m in organ.finditer(text):
        level_at = m.start() - 1
        place = next(
            (
                text[j : m.start()]
                for j in range(max(0, level_at - 6), level_at - 1)
                if is_place(text[j : m.start()])
            ),
            None,
        )
        if place:
            full[place + m.group(0)] += 1
        elif text[level_at] in "市县区":  # 省 only in full names (黑龙江省通信管理局)
            generic[text[level_at] + m.group(0)] += 1
    return full, generic


def sole_organ_named(text: str, is_place: Callable[[str], bool]) -> str | None:
    """The one organ a text names in full when it speaks as that kind of organ: it says 我局 (我委,
    我办) at least twice, more than any other self-reference, and names exactly one organ of that
    kind with its place (深圳市交通运输局, once) and none by its level word alone (市交通运输局) that
    is not that organ's. Evidence only beside a phrase that names the organ (its contact line, its
    website): a bureau quoting its superior once and naming itself nowhere gives that phrase nothing."""
    selves = Counter(m.group(1) for m in _SELF_REFERENCE.finditer(text)).most_common(2)
    if not selves or selves[0][0] not in _ORGANS_OF or selves[0][1] < 2:
        return None
    if len(selves) > 1 and selves[1][1] >= selves[0][1]:
        return None
    full, generic = _organ_mentions(text, selves[0][0], is_place)
    if len(full) != 1:
        return None
    name = next(iter(full))
    return name if set(generic) <= {_level_form(name, is_place)} else None


def _unique_top(names: Counter) -> str | None:
    if not names:
        return None
    (best, count), *rest = names.most_common(2)
    return best if count >= 2 and (not rest or rest[0][1] < count) else None


def agency_from_body(
    text: str,
    is_place: Callable[[str], bool],
    named_place: Callable[[str, str], str | None] = lambda _text, _suffix: None,
    is_township: Callable[[str], bool] = lambda _name: False,
) -> str | None:
    """The organ an untitled text (a part of a compilation) speaks for, when it names itself.

    A text that says 我局 and names one bureau (雨山区教育局) at least twice speaks for that bureau; one
    that says 我局, refers to 市教育局 at least twice and names one city (达州, in 达州教育网) at
    least twice speaks for 达州市教育局; one that says 我县 and names one county (霍邱县) at least
    twice speaks for that county, and one that says 我镇 and names one
    township (张义镇) twice for that township. A place never speaks for a text that says 我局 (or
    我委, 我办) at least as often: 我县 is then the county the bureau serves. `is_place` tells a real
    region name from look-alikes; `named_place(text, suffix)` finds the one division of that suffix
    a text keeps naming; `is_township` tells a township's name. Otherwise None: an unnamed part stays
    unnamed."""
    selves = Counter(m.group(1) for m in _SELF_REFERENCE.finditer(text))
    organ_refs = max((n for kind, n in selves.items() if kind in _ORGANS_OF), default=0)
    for self_kind, n in selves.most_common():
        if self_kind in _ORGANS_OF:
            found = _organ_from_body(text, self_kind, is_place, named_place)
        elif n <= organ_refs:
            found = None
        elif self_kind in ("县", "区", "市"):
            found = _named(text, self_kind, is_place, 6)  # a real division: never generic
        elif self_kind in ("镇", "乡"):
            # (a township the text names once is it, when it names no other and says 我镇 twice)
            found = _named(text, self_kind, is_township, 4, sole=n >= 2)
        else:
            found = None
        if found:
            return found
    return None


def _organ_from_body(
    text: str, self_kind: str, is_place: Callable[[str], bool], named_place: Callable[[str, str], str | None]
) -> str | None:
    full, generic = _organ_mentions(text, self_kind, is_place)
    if full:
        # 常德市电子政务办 once and 市电子政务办 three times: four mentions of one organ
        merged = Counter({name: n + generic[_level_form(name, is_place)] for name, n in full.items()})
        return _unique_top(merged)
    organ = _unique_top(generic)
    place = named_place(text, organ[0]) if organ else None
    return place + organ[1:] if place else None


def _level_form(name: str, is_place: Callable[[str], bool]) -> str:
    """'常德市电子政务办' → '市电子政务办' (the form a text uses once it has named the place)."""
    cut = max((k for k in range(2, len(name)) if is_place(name[:k])), default=None)
    return name[cut - 1 :] if cut else name


def _named(
    text: str, suffix: str, is_name: Callable[[str], bool], longest: int, sole: bool = False
) -> str | None:
    """The one name ending in `suffix` (2 to `longest` characters before it) that `text` gives at
    least twice, more often than any other (with `sole`, also the only one, given once): at each
    `suffix`, the longest name `is_name` accepts."""
    names: Counter = Counter()
    for m in re.finditer(suffix, text):
        for k in range(longest, 1, -1):
            name = text[max(0, m.start() - k) : m.end()]
            if len(name) == k + 1 and _ALL_HAN.fullmatch(name) and is_name(name):
                names[name] += 1
                break
    if sole and len(names) == 1:
        return next(iter(names))
    return _unique_top(names)


_ALL_HAN = re.compile(rf"[{HAN}]+")
