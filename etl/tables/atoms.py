"""A table region as a stream of atoms: label text, values, blanks and bare digit groups.

Grids give one atom per source cell; plain text is tokenised on whitespace and pipes (the layouts of
report-formats.md §E.3), with page footers and Markdown rule lines masked out first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.document import Document, Grid
from etl.tables.cells import NotAValue, parse_cell


@dataclass
class Atom:
    kind: str  # label | value | blank
    text: str
    start: int
    end: int
    value: int | float | None = None

    @property
    def digits(self) -> bool:
        """A bare digit group, optionally signed (a candidate for run-together cells)."""
        body = self.text[1:] if self.text[:1] in "+-" else self.text
        return self.kind == "value" and body.isdigit()


_FOOTER = re.compile(
    r"(?m)^[-—–]\s*\d{1,3}\s*[-—–]$|^第\s*\d+\s*页(?:\s*[,/，]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
)
_MD_RULE = re.compile(r"(?m)^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PIECE = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?(?:万元|元|件)?|[^\d+-]+|[+-]")


def _mask(text: str) -> str:
    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))

    return _MD_RULE.sub(blank, _FOOTER.sub(blank, text))


def _token_atoms(text: str, base: int) -> list[Atom]:
    """Atoms of a whitespace-delimited token: `规章000` → label + digits; `00000002.其他` → digits,
    numbering `2` (label), label text."""
    out: list[Atom] = []
    pieces = [(m.group(0), m.start(), m.end()) for m in _PIECE.finditer(text)]
    if len(pieces) == 1:
        t, s, e = pieces[0]
        try:
            v = parse_cell(t)
        except NotAValue:
            return [Atom("label", t, base + s, base + e)]
        return [Atom("value" if v is not None else "blank", t, base + s, base + e, v)]
    for i, (t, s, e) in enumerate(pieces):
        nxt = pieces[i + 1][0] if i + 1 < len(pieces) else ""
        prev = pieces[i - 1][0] if i else ""
        if t[0].isdecimal() and nxt[:1] in (".", "、") and len(nxt) > 1 and not nxt[1].isdigit():
            if len(t) > 1:  # values ran into the next item's number: `60000068.属于…`
                out.append(Atom("value", t[:-1], base + s, base + e - 1, int(t[:-1])))
            out.append(Atom("label", t[-1], base + e - 1, base + e))
            continue
        if t[0].isdecimal() and prev.endswith(("(", "（")) and nxt.startswith((")", "）")):
            out.append(Atom("label", t, base + s, base + e))
            continue
        try:
            v = parse_cell(t)
        except NotAValue:
            out.append(Atom("label", t, base + s, base + e))
            continue
        if v is None:
            out.append(Atom("label", t, base + s, base + e))  # a stray '-' inside text
        else:
            out.append(Atom("value", t, base + s, base + e, v))
    return out


def text_atoms(doc: Document, start: int, end: int) -> list[Atom]:
    region = _mask(doc.text[start:end])
    lines = region.split("\n")
    nonempty = [ln.strip() for ln in lines if ln.strip()]
    one_cell = sum(1 for ln in nonempty if ln.endswith("|") and ln.count("|") == 1 and ln != "|")
    bar_only = sum(1 for ln in nonempty if ln == "|")
    multi = sum(1 for ln in nonempty if ln.count("|") >= 2)
    n = max(1, len(nonempty))
    if multi >= 0.3 * n:
        return _pipe_rows(region, start)
    if (one_cell + bar_only) >= 0.5 * n and one_cell >= bar_only:
        return _cell_per_line(region, start)
    if bar_only >= 0.3 * n:
        return _bar_separated(region, start)
    return _whitespace(region, start)


def _whitespace(region: str, base: int) -> list[Atom]:
    out: list[Atom] = []
    for m in re.finditer(r"[^\s|]+", region):
        out.extend(_token_atoms(m.group(0), base + m.start()))
    for i in range(len(out) - 1):  # `2 .其他…`: an item number (never 0) set apart from its label
        a, b = out[i], out[i + 1]
        if (
            a.kind == "value"
            and len(a.text) == 1
            and a.text in "123456789"
            and b.kind == "label"
            and b.text[:1] in ".、"
        ):
            out[i] = Atom("label", a.text, a.start, a.end)
        if a.kind == "value" and _YEAR.fullmatch(a.text) and b.kind == "label" and b.text.startswith("年"):
            out[i] = Atom("label", a.text, a.start, a.end)  # `2019年项目数量`: a header, not a cell
    return _join_signs(out, region, base)


def _join_signs(atoms: list[Atom], region: str, base: int) -> list[Atom]:
    """`+ 14`: a sign set apart from its number on the same line is part of the value."""
    out: list[Atom] = []
    for a in atoms:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "label"
            and prev.text == "+"
            and a.digits
            and not region[prev.end - base : a.start - base].strip(" \t")
        ):
            text = region[prev.start - base : a.end - base]
            out[-1] = Atom("value", text, prev.start, a.end, a.value)
            continue
        out.append(a)
    return out


def _cell_atoms(text: str, s: int) -> list[Atom]:
    """A cell's atoms: a value or blank cell is one atom, label text is tokenised."""
    stripped = text.strip()
    if not stripped:
        return [Atom("blank", "", s, s)]
    lead = len(text) - len(text.lstrip())
    s += lead
    try:
        v = parse_cell(stripped)
    except NotAValue:
        return _label_cell(stripped, s)
    return [Atom("blank" if v is None else "value", stripped, s, s + len(stripped), v)]


def _label_cell(text: str, s: int) -> list[Atom]:
    """A label cell: whitespace-separated numbers in it are values (`规章 0 0 0`), mixed tokens
    (`数据1`, `1.属于…`) stay label text."""
    out = []
    for m in re.finditer(r"\S+", text):
        t = m.group(0)
        try:
            v = parse_cell(t)
        except NotAValue:
            out.append(Atom("label", t, s + m.start(), s + m.end()))
            continue
        out.append(Atom("blank" if v is None else "value", t, s + m.start(), s + m.end(), v))
    return out


def _pipe_rows(region: str, base: int) -> list[Atom]:
    out: list[Atom] = []
    pos = 0
    for line in region.split("\n"):
        if "|" not in line:
            out.extend(_whitespace(line, base + pos))
        else:
            fields, off = [], 0
            for f in line.split("|"):
                fields.append((f, off))
                off += len(f) + 1
            if fields and not fields[0][0].strip():
                fields = fields[1:]
            if fields and not fields[-1][0].strip():
                fields = fields[:-1]
            for f, o in fields:
                out.extend(_cell_atoms(f, base + pos + o))
        pos += len(line) + 1
    return out


def _cell_per_line(region: str, base: int) -> list[Atom]:
    out: list[Atom] = []
    pos = 0
    for line in region.split("\n"):
        stripped = line.strip()
        if stripped:
            cell = stripped[:-1] if stripped.endswith("|") else stripped
            out.extend(_cell_atoms(cell, base + pos + line.index(stripped[0])))
        pos += len(line) + 1
    return out


def _bar_separated(region: str, base: int) -> list[Atom]:
    fields, off = [], 0
    for f in region.split("|"):
        fields.append((f, off))
        off += len(f) + 1
    if fields and not fields[0][0].strip():
        fields = fields[1:]
    if fields and not fields[-1][0].strip():
        fields = fields[:-1]
    out: list[Atom] = []
    for f, o in fields:
        out.extend(_cell_atoms(f, base + o))
    return out


def grid_atoms(grid: Grid) -> list[Atom]:
    """One atom per source cell in reading order; a merged cell counts once (where it starts)."""
    out: list[Atom] = []
    seen: set[int] = set()
    for row in grid.rows:
        for cell in row:
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            out.extend(_cell_atoms(cell.text, cell.start))
    return out


def region_atoms(doc: Document, start: int, end: int, cache: dict | None = None) -> list[Atom]:
    """Atoms of doc.text[start:end]: from grids where the region has them, from text elsewhere."""
    cache = {} if cache is None else cache
    out: list[Atom] = []
    pos = start
    for g in sorted(doc.grids, key=lambda g: g.start):
        if g.end <= start or g.start >= end:
            continue
        if g.start > pos:
            out.extend(text_atoms(doc, pos, g.start))
        if id(g) not in cache:
            cache[id(g)] = grid_atoms(g)
        out.extend(
            a
            for a in cache[id(g)]
            if start <= a.start < end or (a.kind == "blank" and start <= a.start <= end)
        )
        pos = max(pos, g.end)
    if pos < end:
        out.extend(text_atoms(doc, pos, end))
    return out
