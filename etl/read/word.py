"""DOCX → paragraphs and tables (merged cells expanded) in document order, via python-docx."""

from __future__ import annotations

import io
from functools import lru_cache

from etl.read.layout import Block, RawCell, RawTable


@lru_cache(maxsize=1)
def _xpaths():
    """python-docx's paragraph and run text XPaths, compiled once (python-docx compiles them on every
    call: half the time of reading a DOCX with tables)."""
    from docx.oxml.ns import nsmap, qn
    from lxml import etree

    def xp(expr: str):
        return etree.XPath(expr, namespaces=nsmap)

    return (
        xp("w:r | w:hyperlink"),  # CT_P.text
        xp("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"),  # CT_R.text
        xp("w:r"),  # CT_Hyperlink.text
        qn("w:r"),
    )


def _p_text(p) -> str:
    """`Paragraph(p).text`, the same strings as python-docx 1.x builds them."""
    content, run_parts, hyperlink_runs, run_tag = _xpaths()

    def run_text(r) -> str:
        return "".join(str(e) for e in run_parts(r))

    return "".join(
        run_text(e) if e.tag == run_tag else "".join(run_text(r) for r in hyperlink_runs(e))
        for e in content(p)
    )


def docx_blocks(data: bytes) -> list[Block]:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(_p_text(child))
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
            text = "\n".join(_p_text(p) for p in key.p_lst)
            if any(cell.tables):
                text += "\n" + "\n".join(_nested_text(t) for t in cell.tables)
            rc = RawCell(r, c, 1, 1, text)
            seen[key] = rc
            raw.cells.append(rc)
    return raw


def _nested_text(table) -> str:
    return "\n".join(" ".join(c.text for c in row.cells) for row in table.rows)
