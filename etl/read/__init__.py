"""Read a report file of any supported kind into a normalised `Document`.

`read_document(data, filename)` sniffs the content (magic bytes first, extension second) and
dispatches to one reader; unreadable input raises `ReadError` with a clear message, while a readable
file without text (a scanned PDF) yields an empty Document with a warning.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePath

from etl.document import Document
from etl.read.layout import assemble

MAX_TEXT_BYTES = 50 * 1024 * 1024  # text/HTML/CSV larger than this is refused, not parsed
MAX_BINARY_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """The input cannot be read as a report (empty, corrupt, wrong type, too large)."""


_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|table|p|div)\b", re.I)
_JS_SNIFF = re.compile(r"^\s*(//|/\*|let |var |const |export |window\.|\{|\[)", re.M)


def sniff(data: bytes, filename: str) -> str:
    """The reader to use: pdf, docx, xlsx, html, js, csv or txt."""
    ext = PurePath(filename).suffix.lower().lstrip(".")
    head = data[:2048]
    if head.lstrip().startswith(b"%PDF") or ext == "pdf":
        return "pdf"
    if head.startswith(b"PK\x03\x04") or ext in ("docx", "xlsx", "xlsm"):
        return _zip_kind(data, ext)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            f"{filename}: legacy binary Office file (.doc/.xls) is not supported; convert it to .docx/.xlsx"
        )
    if ext in ("js", "json"):
        return "js"
    if ext in ("html", "htm", "shtml", "xhtml", "asp", "aspx", "php", "jsp") or _HTML_SNIFF.search(head):
        return "html" if ext not in ("txt", "md") or head.lstrip().startswith(b"<") else "txt"
    if ext in ("csv", "tsv"):
        return "csv"
    return "txt"


def _zip_kind(data: bytes, ext: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile as e:
        raise ReadError(f"not a valid {ext or 'zip'} file (corrupt or not an Office document): {e}") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ReadError(f"zip archive is not a Word (.docx) or Excel (.xlsx) file (.{ext})")


def read_document(data: bytes, filename: str) -> Document:
    if not data or not data.strip():
        raise ReadError(f"{filename}: empty file")
    kind = sniff(data, filename)
    limit = MAX_BINARY_BYTES if kind in ("pdf", "docx", "xlsx") else MAX_TEXT_BYTES
    if len(data) > limit:
        raise ReadError(
            f"{filename}: {len(data) / 1e6:.0f} MB exceeds the {limit / 1e6:.0f} MB limit for {kind} input"
        )
    try:
        doc = _READERS[kind](data)
    except ReadError:
        raise
    except Exception as e:  # a corrupt file of a known kind: report it, never crash the batch
        raise ReadError(f"{filename}: cannot read as {kind}: {type(e).__name__}: {e}") from e
    if not doc.text.strip() and not doc.records:
        if kind == "pdf":
            from etl.read.pdf import NO_TEXT_WARNING

            doc.warnings.append(NO_TEXT_WARNING)
        else:
            doc.warnings.append(f"no text found in {kind} input")
    return doc


def _read_txt(data: bytes) -> Document:
    from etl.read.encoding import decode

    text, enc = decode(data)
    return assemble([text], "txt", enc)


def _read_html(data: bytes) -> Document:
    from etl.read.html import decode_html, parse_html

    text, enc = decode_html(data)
    return assemble(parse_html(text), "html", enc)


def _read_js(data: bytes) -> Document:
    from etl.read.encoding import decode
    from etl.read.html import parse_html
    from etl.read.script import embedded_html

    text, enc = decode(data)
    markup = embedded_html(text)
    if markup is None:
        if _HTML_SNIFF.search(data[:2048]):
            return assemble(parse_html(text), "html", enc)
        raise ReadError("script file holds no embedded HTML string")
    doc = assemble(parse_html(markup), "html", enc)
    return doc


def _read_pdf(data: bytes) -> Document:
    from etl.read.pdf import pdf_blocks

    try:
        blocks, warnings = pdf_blocks(data)
    except Exception as e:
        raise ReadError(f"cannot open PDF (corrupt or encrypted): {e}") from e
    doc = assemble(blocks, "pdf")
    doc.warnings.extend(warnings)
    return doc


def _read_docx(data: bytes) -> Document:
    from etl.read.word import docx_blocks

    return assemble(docx_blocks(data), "docx")


def _read_xlsx(data: bytes) -> Document:
    from etl.read.sheet import xlsx_blocks

    blocks, records = xlsx_blocks(data)
    doc = assemble(blocks, "xlsx")
    doc.records = records
    return doc


def _read_csv(data: bytes) -> Document:
    from etl.read.encoding import decode
    from etl.read.sheet import csv_blocks

    text, enc = decode(data)
    blocks, records = csv_blocks(text)
    doc = assemble(blocks, "csv", enc)
    doc.records = records
    return doc


_READERS = {
    "txt": _read_txt,
    "html": _read_html,
    "js": _read_js,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "xlsx": _read_xlsx,
    "csv": _read_csv,
}

__all__ = ["MAX_TEXT_BYTES", "ReadError", "read_document", "sniff"]
