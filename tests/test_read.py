"""Readers: bad input gives a clear ReadError or a warning; encodings, scripts and records are read."""

from __future__ import annotations

import io

import pytest

from etl.normalise import normalise_text
from etl.read import MAX_TEXT_BYTES, ReadError, read_document, sniff
from tests import tablegen as tg

REPORT = "某县2023年政府信息公开工作年度报告\n一、总体情况\n全年收到申请12件，規範性檔案3件。"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "empty"),
        (b"   \n\n", "a.html", "empty"),
        (b"this is not a zip", "report.docx", "not a valid docx"),
        (b"PK\x03\x04garbage", "report.docx", "not a valid docx"),
        (b"%PDF-1.7\n garbage", "report.pdf", "cannot open PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc", "legacy binary Office"),
    ],
)
def test_bad_input_raises_clear_error(data, name, message):
    with pytest.raises(ReadError, match=message):
        read_document(data, name)


def test_zip_that_is_not_office():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="not a Word"):
        read_document(buf.getvalue(), "x.docx")


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.write(b"<html><body>" + b"<p>\xe6\x8a\xa5\xe5\x91\x8a</p>" * ((MAX_TEXT_BYTES // 13) + 10))
    with pytest.raises(ReadError, match="exceeds"):
        read_document(path.read_bytes(), path.name)


def test_pdf_without_text_layer_warns():
    doc = read_document(tg.render_pdf_image_only(), "scan.pdf")
    assert doc.text == "" and doc.page_starts == [0]
    assert any("无文本层" in w for w in doc.warnings)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_text_encodings_without_declaration(encoding):
    doc = read_document(REPORT.encode(encoding), "r.txt")
    assert "全年收到申请12件" in doc.text
    assert "规范性文件3件" in doc.text  # traditional script → simplified, 檔案 → 文件
    assert doc.encoding in (encoding, "gb18030", "utf-8-sig")


@pytest.mark.parametrize(
    ("markup", "encoding"),
    [
        ('<html><head><meta charset="gb2312"></head><body><p>收到申请12件</p></body></html>', "gb18030"),
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><p>收到申请12件</p>',
            "gb18030",
        ),
        ("<html><body><p>收到申请12件</p></body></html>", "gbk"),  # no declaration at all
        ("<p>收到申请12件", "utf-8"),  # fragment, unclosed
    ],
)
def test_html_encodings(markup, encoding):
    doc = read_document(markup.encode(encoding), "r.html")
    assert "收到申请12件" in doc.text


def test_truncated_html_recovers():
    values = tg.dataset("2021", 1)
    data = tg.render_html(values, "2021")
    doc = read_document(data[: len(data) // 2], "cut.html")
    assert doc.text and doc.grids
    assert normalise_text(doc.text) == doc.text


def test_html_drops_script_style_nav_and_places_cells():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav>导航 1 2</nav><script>var a=1;</script>"
        "<table><tr><td rowspan='2'>甲</td><td colspan='2'>乙</td></tr><tr><td>1</td><td>&nbsp;</td></tr></table>"
        "<p>正文</p></body></html>"
    )
    doc = read_document(html.encode(), "a.html")
    assert "导航" not in doc.text and "var a" not in doc.text and "p{}" not in doc.text
    assert "甲 | 乙\n1 |" in doc.text
    (grid,) = doc.grids
    assert grid.rows[0][0] is grid.rows[1][0]  # rowspan: the same cell
    assert grid.rows[0][1] is grid.rows[0][2]  # colspan
    assert grid.rows[1][2].text == ""
    for row in grid.rows:
        for cell in row:
            assert doc.text[cell.start : cell.end] == cell.text


def test_js_embedded_html():
    doc = read_document(tg.render_js(tg.dataset("2019", 1), "2019"), "data.js")
    assert doc.kind == "html" and len(doc.grids) == 3
    assert "上海市" not in doc.text  # the JS dictionary around the string is not report text


def test_pdf_pages_and_lines():
    doc = read_document(tg.render_pdf(tg.dataset("2021", 1), "2021"), "r.pdf")
    assert len(doc.page_starts) >= 2 and doc.page_starts[0] == 0
    assert doc.page_of(len(doc.text) - 1) == len(doc.page_starts)
    assert "规章 " in doc.text


def test_docx_merged_cells():
    doc = read_document(tg.render_docx(tg.dataset("2021", 1), "2021"), "r.docx")
    t3 = doc.grids[1]
    assert t3.rows[0][0] is t3.rows[2][2]  # the 3×3 note cell


def test_xlsx_records_and_csv_records():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["agency", "year", "t3.new_received.total", "s.requests_received"])
    ws.append(["某局", 2023, 12, 12])
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_document(buf.getvalue(), "stats.xlsx")
    assert doc.records == [
        {"agency": "某局", "year": 2023, "t3.new_received.total": 12, "s.requests_received": 12}
    ]
    csv_doc = read_document(
        "agency,year,t4.review.total,t4.review.pending\n某局,2023,3,1\n".encode("gbk"), "s.csv"
    )
    assert csv_doc.records == [
        {"agency": "某局", "year": "2023", "t4.review.total": "3", "t4.review.pending": "1"}
    ]


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"%PDF-1.4", "x.bin", "pdf"),
        (b"<!DOCTYPE html><html>", "x", "html"),
        (b"plain", "a.md", "txt"),
        (b"let a = 1", "a.js", "js"),
        (b"a,b", "a.csv", "csv"),
        (b"<html>", "page.shtml", "html"),
    ],
)
def test_sniff(head, name, kind):
    assert sniff(head, name) == kind


def test_pdf_characters_beyond_the_bmp_keep_every_box_in_place():
    """pdfium indexes a character beyond the BMP (𬮤, in 樟树市𬮤山镇) as two UTF-16 units: reading
    boxes by the Python string's index shifted every later character onto its neighbour's box."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    lines = [
        "樟树市𬮤山镇人民政府2019年政府信息公开工作年度报告",
        "发布日期:2020-03-18",
        "全年主动公开政府信息98条。",
    ]
    for k, text in enumerate(lines):
        c.setFont("STSong-Light", 11)
        c.drawString(30, 800 - 16 * k, text)
    c.showPage()
    c.save()
    doc = read_document(buf.getvalue(), "r.pdf")
    assert doc.text.splitlines()[:3] == lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("退役軍人事務(wù)部年度報(bào)告", "退役军人事务部年度报告"),  # toned pinyin glosses dropped
        ("联系邮箱(email)、网站(http://x.gov.cn)", "联系邮箱(email)、网站(http://x.gov.cn)"),  # not glosses
        ("公开(gongkai)", "公开(gongkai)"),  # no tone mark: kept
    ],
)
def test_normalise_drops_pinyin_glosses_only(text, expected):
    assert normalise_text(text) == expected
