"""Body-only variants of real reports: the title, the page header and the page chrome stripped.

An outsider's check of identity: many real texts (text exports, PDFs whose title is an image or a
page header) start straight with the body. `body_only(text)` keeps what follows the title line
(or the page header's `正文:` marker), so whatever identity remains comes from the body alone.
"""

from __future__ import annotations

import re

from etl.identity import find_title

_HEADER_LINE = re.compile(
    r"^\s*(?:标题|发布时间|发布日期|文号|发布机构|栏目|原始链接|来源|索引号|正文)\s*[:：]"
)


def _is_title_line(line: str) -> bool:
    """A line that is a report title and little else (not a body sentence quoting one)."""
    line = line.strip()
    found = find_title(line, max_lines=1) if 6 <= len(line) <= 80 else None
    return found is not None and found[2] - found[1] >= 0.7 * len(line)


def body_only(text: str) -> str:
    """The text after its page header, with header lines and title lines removed."""
    marker = re.search(r"^正文\s*[:：]\s*$", text, re.M)
    if marker:
        text = text[marker.end() :]
    lines = text.split("\n")
    head = [line for line in lines[:40] if not _HEADER_LINE.match(line) and not _is_title_line(line)]
    return "\n".join(head + lines[40:]).lstrip()


def names_organ(body: str, names: list[str]) -> bool:
    """Whether the body states one of the organ's names (or, for a people's government, its region
    as the author of the year's report: '莆田市2008年度…报告')."""
    compact = re.sub(r"\s+", "", body)
    for name in names:
        if name in compact:
            return True
        region = name.removesuffix("人民政府")
        if region != name and re.search(rf"{re.escape(region)}(?:19|20)\d\d年度?", compact):
            return True
    return False
