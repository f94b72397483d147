"""Find where Tables 2, 3 and 4 sit in a document's text, by anchors rather than section numbers."""

from __future__ import annotations

import re

_T2 = re.compile(r"第\s*二\s*十\s*条\s*(?:第\s*)?[(（]\s*[一五六八九]\s*[)）]")
_T3 = re.compile(r"本列数据的\s*勾\s*稽关系|申\s*请\s*人\s*情\s*况|本\s*年\s*新\s*收\s*政\s*府")
_T4 = re.compile(r"未\s*经\s*复\s*议\s*直\s*接\s*起\s*诉|复\s*议\s*后\s*起\s*诉")
_T4_HEAD = re.compile(r"(?m)^[| \t]*(?:四\s*[、.．]|\(四\)|（四）)[^\n]{0,30}?复\s*议|行\s*政\s*复\s*议")
_END = re.compile(r"(?m)^[|#* \t]*(?:五\s*[、.．]|\(五\)|（五）)|存在的主要问题|主要问题及改进")


def locate(text: str) -> dict[str, tuple[int, int]]:
    """Regions {"t2"|"t3"|"t4": (start, end)} of the tables that have an anchor."""
    found: dict[str, int] = {}
    anchor_end: dict[str, int] = {}  # the table ends after its anchor (a heading 五 may come out of order)
    m2 = _T2.search(text)
    if m2:
        found["t2"] = max(0, m2.start())
    m3 = _T3.search(text, found.get("t2", 0))
    if m3:
        found["t3"] = m3.start()
    m4 = _T4.search(text, found.get("t3", found.get("t2", 0)))
    if m4:
        head_from = found.get("t3", found.get("t2", max(0, m4.start() - 400)))
        heads = [h.start() for h in _T4_HEAD.finditer(text, head_from, m4.start())]
        # the last carried-out row precedes Table 4's heading; start at the first heading after it
        carried = text.rfind("结转下年度", head_from, m4.start())
        heads = [h for h in heads if h > carried]
        found["t4"] = heads[0] if heads else m4.start()
        anchor_end["t4"] = m4.end()
    order = sorted(found.items(), key=lambda kv: kv[1])
    regions: dict[str, tuple[int, int]] = {}
    for i, (name, start) in enumerate(order):
        if i + 1 < len(order):
            end = order[i + 1][1]
        else:
            m = _END.search(text, max(start + 20, anchor_end.get(name, 0)))
            end = m.start() if m else min(len(text), start + 4000)
        regions[name] = (start, end)
    return regions
