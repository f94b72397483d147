"""XLSX/CSV: either a table in the official layout (→ grid) or statistics with one row per agency-year
whose header names canonical keys (→ `Document.records`)."""

from __future__ import annotations

import csv
import io
import re

from etl.read.layout import Block, RawCell, RawTable

_KEY = re.compile(r"^(t2|t2_2019|t3|t4|s)\.[a-z_.0-9]+$")


def is_record_header(row: list) -> bool:
    """A header row naming canonical keys (t3.new_received.total, s.requests_received, …)."""
    keys = [str(v).strip() for v in row if v is not None and str(v).strip()]
    return sum(1 for k in keys if _KEY.match(k)) >= 2


def records_of(rows: list[list]) -> list[dict]:
    header = [str(v).strip() if v is not None else "" for v in rows[0]]
    out = []
    for row in rows[1:]:
        if not any(v not in (None, "") for v in row):
            continue
        out.append({h: v for h, v in zip(header, row, strict=False) if h})
    return out


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def sheet_table(rows: list[list], merged: list[tuple[int, int, int, int]] = ()) -> RawTable:
    """Rows of values → a RawTable; `merged` holds (row, col, rowspan, colspan) of merged ranges."""
    spans = {(r, c): (rs, cs) for r, c, rs, cs in merged}
    covered = {(r + dr, c + dc) for r, c, rs, cs in merged for dr in range(rs) for dc in range(cs)}
    table = RawTable()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) in covered and (r, c) not in spans:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            table.cells.append(RawCell(r, c, rs, cs, _cell_text(v)))
    return table


def xlsx_blocks(data: bytes) -> tuple[list[Block], list[dict] | None]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    blocks: list[Block] = []
    records: list[dict] = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        while rows and not any(v not in (None, "") for v in rows[-1]):
            rows.pop()
        if not rows:
            continue
        if is_record_header(rows[0]):
            records.extend(records_of(rows))
            continue
        merged = [
            (m.min_row - 1, m.min_col - 1, m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
            for m in ws.merged_cells.ranges
        ]
        blocks.append(ws.title)
        blocks.append(sheet_table(rows, merged))
    return blocks, (records or None)


def csv_blocks(text: str) -> tuple[list[Block], list[dict] | None]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect)]
    if not rows:
        return [], None
    if is_record_header(rows[0]):
        return [], records_of(rows)
    return [sheet_table(rows)], None
