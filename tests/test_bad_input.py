"""Issue 3's bad inputs in one build: each file gets its own error or warning, the build finishes, and
what was loaded before stays loaded."""

from __future__ import annotations

import duckdb
import pytest

from etl.build import MAX_FILE_BYTES, build
from tests import generated as gen
from tests import tablegen as tg

GOOD = "cangzhou_2018.txt"
GBK_REPORT = "宁化县教育局2023年政府信息公开工作年度报告\n一、总体情况\n全年收到政府信息公开申请12件。\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    db = folder.parent / "bad.duckdb"
    (folder / GOOD).write_bytes(gen.render(gen.inbox_item(GOOD)))
    first = build(folder, db)
    assert first.exit_code == 0
    html = tg.render_html(tg.dataset("2021", 3), "2021")
    (folder / "truncated.html").write_bytes(html[: len(html) * 2 // 3])
    (folder / "scan.pdf").write_bytes(tg.render_pdf_image_only())
    (folder / "fake.docx").write_bytes(b"this is not a Word file")
    (folder / "gbk.txt").write_bytes(GBK_REPORT.encode("gbk"))
    (folder / "empty.html").write_bytes(b"")
    with (folder / "huge.txt").open("wb") as f:  # past the build's size limit, written sparsely
        f.seek(MAX_FILE_BYTES + 1)
        f.write(b"\n")
    result = build(folder, db)
    con = duckdb.connect(str(db), read_only=True)
    yield result, con
    con.close()


def _warnings(con, path: str) -> list[str]:
    rows = con.execute("select warnings from reports where path = ?", [path]).fetchall()
    assert len(rows) == 1, path
    return rows[0][0] or []


def test_build_finishes_and_records_each_failure(built):
    result, con = built
    assert result.exit_code == 1 and result.failed == 3
    errors = dict(con.execute("select path, message from ingest_errors").fetchall())
    assert set(errors) == {"fake.docx", "empty.html", "huge.txt"}
    assert "docx" in errors["fake.docx"] and "empty" in errors["empty.html"]
    assert "过大" in errors["huge.txt"]


def test_what_was_loaded_before_is_kept(built):
    _, con = built
    agency = con.execute("select agency from reports where path = ?", [GOOD]).fetchone()
    assert agency == (gen.inbox_item(GOOD).name,) == ("沧州市统计局",)


def test_truncated_html_loads_what_it_has_with_a_warning(built):
    _, con = built
    warnings = _warnings(con, "truncated.html")
    assert any("表四" in w for w in warnings)  # Table 4 was cut off: said, not invented
    t4 = con.execute(
        "select count(*) from facts f join reports r using (report_id) where r.path = ? and f.key like 't4.%'",
        ["truncated.html"],
    ).fetchone()[0]
    assert t4 == 0


def test_pdf_without_text_gets_a_warning_and_no_numbers(built):
    _, con = built
    assert any("无文本层" in w for w in _warnings(con, "scan.pdf"))
    n = con.execute(
        "select count(*) from facts f join reports r using (report_id) where r.path = ?", ["scan.pdf"]
    ).fetchone()[0]
    assert n == 0


def test_gbk_without_charset_is_read(built):
    _, con = built
    row = con.execute(
        "select r.agency, r.year, f.value from reports r join facts f using (report_id) "
        "where r.path = ? and f.key = 's.requests_received'",
        ["gbk.txt"],
    ).fetchone()
    assert row == ("宁化县教育局", 2023, 12.0)


@pytest.mark.parametrize("mark", ["①", "²", "⑵"])
def test_numbering_marks_in_a_table_do_not_fail_the_file(mark):
    """A circled number or superscript as a cell and as a colspan: digits to str.isdigit that int()
    refuses (the colspan failed the whole file). The report parses, its table values come out."""
    from etl.parse import parse_bytes

    html = tg.render_html(tg.dataset("2021", 3), "2021").decode("utf-8")
    html = html.replace("<td colspan='4'>", f"<td colspan='{mark}'>", 1)
    html = html.replace(
        "</tbody></table>", f"<tr><td><p>{mark}</p></td><td><p>{mark}</p></td></tr></tbody></table>", 1
    )
    (report,) = parse_bytes(html.encode("utf-8"), "marks.html")
    assert report.error is None
    assert sum(v is not None for v in report.values.values()) > 150
