"""Numbers stated in prose → summary keys `s.*` (spec/metrics.md §3), with evidence spans.

Precision first: a number is taken only when its sentence names the subject unambiguously, is not
cumulative (累计, 历年, 截至 …), is not about another year, and is not approximate (约, 余, 多 …).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from etl.numerals import NUMBER, is_approximate, parse_number

UNIT = r"(?:件|项|个|份|宗|起|次|条|人次)"
APPROX = r"(?:约|近|超过|逾|大约|将近)?"
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CUMULATIVE = re.compile(r"累计|历年|截至|截止|以来|总计已|共计已?达到")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*年")

# (key, pattern). The number must be the named group `n`; `zero` patterns state zero.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p))
    for key, p in (
        (
            "s.requests_received",
            rf"(?:收到|受理|接到|接收|办理)[^，,。；]{{0,16}}?(?:政府信息公开|信息公开|依申请公开)[^，,。；]{{0,8}}?申请"
            rf"(?:事项)?(?:共|合计|总计|数)?(?:为)?\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        (
            "s.requests_received",
            rf"(?:共|共计|合计)?(?:收到|受理|接到)(?:各类)?(?:政府信息公开|信息公开|依申请公开)?申请\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        (
            "s.requests_received",
            rf"(?:政府信息公开|依申请公开(?:政府信息)?)申请(?:数量?|总数)?(?:为|共|达)?\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        (
            "s.proactive_items",
            rf"主动公开(?:政府)?信息(?:共|合计|总计|数)?(?:为|达)?\s*{APPROX}(?P<n>{NUMBER})\s*条",
        ),
        ("s.proactive_items", rf"(?:共|累计)?主动公开(?:各类)?(?:政府)?信息\s*{APPROX}(?P<n>{NUMBER})\s*条"),
        (
            "s.reviews",
            rf"(?:行政复议|申请复议)(?:案件|申请)?(?:共|合计)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|起|宗|次)",
        ),
        (
            "s.lawsuits",
            rf"(?:行政诉讼|提起诉讼)(?:案件)?(?:共|合计)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|起|宗|次)",
        ),
        ("s.granted", rf"(?:同意公开|予以公开)(?:答复)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)"),
        # not "予以公开及部分公开42件": granted and partial together
        (
            "s.partial",
            rf"(?<![及和与、])(?:同意部分公开|(?<!同意)部分公开)(?:答复)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)",
        ),
        ("s.denied", rf"(?:不同意公开|不予公开|否决公开)(?:答复)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)"),
        (
            "s.fees_yuan",
            rf"收取[^，,。；]{{0,12}}?(?:费用|信息处理费|成本费)[^，,。；]{{0,4}}?{APPROX}(?P<n>{NUMBER})\s*元",
        ),
    )
)

# Phrases that state zero. Each applies to the listed keys.
_ZERO_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ("s.requests_received",),
        re.compile(
            r"(?:未|没有|无)(?:接到|收到|受理|接收)(?:过)?(?:任何)?[^。；，,]{0,20}?(?:依申请|申请)[^。；，,]{0,12}"
        ),
    ),
    (
        ("s.requests_received",),
        re.compile(
            r"(?:无|没有)(?:公民|法人|其他组织|公民、法人或其他组织)?[^。；，,]{0,10}?(?:提出|申请)[^。；，,]{0,6}?(?:政府信息公开|依申请公开)申请"
        ),
    ),
    (
        ("s.reviews", "s.lawsuits"),
        re.compile(
            r"(?:未|没有|无)(?:发生|出现|收到|接到|有)?[^。；]{0,24}?(?:申请)?行政复议[、和及或]?(?:提起)?行政诉讼"
        ),
    ),
    (
        ("s.reviews",),
        re.compile(
            r"(?:未|没有|无)(?:发生|出现|收到|接到|有)[^。；，,]{0,20}?行政复议(?![、和及或]?(?:提起)?行政诉讼)"
        ),
    ),
    (
        ("s.lawsuits",),
        re.compile(
            r"(?:未|没有|无)(?:发生|出现|收到|接到|有)[^。；，,]{0,20}?(?<!复议、)(?<!复议和)行政诉讼"
        ),
    ),
    (
        ("s.fees_yuan",),
        re.compile(r"(?:未|没有|不)(?:向[^。；，,]{0,10})?收取(?:任何)?[^。；，,]{0,10}?(?:费用|信息处理费)"),
    ),
)


# "未收到…行政复议申请" is about reviews, not disclosure requests.
_NOT_A_REQUEST = re.compile(r"复议|诉讼|举报|投诉")


@dataclass(frozen=True)
class ProseValue:
    key: str
    value: int | float
    start: int
    end: int


# A zero statement about outcomes, not occurrence: "未发生…被行政复议纠错或行政诉讼败诉情形".
_CORRECTION_AFTER = re.compile(r"[^，,。；;]{0,8}?(?:纠错|败诉|纠正|撤销|确认违法)")
_SENTENCE_FINAL = tuple("。；;！!？?：:")
_LIST_START = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第)"
)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def soft_wraps(text: str) -> frozenset[int]:
    """Offsets of the line breaks that only wrap a paragraph (text extracted from a PDF, where every
    full line breaks at about the same width): a sentence goes on across them. A text counts as
    wrapped when ≥ 40% of its lines lie within 15% of the 80th-percentile line width."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    widths = sorted(_width(line) for _, line in lines if len(line.strip()) >= 10)
    if len(widths) < 20:
        return frozenset()
    full = widths[int(len(widths) * 0.8)] * 0.85
    if sum(w >= full for w in widths) < 0.4 * len(widths):
        return frozenset()
    out = set()
    for (start, line), (_, following) in zip(lines, lines[1:], strict=False):
        stripped = line.rstrip()
        if (
            _width(stripped) >= full
            and not stripped.endswith(_SENTENCE_FINAL)
            and not _LIST_START.match(following)
        ):
            out.add(start + len(line))
    return frozenset(out)


def _sentences(text: str, start: int, end: int, wraps: frozenset[int]):
    """(offsets, sentence): each sentence with soft line breaks removed, and for each of its
    characters the offset in `text` (so evidence spans still point into the text)."""
    keep = [i for i in range(start, end) if i not in wraps]
    joined = "".join(text[i] for i in keep)
    for m in _SENTENCE.finditer(joined):
        yield keep[m.start() : m.end()], m.group(0)


def _at(offsets: list[int], a: int, b: int, key: str, value: int | float) -> ProseValue:
    """The value found at sentence[a:b], with its span in the text."""
    return ProseValue(key, value, offsets[a], offsets[b - 1] + 1)


def _other_year(sentence: str, year: int | None) -> bool:
    years = {int(y) for y in _YEAR_IN.findall(sentence)}
    return bool(year and years and year not in years)


def extract_prose_values(
    text: str, year: int | None, start: int = 0, end: int | None = None
) -> tuple[list[ProseValue], list[str]]:
    """Summary values stated in text[start:end]. Returns (values, warnings); the first statement of
    a key wins, later differing statements add a warning instead of overriding it."""
    end = len(text) if end is None else end
    found: dict[str, ProseValue] = {}
    warnings: list[str] = []
    wraps = soft_wraps(text)
    for offsets, sentence in _sentences(text, start, end, wraps):
        if _CUMULATIVE.search(sentence) or _other_year(sentence, year):
            continue
        hits: list[ProseValue] = []
        for key, pattern in _PATTERNS:
            for m in pattern.finditer(sentence):
                token = m.group("n")
                before, after = sentence[: m.start("n")], sentence[m.end("n") :]
                if is_approximate(before, after):
                    warnings.append(f"{key} 为约数（{m.group(0)}），未计入")
                    continue
                value = parse_number(token)
                if value is not None:
                    hits.append(_at(offsets, m.start(), m.end(), key, value))
        for keys, pattern in _ZERO_PATTERNS:
            for m in pattern.finditer(sentence):
                if keys == ("s.requests_received",) and _NOT_A_REQUEST.search(m.group(0)):
                    continue
                if _CORRECTION_AFTER.match(sentence, m.end()):
                    continue
                hits.extend(_at(offsets, m.start(), m.end(), k, 0) for k in keys)
        for hit in hits:
            prev = found.get(hit.key)
            if prev is None:
                found[hit.key] = hit
            elif prev.value != hit.value and not (prev.start <= hit.start < prev.end):
                warnings.append(f"{hit.key} 在正文中有不同数值（{prev.value} / {hit.value}）：取首次出现者")
    return sorted(found.values(), key=lambda v: v.start), warnings
