"""Splitting a file that holds several reports (a compilation) into parts.

For now a compilation is detected and flagged, and loaded as one part; splitting it into its reports
is the next step (issue 4).
"""

from __future__ import annotations

import re

_TOP_LEVEL_FIRST = re.compile(r"(?m)^\s*一[、．.]")
_COMPILATION_TITLE = re.compile(r"[（(](?:通用|精选|汇编|合集)?\s*\d+\s*篇[)）]|汇编|范文")


def looks_like_compilation(text: str) -> bool:
    restarts = len(_TOP_LEVEL_FIRST.findall(text))
    return restarts >= 4 or bool(_COMPILATION_TITLE.search(text[:200]))


def split_parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each report in the text."""
    return [(0, len(text))]
