"""Issue 15 (5): large downloads. CSV and Parquet are written by DuckDB (COPY) straight into a file,
the workbook row by row from Arrow batches; XLSX is offered only when the rows fit in one Excel
worksheet (1,048,576 rows with the header), and the page says why not, in Chinese."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import tracemalloc

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from dashboard import db, export, queries
from dashboard.filters import Filters

# ---- the size rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "sheets", "xlsx_ok"),
    [(0, 1, True), (1, 1, True), (1_048_575, 1, True), (1_048_576, 2, False), (3_000_000, 3, False)],
)
def test_excel_limit_counts_the_header_row(rows, sheets, xlsx_ok):
    assert export.EXCEL_MAX_ROWS == 1_048_576
    assert export.xlsx_sheets(rows) == sheets
    assert (export.refusal("xlsx", rows) is None) == xlsx_ok


def test_refusals_say_why_in_chinese():
    xlsx = export.refusal("xlsx", 2_000_000)
    assert "2,000,000 行" in xlsx and "Excel" in xlsx and "1,048,576" in xlsx and "CSV 或 Parquet" in xlsx
    assert export.refusal("csv", 2_000_000) is None and export.refusal("parquet", 2_000_000) is None
    csv = export.refusal("csv", export.CSV_MAX_ROWS + 1)
    assert csv and "Parquet" in csv
    assert export.refusal("parquet", export.CSV_MAX_ROWS + 1) is None
    assert "缩小筛选范围" in export.refusal("parquet", export.PARQUET_MAX_ROWS + 1)
    beyond_csv = export.refusal("xlsx", export.CSV_MAX_ROWS + 1)
    assert "请下载 Parquet" in beyond_csv and "CSV 或" not in beyond_csv
    assert export.slow_note("xlsx", 500_000) and export.slow_note("xlsx", 1000) is None
    assert export.slow_note("xlsx", 2_000_000) is None  # refused, not slow
    assert export.slow_note("csv", 500_000) is None


# ---- the writers ------------------------------------------------------------------------------------


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2019 + i % 5 for i in range(n)],
            "agency": [f"机构{i}" for i in range(n)],
            "value": [i * 1.5 if i % 3 else None for i in range(n)],
            "is_blank": [i % 2 == 0 for i in range(n)],
        }
    )


def _sheets(raw: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(raw), sheet_name=None)


def test_to_xlsx_continues_on_more_sheets_beyond_the_limit():
    df = _frame(7)
    sheets = _sheets(export.to_xlsx(df, about=[("表格", "x")], max_rows=4))  # 3 data rows a sheet
    assert list(sheets) == ["数据", "数据（2）", "数据（3）", "说明"]
    data = pd.concat([sheets[k] for k in ("数据", "数据（2）", "数据（3）")], ignore_index=True)
    assert [len(sheets[k]) for k in ("数据", "数据（2）", "数据（3）")] == [3, 3, 1]
    assert data.agency.tolist() == df.agency.tolist() and list(data.columns) == list(df.columns)
    assert list(_sheets(export.to_xlsx(df))) == ["数据"]  # below the limit: one sheet


def test_xlsx_file_streams_batches_into_sheets():
    from openpyxl import load_workbook

    df = _frame(10)
    df["when"] = [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)] * 10
    df["tags"] = [["a", "b"]] * 10
    table = pa.Table.from_pandas(df, preserve_index=False)
    fh = export.xlsx_file(table.to_batches(max_chunksize=4), table.schema, about=[("行数", "10")], max_rows=5)
    raw = fh.read()
    sheets = _sheets(raw)
    assert list(sheets) == ["数据", "数据（2）", "数据（3）", "说明"]
    data = pd.concat([sheets[k] for k in list(sheets)[:3]], ignore_index=True)
    assert len(data) == 10 and data.agency.tolist() == df.agency.tolist()
    assert data.tags.iloc[0] == "a；b" and data.value.isna().sum() == df.value.isna().sum()
    ws = load_workbook(io.BytesIO(raw))["数据"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws["A2"].number_format == "0" and ws["C3"].number_format == "#,##0.0##"  # year, number
    # empty: a header row and nothing else
    empty = pa.Table.from_pandas(df.iloc[0:0], preserve_index=False)
    assert list(_sheets(export.xlsx_file(empty.to_batches(), empty.schema).read())["数据"].columns) == list(
        df.columns
    )


# ---- from the database ------------------------------------------------------------------------------


@pytest.fixture
def cur(synth_db):
    con = db.open_database(synth_db)
    with db.cursor(con) as c:
        yield c
    con.close()


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The download files' temporary folder, to see that nothing is left behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("dataset", ["reports", "metrics", "facts"])
def test_copy_files_hold_every_row_and_leave_nothing_on_disk(cur, big_province, scratch, dataset):
    f = Filters(province=big_province)
    n = queries.export_rows(cur, f, dataset)
    assert n > 0
    frame = getattr(queries, f"export_{dataset}")(cur, f)
    assert len(frame) == n
    csv = export.table_file(lambda p: queries.export_file(cur, f, dataset, p, "csv"), "csv")
    raw = csv.read()
    assert raw.startswith(export.BOM) and not raw[3:].startswith(export.BOM)
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert len(back) == n and list(back.columns) == list(frame.columns)
    key = {"reports": "report_id", "metrics": "metric", "facts": "key"}[dataset]
    assert back[key].tolist() == frame[key].tolist()  # same rows in the same order
    pq = export.table_file(lambda p: queries.export_file(cur, f, dataset, p, "parquet"), "parquet")
    assert len(pd.read_parquet(io.BytesIO(pq.read()))) == n
    assert list(scratch.iterdir()) == []  # the files live only as long as their open handles


def test_copy_does_not_hold_the_rows_in_python(cur, scratch):
    """The rows go from DuckDB to the file: Python holds a buffer, not the rows."""
    f = Filters()
    tracemalloc.start()
    try:
        fh = export.table_file(lambda p: queries.export_file(cur, f, "facts", p, "csv"), "csv")
        _, copy_peak = tracemalloc.get_traced_memory()
        size = len(fh.read())
        tracemalloc.reset_peak()
        export.to_csv(queries.export_facts(cur, f))
        _, frame_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 2_000_000
    # the copy's peak is its 1 MiB buffers whatever the size; the DataFrame path holds it all, and more
    assert copy_peak < 3 * 2**20 and frame_peak > 3 * size, (copy_peak, frame_peak, size)


def test_export_choices_come_from_a_fixed_list(cur, tmp_path):
    with pytest.raises(ValueError, match="must be one of"):
        queries.export_rows(cur, Filters(), "reports; drop table x")
    with pytest.raises(ValueError, match="must be one of"):
        queries.export_file(cur, Filters(), "agencies", tmp_path / "x.csv", "csv")
    with pytest.raises(ValueError):
        queries.export_file(cur, Filters(), "reports", tmp_path / "x.json", "json")


# ---- the page ---------------------------------------------------------------------------------------


def _buttons(at) -> dict:
    return {b.key: b.proto for b in at.get("download_button")}


def test_page_offers_xlsx_only_below_the_limit_and_says_why(app, monkeypatch, direct):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 1_000)  # 300 reports fit, their metrics and facts not
    at = app("download")
    b = _buttons(at)
    n_facts = direct.execute("select count(*) from facts").fetchone()[0]
    assert not b["dl_reports_xlsx"].disabled
    assert b["dl_metrics_xlsx"].disabled and b["dl_facts_xlsx"].disabled
    assert not any(
        b[f"dl_{d}_{x}"].disabled for d in ("reports", "metrics", "facts") for x in ("csv", "parquet")
    )
    reason = export.refusal("xlsx", n_facts)
    assert b["dl_facts_xlsx"].help == reason and "超过 Excel 单个工作表的上限" in reason
    shown = [c.value for c in at.caption]
    assert any(reason in c for c in shown)
    assert any(f"共 {n_facts:,} 行" in c for c in shown)


def test_page_refuses_csv_of_too_many_rows_but_offers_parquet(app, monkeypatch):
    monkeypatch.setattr(export, "CSV_MAX_ROWS", 1_000)
    at = app("download")
    b = _buttons(at)
    assert b["dl_facts_csv"].disabled and not b["dl_facts_parquet"].disabled
    assert not b["dl_reports_csv"].disabled
    assert any("CSV 文件过大" in c.value for c in at.caption)


CSV_CELLS = [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("\tx", "'\tx"),
    ("-3", "-3"),
    ("+14", "+14"),
    ("-2.5%", "-2.5%"),
    ("1,036", "1,036"),
    ("莆田市统计局", "莆田市统计局"),
]


@pytest.mark.parametrize("cell, written", CSV_CELLS)
def test_csv_cells_excel_would_run_are_neutralised(cell, written):
    """OWASP's CSV injection: text cells from the reports starting with =, +, -, @ or a tab get an
    apostrophe; numbers written as text stay as they are. Both writers: pandas (page tables) and
    DuckDB's COPY (the download page)."""
    from dashboard import sql as dsql

    df = pd.DataFrame({"名称": [cell], "n": [1]})
    rows = list(csv.reader(io.StringIO(export.to_csv(df).decode("utf-8-sig"))))
    assert rows == [["名称", "n"], [written, "1"]]
    con = duckdb.connect()
    query = dsql._csv_safe_query(con, "select $cell as 名称, 1 as n", {"cell": cell})
    assert con.execute(query, {"cell": cell}).fetchone() == (written, 1)
