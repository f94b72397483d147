"""Known tables rendered in every layout/file type, read back exactly through read_document + extract_tables."""

from __future__ import annotations

import pytest

from etl.normalise import normalise_text
from etl.parse import parse_document
from etl.read import read_document
from etl.tables import extract_tables
from etl.tables.cells import parse_cell
from tests import tablegen as tg


def _html_gbk(v, f):
    return tg.render_html(v, f, charset=None, encoding="gbk")


def _html_gb2312(v, f):
    return tg.render_html(v, f, charset="gb2312", encoding="gb18030")


def _text(**kw):
    return lambda v, f: tg.render_text(v, f, **kw)


# (id, renderer, filename, dataset options)
CASES = [
    ("html", tg.render_html, "r.html", {}),
    ("html-blanks", tg.render_html, "r.html", {"blanks": 12}),
    ("html-big", tg.render_html, "r.htm", {"big": True}),
    ("html-gbk-nocharset", _html_gbk, "r.html", {}),
    ("html-gb2312-meta", _html_gb2312, "r.html", {"blanks": 3}),
    ("js-embedded", tg.render_js, "r.js", {}),
    ("text-rows", _text(layout="rows"), "r.txt", {}),
    ("text-rows-variants", _text(layout="rows", variants=True), "r.txt", {"big": True}),
    (
        "text-rows-vertical-footer-wrap",
        _text(layout="rows", vertical=True, footer=True, wrap=True),
        "r.txt",
        {},
    ),
    ("text-cell-lines", _text(layout="cell_lines"), "r.txt", {}),
    ("text-cell-lines-blanks", _text(layout="cell_lines"), "r.txt", {"blanks": 8}),
    ("text-bar-lines", _text(layout="bar_lines"), "r.txt", {}),
    ("text-bar-lines-blanks", _text(layout="bar_lines"), "r.txt", {"blanks": 5}),
    ("markdown", _text(layout="markdown"), "r.md", {}),
    ("markdown-blanks-variants", _text(layout="markdown", variants=True), "r.md", {"blanks": 10}),
    ("runtogether", _text(layout="runtogether"), "r.txt", {}),
    ("docx", tg.render_docx, "r.docx", {}),
    ("docx-blanks", tg.render_docx, "r.docx", {"blanks": 6}),
    ("pdf", tg.render_pdf, "r.pdf", {}),
    ("pdf-big", tg.render_pdf, "r.pdf", {"big": True}),
    ("xlsx", tg.render_xlsx, "r.xlsx", {}),
]
PARAMS = [
    pytest.param(fmt, seed, render, name, opts, id=f"{cid}-{fmt}-s{seed}")
    for cid, render, name, opts in CASES
    for fmt in ("2021", "2019")
    for seed in (1, 2)
]


@pytest.mark.parametrize(("fmt", "seed", "render", "filename", "opts"), PARAMS)
def test_read_back_exactly(fmt, seed, render, filename, opts):
    values = tg.dataset(fmt, seed, **opts)
    doc = read_document(render(values, fmt), filename)
    assert normalise_text(doc.text) == doc.text
    got = extract_tables(doc)
    wrong = {
        k: (v, got.values.get(k, "MISSING"))
        for k, v in values.items()
        if k not in got.values or got.values[k] != v or type(got.values[k]) is not type(v)
    }
    extra = sorted(set(got.values) - set(values))
    assert not wrong and not extra, (
        f"{len(wrong)} wrong: {dict(list(wrong.items())[:8])}; extra {extra[:5]}; {got.warnings}"
    )
    assert got.formats == {"t2": fmt, "t3": fmt, "t4": fmt}
    assert got.format == fmt
    for key, span in got.evidence.items():  # evidence points at the cell text
        assert doc.text[span.start : span.end] == span.text
        if values[key] is not None and span.text:
            assert parse_cell(span.text) == values[key], key
        if doc.kind == "pdf":
            assert span.page is not None


def test_collapsed_blanks_are_not_guessed():
    """Whitespace-flattened rows lose blank cells: a cell is set only when every reading of its row
    that fits the identities agrees (tests/test_short_rows.py); the rest is named in a warning."""
    values = tg.dataset("2021", 3, blanks=4)
    doc = read_document(tg.render_text(values, "2021", layout="rows"), "r.txt")
    got = extract_tables(doc)
    for k, v in got.values.items():
        assert values[k] == v, k
    blank_rows = {k.rsplit(".", 1)[0] for k, v in values.items() if k.startswith("t3.") and v is None}
    for row in blank_rows:
        unset = [k for k in values if k.startswith(row + ".") and k not in got.values]
        assert unset and all(any(k.rsplit(".", 1)[0] in w for w in got.warnings) for k in unset)


def test_no_tables_gives_warning_and_no_keys():
    doc = read_document(
        "某单位2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n（表格见附件）".encode(), "r.txt"
    )
    got = extract_tables(doc)
    assert got.values == {} and got.format is None
    # the pipeline knows the era (2023: tables expected) and warns; never zeros
    report = parse_document(doc)
    assert not [k for k in report.values if k.startswith(("t2", "t3", "t4"))]
    assert any("未找到标准表格" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("&nbsp;", None),
        ("-", None),
        ("/", None),
        ("—", None),
        ("无", None),
        ("0", 0),
        ("251000元", 251000),
        ("3.5万元", 3.5),
        ("12件", 12),
        ("1,234", 1234),
        ("+1036", 1036),
        ("-35", -35),
        ("96171.6", 96171.6),
        ("5949.088667", 5949.088667),
    ],
)
def test_parse_cell(text, value):
    from etl.normalise import normalise_text as n

    text = n(text.replace("&nbsp;", "\xa0"))
    got = parse_cell(text)
    assert got == value and type(got) is type(value)
