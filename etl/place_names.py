"""Names that start like a generic or self-referring one but are a place's own.

'本局', '我县', '市财政局', '镇政府' name no place: the body must say which. But 本溪市, 镇江市, 市南区,
乡宁县, 镇隆镇 and 市桥街道 are places whose names begin with those very characters, and a report titled
'本溪市教育局…' names its agency in full. Every check for a generic start goes through `generic`.
"""

from __future__ import annotations

import re

from etl.han import HAN
from etl.region import split_region

# A township organ's own place: 'X镇' / 'X乡' / 'X街道' / 'X苏木' before its organ word (or alone).
TOWNSHIP_PREFIX = re.compile(rf"^[{HAN}]{{1,16}}?(?:街道|镇|乡|苏木)(?=人民政府|政府|办事处|党|$)")
# '本镇人民政府', '我乡…', '该街道…': a self-reference, not a township named 本…
_SELF_TOWNSHIP = re.compile(r"^(?:本|我|该|各|某|全)(?:镇|乡|街道)")


def starts_with_place(name: str) -> bool:
    """Whether `name` begins with a division's own name: county or above from the gazetteer
    (本溪市教育局, 市南区财政局), or a township organ (镇隆镇人民政府, 市桥街道办事处) that is not
    a self-reference (本镇人民政府)."""
    place = split_region(name)[0]
    if place and name.startswith(place):  # (not a place further in: '年度五通桥区教育局', '在广州市委')
        return True
    return bool(TOWNSHIP_PREFIX.match(name)) and not _SELF_TOWNSHIP.match(name)


def generic(name: str, start: re.Pattern[str]) -> bool:
    """Whether `name` opens with one of `start`'s generic or self-referring words and is not a place
    named so: each caller keeps its own list of such words, the place exception is this one."""
    return bool(start.match(name)) and not starts_with_place(name)


def names_only_a_township(name: str) -> bool:
    """'高楼镇', '前进街道': a township's or street's name and nothing else (not '本镇')."""
    m = TOWNSHIP_PREFIX.match(name)
    return bool(m) and m.end() == len(name) and not _SELF_TOWNSHIP.match(name)
