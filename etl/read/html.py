"""HTML (any encoding, broken or truncated) → blocks: one line per block element, tables as grids."""

from __future__ import annotations

import re

from lxml import etree

from etl.read.encoding import declared_charset, decode
from etl.read.layout import Block, RawTable, place_cells

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "select",
    "option",
    "iframe",
    "template",
    "head",
    "button",
    "svg",
    "object",
    "embed",
    "textarea",
    "map",
}
_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "blockquote",
    "pre",
    "hr",
    "form",
    "center",
    "address",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "title",
    "body",
    "html",
    "fieldset",
}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_PARSER = etree.HTMLParser()  # the options of lxml.html's parser, with plain elements


def decode_html(data: bytes) -> tuple[str, str]:
    return decode(data, declared_charset(data))


def parse_html(markup: str) -> list[Block]:
    """Blocks of a page's visible text; leaf `<table>`s become `RawTable`s (layout tables are flattened)."""
    markup = _XML_DECL.sub("", markup, count=1)
    if not markup.strip():
        return []
    try:
        # lxml.html.document_fromstring's tree through the plain parser: the same libxml2 parse
        # without lxml.html's per-element Python class lookup (about 30% of parse_html's time)
        root = etree.fromstring(markup, _PARSER)
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError):
        return [markup]
    blocks: list[Block] = []
    title = root.findtext(".//title")
    etree.strip_elements(root, *_SKIP, etree.Comment, with_tail=False)
    if title and title.strip():
        blocks.append(title.strip())
    walker = _Walker(blocks)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return blocks


def _int_attr(el, name: str) -> int:
    raw = el.get(name)
    if raw is None:
        return 1
    if raw.isdecimal():
        return int(raw) or 1
    try:
        return int(re.sub(r"\D", "", raw) or 1)
    except ValueError:
        return 1


class _Walker:
    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.line: list[str] = []

    def flush(self) -> None:
        text = "".join(self.line)
        if text.strip():
            self.blocks.append(text)
        self.line = []

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _SKIP or not tag:
            if el.tail:
                self.line.append(el.tail)
            return
        tag = tag.lower()
        if tag == "table" and el.find(".//table") is None:
            self.flush()
            self.blocks.append(self._table(el))
        else:
            block = tag in _BLOCK or tag in ("table", "td", "th")
            if block:
                self.flush()
            if el.text:
                self.line.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.line.append(el.tail)

    def _table(self, table) -> RawTable:
        rows = []
        for tr in table.iter("tr"):
            row = []
            for td in tr:
                if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                    continue
                row.append((_cell_text(td), _int_attr(td, "rowspan"), _int_attr(td, "colspan")))
            rows.append(row)
        return place_cells(rows)


def _cell_text(td) -> str:
    return "".join(td.itertext())
