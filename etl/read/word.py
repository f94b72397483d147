"""DOCX → paragraphs and tables (merged cells as spans) in document order: python-docx opens the
package, the table grid is read from its XML."""

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

    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    body = document.element.body
    p_tag, tbl_tag = _tags()[:2]
    for child in body.iterchildren():
        if child.tag == p_tag:
            blocks.append(_p_text(child))
        elif child.tag == tbl_tag:
            blocks.append(_table(child))
    return blocks


@lru_cache(maxsize=1)
def _tags():
    from docx.oxml.ns import qn

    return tuple(
        qn(t)
        for t in (
            "w:p",
            "w:tbl",
            "w:tr",
            "w:tc",
            "w:tcPr",
            "w:gridSpan",
            "w:vMerge",
            "w:trPr",
            "w:gridBefore",
            "w:val",
        )
    )


def _int_val(el, default: int) -> int:
    val = el.get(_tags()[9]) if el is not None else None
    try:
        return int(val) if val is not None else default
    except ValueError:
        return default


def _grid(tbl) -> list[list[tuple[int, int, object, bool]]]:
    """Rows of (grid column, span, <w:tc>, continues a vertical merge) read straight from the XML
    (python-docx's `row.cells` resolves merges with an XPath per cell: most of a DOCX's read time)."""
    _, _, tr_tag, tc_tag, tcpr_tag, span_tag, vmerge_tag, trpr_tag, before_tag, val_tag = _tags()
    rows = []
    for tr in tbl.iterchildren(tr_tag):
        trpr = tr.find(trpr_tag)
        col = _int_val(trpr.find(before_tag), 0) if trpr is not None else 0
        row = []
        for tc in tr.iterchildren(tc_tag):
            tcpr = tc.find(tcpr_tag)
            span, continues = 1, False
            if tcpr is not None:
                span = max(1, _int_val(tcpr.find(span_tag), 1))
                vmerge = tcpr.find(vmerge_tag)
                continues = vmerge is not None and vmerge.get(val_tag, "continue") == "continue"
            row.append((col, span, tc, continues))
            col += span
        rows.append(row)
    return rows


def _cell_text(tc) -> str:
    p_tag, tbl_tag = _tags()[:2]
    text = "\n".join(_p_text(p) for p in tc.iterchildren(p_tag))
    nested = [_nested_text(t) for t in tc.iterchildren(tbl_tag)]
    return text + "\n" + "\n".join(nested) if nested else text


def _table(tbl) -> RawTable:
    """The grid with merged cells as spans: a vertically continued cell extends the cell above it."""
    raw = RawTable()
    above: dict[int, RawCell] = {}  # grid column → the cell last placed there
    for r, row in enumerate(_grid(tbl)):
        for col, span, tc, continues in row:
            rc = above.get(col) if continues else None
            if rc is not None:
                rc.rowspan = max(rc.rowspan, r - rc.row + 1)
                rc.colspan = max(rc.colspan, col + span - rc.col)
            else:
                rc = RawCell(r, col, 1, span, _cell_text(tc))
                raw.cells.append(rc)
            for c in range(col, col + span):
                above[c] = rc
    return raw


def _nested_text(tbl) -> str:
    """A table inside a cell, as text: a row's cells joined by spaces (a merged cell repeated over
    its columns, as python-docx's `row.cells` gives them)."""
    lines, above = [], {}
    for row in _grid(tbl):
        texts = []
        for col, span, tc, continues in row:
            text = above.get(col) if continues and col in above else _cell_text(tc)
            for c in range(col, col + span):
                above[c] = text
            texts += [text] * span
        lines.append(" ".join(texts))
    return "\n".join(lines)
