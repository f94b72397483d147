"""Splitting a file that holds several reports or work summaries (a compilation) into parts.

A compilation's parts rarely carry titles; each opens with a lead paragraph followed by its own
top-level heading `一、`. A part therefore starts where the top-level numbering restarts at 一 after
having reached at least 二, taking the lead paragraph just before it along.
"""

from __future__ import annotations

import re

_TOP = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,2})[、．.]")
_ENUMERATED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}[、．.是]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+)"
)
_COMPILATION_TITLE = re.compile(r"[（(](?:通用|精选|汇编|合集)?\s*\d+\s*篇[)）]|汇编|范文|合集")
_NUMS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
MIN_PART_CHARS = 400


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_lead(line: str) -> bool:
    """A lead paragraph: prose that opens a summary, not a list item or a '下一步打算:' caption."""
    line = line.strip()
    return len(line) >= 40 and not _ENUMERATED.match(line)


def _is_caption(line: str) -> bool:
    """A short caption introducing a list of the same part ('下一步工作打算:'): its 一、 is no
    restart. (A lead paragraph may end with '现总结如下:' too, but it is long.)"""
    line = line.strip()
    return len(line) <= 20 and line.endswith((":", "："))


def part_starts(text: str) -> list[int]:
    """Offsets where a new part begins (the first is always 0)."""
    spans = _line_spans(text)
    lines = [text[a:b] for a, b in spans]
    starts = [0]
    highest = 0
    for i, line in enumerate(lines):
        m = _TOP.match(line)
        if not m:
            continue
        number = _NUMS.get(m.group("num"), 0)
        if number == 1 and highest >= 2:
            prev = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
            if prev is not None and _is_caption(lines[prev]):
                continue
            start = spans[prev][0] if prev is not None and _is_lead(lines[prev]) else spans[i][0]
            if start - starts[-1] >= MIN_PART_CHARS:
                starts.append(start)
            highest = 1
        elif number:
            highest = max(highest, number)
    return starts


def looks_like_compilation(text: str) -> bool:
    return bool(_COMPILATION_TITLE.search(text[:200])) or len(part_starts(text)) >= 4


def split_parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each report in the text; one part unless the file looks like a compilation
    (a 'N篇' title, or the numbering restarting at least three times)."""
    starts = part_starts(text)
    titled = bool(_COMPILATION_TITLE.search(text[:200]))
    if len(starts) < 2 or not (titled or len(starts) >= 4):
        return [(0, len(text))]
    ends = starts[1:] + [len(text)]
    return list(zip(starts, ends, strict=True))
