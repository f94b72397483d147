"""Assemble reader output (text blocks, raw tables, page breaks) into a normalised `Document`.

Readers collect raw pieces; this module normalises them all in one `normalise_text` call (fast, and
identical to normalising each piece) and only then lays out the text and computes offsets, so every
span points into the final `Document.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.document import Cell, Document, Grid
from etl.normalise import normalise_text

_SEP = "\x00"
_WS = re.compile(r"\s+")


@dataclass
class RawCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class RawTable:
    """A source table: cells placed on a grid (merged cells keep their span)."""

    cells: list[RawCell] = field(default_factory=list)


class PageBreak:
    """Marks the start of a PDF page."""


Block = str | RawTable | PageBreak


def place_cells(rows: list[list[tuple[str, int, int]]]) -> RawTable:
    """Place source rows of (text, rowspan, colspan) on a grid, as HTML/Word tables do."""
    table = RawTable()
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            rowspan = max(1, min(rowspan, 500))
            colspan = max(1, min(colspan, 100))
            table.cells.append(RawCell(r, c, rowspan, colspan, text))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return table


def _normalise_all(pieces: list[str]) -> list[str]:
    if not pieces:
        return []
    sep = "\n" + _SEP + "\n"
    joined = sep.join(p.replace(_SEP, "") for p in pieces)
    out = normalise_text(_SEP + "\n" + joined + sep).split(_SEP)[1:-1]
    assert len(out) == len(pieces)
    return [p.strip("\n") for p in out]


def _one_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _row_line(texts: list[str]) -> tuple[str, list[int]]:
    """`a | | b`: cells joined by pipes, single spaces only, and each cell's offset in the line."""
    line = ""
    offsets = []
    for k, t in enumerate(texts):
        if k:
            line += " |" if line else "|"
        if t and line:
            line += " "
        offsets.append(len(line))
        line += t
    return line, offsets


def assemble(blocks: list[Block], kind: str, encoding: str | None = None) -> Document:
    raw: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            raw.append(b)
        elif isinstance(b, RawTable):
            raw.extend(c.text for c in b.cells)
    norm = iter(_normalise_all(raw))

    out: list[str] = []
    pos = 0
    page_starts: list[int] = []
    grids: list[Grid] = []

    def emit(line: str) -> None:
        nonlocal pos
        if out:
            out.append("\n")
            pos += 1
        out.append(line)
        pos += len(line)

    for b in blocks:
        if isinstance(b, PageBreak):
            page_starts.append(pos + 1 if out else 0)
        elif isinstance(b, str):
            text = next(norm)
            if text:
                emit(text)
        else:
            texts = [_one_line(next(norm)) for _ in b.cells]
            if not b.cells:
                continue
            nrows = max(c.row + c.rowspan for c in b.cells)
            ncols = max(c.col + c.colspan for c in b.cells)
            nrows = min(nrows, max(c.row for c in b.cells) + 1)  # rowspans past the last row
            rows: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
            start = pos + 1 if out else 0
            by_row: dict[int, list[int]] = {}
            for i, c in enumerate(b.cells):
                by_row.setdefault(c.row, []).append(i)
            for r in range(nrows):
                idx = sorted(by_row.get(r, []), key=lambda i: b.cells[i].col)
                line_start = pos + 1 if out else 0
                line, offsets = _row_line([texts[i] for i in idx])
                emit(line)
                for i, off in zip(idx, offsets, strict=True):
                    c, t = b.cells[i], texts[i]
                    cell = Cell(t, line_start + off, line_start + off + len(t))
                    for dr in range(c.rowspan):
                        for dc in range(c.colspan):
                            if c.row + dr < nrows:
                                rows[c.row + dr][c.col + dc] = cell
            grids.append(Grid(rows=rows, start=start, end=pos))
    text = "".join(out)
    if page_starts:
        page_starts = [min(p, len(text)) for p in page_starts]
    return Document(text=text, kind=kind, encoding=encoding, page_starts=page_starts, grids=grids)
