"""One table cell's text → a value: int, float, blank (None) or not a value (a label)."""

from __future__ import annotations

import re

BLANKS = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "—/—", "_"})
_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_UNITS = ("万元", "元", "件", "个", "项", "条", "次", "宗", "人次")


class NotAValue(Exception):
    pass


def parse_cell(text: str) -> int | float | None:
    """`''`/`-`/`/`/`—`/`无` → None; `251000元` → 251000; `+1036` → 1036; `-35` → -35; `96171.6` → 96171.6.

    Raises NotAValue for label text.
    """
    if text.isdecimal():  # not isdigit: superscripts and circled numbers (², ①) are digits int() refuses
        return int(text)
    t = text.strip().replace(" ", "")
    if t in BLANKS:
        return None
    for unit in _UNITS:
        if t.endswith(unit) and len(t) > len(unit):
            t = t[: -len(unit)]
            break
    m = _NUMBER.fullmatch(t)
    if not m:
        raise NotAValue(text)
    sign, digits, frac = m.groups()
    digits = digits.replace(",", "")
    if frac:
        value: int | float = float(digits + frac)
    else:
        value = int(digits)
    return -value if sign == "-" else value


def is_value(text: str) -> bool:
    try:
        parse_cell(text)
    except NotAValue:
        return False
    return True
