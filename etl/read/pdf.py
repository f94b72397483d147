"""PDF text layer → lines in reading order (pypdfium2 character boxes), one block per page.

Characters are clustered into lines by vertical centre and sorted left to right; a horizontal gap
wider than a fraction of the character height becomes a space, so table rows come out as
`label n n n …`.
"""

from __future__ import annotations

from etl.read.layout import Block, PageBreak

NO_TEXT_WARNING = "PDF 无文本层：表格为图片，未提取数值 (PDF has no text layer; nothing extracted)"
_GAP = 0.45  # gap (in character heights) that separates words/cells


def pdf_blocks(data: bytes) -> tuple[list[Block], list[str]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    blocks: list[Block] = []
    warnings: list[str] = []
    try:
        for page in pdf:
            blocks.append(PageBreak())
            textpage = page.get_textpage()
            blocks.append("\n".join(_page_lines(textpage)))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return blocks, warnings


def _page_lines(textpage) -> list[str]:
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    chars = []
    i = 0  # pdfium's index: a character beyond the BMP (𬮤) takes two, its UTF-16 surrogates
    for ch in text:
        if i >= n:
            break
        units = 2 if ord(ch) > 0xFFFF else 1
        if not (ch.isspace() or ch == "\ufffe"):
            box = _char_box(textpage, i, units, chars[-1] if chars else None)
            if box is not None:
                chars.append((*box, ch))
        i += units
    chars.sort()
    lines: list[list[tuple]] = []
    centre = height = None
    for c in chars:
        if lines and abs(c[0] - centre) <= 0.5 * max(height, c[3]):
            lines[-1].append(c)
        else:
            lines.append([c])
            centre, height = c[0], c[3]
    out = []
    for line in lines:
        line.sort(key=lambda c: c[1])
        parts = []
        prev_right = None
        for _, left, right, h, ch in line:
            if prev_right is not None and left - prev_right > _GAP * h:
                parts.append(" ")
            parts.append(ch)
            prev_right = right if prev_right is None else max(prev_right, right)
        out.append("".join(parts))
    return out


def _char_box(textpage, i: int, units: int, previous: tuple | None) -> tuple | None:
    """(−centre, left, right, height) of the character at pdfium index `i`; None when it has no box.
    A surrogate pair's boxes are joined; when they are flat (no glyph height), the character sits on
    the line of the one before it."""
    left, bottom, right, top = textpage.get_charbox(i, loose=True)
    if units == 2:
        right = max(right, textpage.get_charbox(i + 1, loose=True)[2])
        if previous is not None and top - bottom < 0.2 * previous[3]:
            return previous[0], left, right, previous[3]
    h = top - bottom
    if h <= 0:
        return None
    return -(top + bottom) / 2, left, right, h
