"""Numbers as written in reports: Arabic, full-width (folded by NFKC) and Chinese numerals."""

from __future__ import annotations

import re

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# A number token: Arabic (with thousands separators / decimals) or a run of Chinese numerals.
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[{CN_DIGITS}]+"
APPROX_BEFORE = ("约", "近", "超过", "逾", "大约", "将近", "不少于")
APPROX_AFTER = ("余", "多", "来", "左右", "以上")


def parse_number(token: str) -> int | float | None:
    """'1,234' → 1234, '96171.6' → 96171.6, '一百二十三' → 123, '两' → 2; None if not a number."""
    token = token.strip()
    if not token:
        return None
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", token):
        value = float(token.replace(",", ""))
        return int(value) if value.is_integer() and "." not in token else value
    if re.fullmatch(f"[{CN_DIGITS}]+", token):
        if token in ("零", "〇"):
            return 0
        try:
            value = cn2an.cn2an(token.replace("两", "二"), "smart")
        except (ValueError, KeyError, IndexError):
            return None
        return int(value) if float(value).is_integer() else float(value)
    return None


def is_approximate(before: str, after: str) -> bool:
    """True when the words around a number mark it as approximate (约100件, 十余件, 100多件)."""
    return before.endswith(APPROX_BEFORE) or after.startswith(APPROX_AFTER)
