"""DOCX → paragraphs and tables (merged cells expanded) in document order, via python-docx."""

from __future__ import annotations

import io

from etl.read.layout import Block, RawCell, RawTable


def docx_blocks(data: bytes) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(child, document).text)
        elif tag == "tbl":
            blocks.append(_table(Table(child, document)))
    return blocks


def _table(table) -> RawTable:
    """Expand the grid python-docx reports (a merged cell repeats across the positions it covers)."""
    raw = RawTable()
    seen: dict = {}  # keyed by the <w:tc> element (kept alive, so identity is stable)
    for r, row in enumerate(table.rows):
        before = row.grid_cols_before
        for c, cell in enumerate(row.cells, start=before):
            key = cell._tc
            if key in seen:
                rc = seen[key]
                rc.rowspan = max(rc.rowspan, r - rc.row + 1)
                rc.colspan = max(rc.colspan, c - rc.col + 1)
                continue
            text = "\n".join(p.text for p in cell.paragraphs)
            if any(cell.tables):
                text += "\n" + "\n".join(_nested_text(t) for t in cell.tables)
            rc = RawCell(r, c, 1, 1, text)
            seen[key] = rc
            raw.cells.append(rc)
    return raw


def _nested_text(table) -> str:
    return "\n".join(" ".join(c.text for c in row.cells) for row in table.rows)
