"""The reader → extractor contract: one normalised text plus, where the source has them, table grids.

Every offset (cell spans, page starts) points into `Document.text`, which is already normalised
(`etl.normalise.normalise_text`); extractors report evidence as spans of this text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One source cell: its normalised text and where that text sits in `Document.text`."""

    text: str
    start: int
    end: int


@dataclass
class Grid:
    """A table with merged cells expanded: `rows[r][c]` is the Cell covering that grid position.

    A cell spanning several positions appears at each of them (the same object), so `is` tells a
    merged cell from two equal ones. `None` marks a position no source cell covers (ragged rows).
    """

    rows: list[list[Cell | None]]
    start: int
    end: int


@dataclass
class Document:
    text: str
    kind: str  # txt, html, pdf, docx, xlsx, csv
    encoding: str | None = None
    page_starts: list[int] = field(default_factory=list)  # offsets where PDF pages begin
    grids: list[Grid] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: list[dict] | None = None  # structured rows (one per agency-year) from CSV/XLSX statistics

    def page_of(self, offset: int) -> int | None:
        """1-based page number of an offset, for PDFs."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)


def slice_document(doc: Document, start: int, end: int) -> Document:
    """The part text[start:end] of a document (one report of a compilation), offsets re-based."""
    if start == 0 and end >= len(doc.text):
        return doc

    def shift(cell: Cell | None) -> Cell | None:
        return None if cell is None else Cell(cell.text, cell.start - start, cell.end - start)

    grids = []
    for grid in doc.grids:
        if grid.start >= start and grid.end <= end:
            cache: dict[int, Cell | None] = {}
            rows = [[cache.setdefault(id(c), shift(c)) for c in row] for row in grid.rows]
            grids.append(Grid(rows, grid.start - start, grid.end - start))
    pages = [p - start for p in doc.page_starts if start <= p < end]
    if doc.page_starts and (not pages or pages[0] > 0):
        # keep page numbering absolute: pad with the pages that began before this part
        before = [p for p in doc.page_starts if p < start]
        pages = [0] * len(before) + pages
    return Document(doc.text[start:end], doc.kind, doc.encoding, pages, grids, list(doc.warnings))
