"""File writers for downloads: tables (CSV with BOM, formatted XLSX, Parquet) and charts (PNG/SVG).

Small tables (a page's `ui.table`) are written from their DataFrame (`to_csv`, `to_xlsx`). The
download page's tables, up to millions of rows, never become a DataFrame: DuckDB's COPY writes the
CSV or Parquet file (`table_file`), the workbook is written row by row from Arrow batches
(`xlsx_file`), and `refusal` says (in Chinese, for the page) when a format is not offered: XLSX only
when the rows fit in one worksheet (Excel's 1,048,576 rows with the header).

Charts are rendered on the server by Plotly's exporter, kaleido ≥ 1, which drives a Chrome-like
browser: Debian's `/usr/bin/chromium` (or `BROWSER_PATH`); nothing downloads a browser. One browser
is started on first use and kept for the life of the process (starting Chromium takes ~2 s, a chart
~0.2 s), renders are serialised by a lock and the last results are cached.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import pandas as pd

MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/octet-stream",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# --------------------------------------------------------------------------------------------------
# Tables

BOM = "\ufeff".encode()
EXCEL_MAX_ROWS = 1_048_576  # rows of one Excel worksheet, the header row included
# Downloads are held in the server's memory until fetched (Streamlit keeps the file's bytes): a CSV
# of facts takes ~115 bytes a row, the same rows in Parquet ~3, so Parquet may be much longer.
CSV_MAX_ROWS = 5_000_000
PARQUET_MAX_ROWS = 50_000_000
XLSX_SLOW_ROWS = 200_000  # beyond this, writing the workbook takes minutes: say so


def _cells(df: pd.DataFrame) -> pd.DataFrame:
    """A copy Excel can store: lists joined, time zones dropped."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if s.dtype == object and s.map(lambda v: isinstance(v, list | tuple)).any():
            out[c] = s.map(lambda v: "；".join(map(str, v)) if isinstance(v, list | tuple) else v)
        elif isinstance(s.dtype, pd.DatetimeTZDtype):
            out[c] = s.dt.tz_localize(None)
    return out


# CSV injection (OWASP): a text cell starting with =, +, -, @, a tab or a carriage return is run as a
# formula when the file is opened in Excel. Such cells (names and statements come from the reports)
# get a leading apostrophe in CSV files; numbers written as text (-3, +14, 2.5%) are left alone.
# XLSX is safe as written (strings are never read as formulas). The same rule in SQL: `sql.copy`.
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?%?$"


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with its formula-like text cells neutralised (a copy only when there are any)."""
    out = df
    for c in df.columns:
        s = df[c]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        text = s.where(s.map(lambda v: isinstance(v, str)), "").astype(str)
        risky = text.str.contains(FORMULA_START, regex=True) & ~text.str.match(PLAIN_NUMBER)
        if risky.any():
            if out is df:
                out = df.copy()
            out.loc[risky, c] = "'" + text[risky]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM, so Excel opens Chinese text correctly; formula-like text neutralised."""
    return csv_safe(df).to_csv(index=False).encode("utf-8-sig")


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def xlsx_sheets(rows: int, max_rows: int = EXCEL_MAX_ROWS) -> int:
    """How many worksheets `rows` data rows take (each sheet repeats the header row)."""
    return max(1, -(-rows // (max_rows - 1)))


def refusal(fmt: str, rows: int) -> str | None:
    """Why a table of `rows` rows is not offered as `fmt` (csv, xlsx, parquet), in Chinese for the
    page, or None when it is. XLSX only when the rows fit in one worksheet (1,048,576 rows with the
    header); CSV and Parquet up to what the server holds in memory for one download."""
    if fmt == "xlsx" and rows + 1 > EXCEL_MAX_ROWS:
        other = "CSV 或 Parquet" if rows <= CSV_MAX_ROWS else "Parquet"
        return (
            f"共 {rows:,} 行，超过 Excel 单个工作表的上限（{EXCEL_MAX_ROWS:,} 行，含表头），"
            f"不提供 Excel 格式：请下载 {other}，或先缩小筛选范围。"
        )
    if fmt == "csv" and rows > CSV_MAX_ROWS:
        return (
            f"共 {rows:,} 行，CSV 文件过大（上限 {CSV_MAX_ROWS:,} 行）："
            "请下载 Parquet（压缩列式格式，体积约为 CSV 的几十分之一），或先缩小筛选范围。"
        )
    if fmt == "parquet" and rows > PARQUET_MAX_ROWS:
        return f"共 {rows:,} 行，超过单次下载上限（{PARQUET_MAX_ROWS:,} 行），请先缩小筛选范围（例如选择省份或年度）。"
    return None


def slow_note(fmt: str, rows: int) -> str | None:
    """A note for a download that works but takes long (XLSX of many rows), or None."""
    if fmt == "xlsx" and rows > XLSX_SLOW_ROWS and rows + 1 <= EXCEL_MAX_ROWS:
        return f"共 {rows:,} 行：生成 Excel 文件较慢（可能需要数分钟），建议优先下载 CSV 或 Parquet。"
    return None


def _scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="xxgk-download-"))


def _opened(path: Path, folder: Path) -> BinaryIO:
    """`path` opened for reading, its folder already removed: the open handle keeps the data (on
    POSIX) until Streamlit has read it and the handle is closed, so nothing is left on disk."""
    fh = open(path, "rb")  # noqa: SIM115 - returned to the caller
    shutil.rmtree(folder, ignore_errors=True)
    return fh


def table_file(write: Callable[[Path], object], fmt: str) -> BinaryIO:
    """A CSV or Parquet file written by `write(path)` (DuckDB's COPY, straight from the database:
    no rows pass through Python), opened for reading. CSV gets a UTF-8 BOM (Excel then reads the
    Chinese text correctly)."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"table_file writes csv or parquet, not {fmt!r}")
    folder = _scratch()
    try:
        raw = folder / f"rows.{fmt}"
        write(raw)
        if fmt == "csv":
            out = folder / "download.csv"
            with open(out, "wb") as dst, open(raw, "rb") as src:
                dst.write(BOM)
                shutil.copyfileobj(src, dst, 1 << 20)
            raw.unlink()
            raw = out
        return _opened(raw, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _text_width(v) -> int:
    s = "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _is_year(name: str, s: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return False
    v = s.dropna()
    return (
        ("年" in str(name) or str(name).lower() == "year")
        and not v.empty
        and ((v % 1 == 0) & v.between(1949, 2100)).all()
    )


# Report text is data: a cell starting with "=" stays text (no formula), a URL stays text (no link).
_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def _formats(wb) -> dict:
    return {
        "head": wb.add_format(
            {"bold": True, "bg_color": "#e8eef6", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "pct": wb.add_format({"num_format": "0.0%"}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "num": wb.add_format({"num_format": "#,##0.0##"}),
        "year": wb.add_format({"num_format": "0"}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
    }


def _sheet_names(sheet: str, n: int) -> list[str]:
    """'数据', '数据（2）', … (Excel's 31-character limit kept)."""
    names = [sheet[:31]]
    for i in range(2, n + 1):
        suffix = f"（{i}）"
        names.append(sheet[: 31 - len(suffix)] + suffix)
    return names


def to_xlsx(
    df: pd.DataFrame,
    sheet: str = "数据",
    *,
    percent: Iterable[str] = (),
    about: Sequence[tuple[str, str]] = (),
    definitions: pd.DataFrame | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
) -> bytes:
    """An Excel workbook: the table (bold frozen header row, autofilter, column widths, number
    formats: thousands separators, `percent` columns as 0.0%, years without separators) and a
    "说明" sheet with `about` (filters, source, date …) and `definitions` (metric definitions).

    Rows beyond one worksheet (`max_rows`, Excel's 1,048,576 with the header) continue on sheets
    '数据（2）', … each with the header. Text stays text: no formulas, no links."""
    out = _cells(df)
    percent = set(percent)
    per = max_rows - 1
    names = _sheet_names(sheet, xlsx_sheets(len(out), max_rows))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": _WORKBOOK_OPTIONS}) as xw:
        wb = xw.book
        fm = _formats(wb)
        col_formats = []
        for col in out.columns:
            s = out[col]
            fmt = None
            if col in percent:
                fmt = fm["pct"]
            elif _is_year(col, s):
                fmt = fm["year"]
            elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
                v = s.dropna()
                fmt = fm["int"] if v.empty or (v % 1 == 0).all() else fm["num"]
            sample = s.head(200).map(_text_width)
            width = max([_text_width(col), *(sample.tolist() or [0])]) + 2
            col_formats.append((min(max(width, 8), 60), fmt))
        for i, name in enumerate(names):
            part = out.iloc[i * per : (i + 1) * per]
            part.to_excel(xw, sheet_name=name, index=False, header=False, startrow=1)
            ws = xw.sheets[name]
            for j, col in enumerate(out.columns):
                ws.write_string(0, j, str(col), fm["head"])
                ws.set_column(j, j, *col_formats[j])
            ws.freeze_panes(1, 0)
            if len(out.columns):
                ws.autofilter(0, 0, max(len(part), 1), len(out.columns) - 1)
        if about or definitions is not None:
            _about_sheet(wb, about, definitions, fm["head"])
    return buf.getvalue()


def _arrow_format(field, fm: dict):
    import pyarrow as pa

    t = field.type
    if pa.types.is_integer(t):
        return fm["year"] if ("年" in field.name or field.name.lower() == "year") else fm["int"]
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return fm["num"]
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return fm["date"]
    return None


def _arrow_kind(t) -> str:
    """How a column's values are written: str, num, bool or other (converted one by one)."""
    import pyarrow as pa

    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "str"
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        return "num"
    if pa.types.is_boolean(t):
        return "bool"
    return "other"


def _excel_value(v):
    """A value xlsxwriter writes as what it is: lists joined, time zones dropped, NaN blank."""
    if isinstance(v, list | tuple):
        return "；".join("" if x is None else str(x) for x in v)
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def xlsx_file(
    batches: Iterable,
    schema,
    sheet: str = "数据",
    *,
    about: Sequence[tuple[str, str]] = (),
    definitions: pd.DataFrame | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
) -> BinaryIO:
    """An Excel workbook written row by row from Arrow record batches (e.g. DuckDB's
    `to_arrow_reader`), in xlsxwriter's constant-memory mode: no table is held in memory, the
    file is on disk until it is read. Same layout as `to_xlsx` (header, number formats by column
    type, frozen header, autofilter, "说明" sheet); rows beyond one worksheet continue on the next."""
    import xlsxwriter

    folder = _scratch()
    try:
        path = folder / "download.xlsx"
        wb = xlsxwriter.Workbook(str(path), {**_WORKBOOK_OPTIONS, "constant_memory": True})
        fm = _formats(wb)
        names = [f.name for f in schema]
        formats = [_arrow_format(f, fm) for f in schema]
        kinds = [_arrow_kind(f.type) for f in schema]
        per = max_rows - 1
        widths: list[int] | None = None
        ws, row, n_sheet = None, 0, 0

        def new_sheet():
            nonlocal ws, row, n_sheet
            if ws is not None:
                _finish(ws, row, len(names))
            n_sheet += 1
            ws = wb.add_worksheet(_sheet_names(sheet, n_sheet)[-1])
            for j, name in enumerate(names):
                ws.set_column(j, j, widths[j] if widths else 12, formats[j])
                ws.write_string(0, j, name, fm["head"])
            ws.freeze_panes(1, 0)
            row = 0

        for batch in batches:
            columns = [batch.column(j).to_pylist() for j in range(len(names))]
            if widths is None:  # from the first rows, as `to_xlsx` does
                widths = [
                    min(max(max([_text_width(n), *map(_text_width, c[:200])]) + 2, 8), 60)
                    for n, c in zip(names, columns, strict=True)
                ]
            for values in zip(*columns, strict=True):
                if ws is None or row == per:
                    new_sheet()
                row += 1
                for j, v in enumerate(values):
                    if v is None:
                        continue
                    kind = kinds[j]
                    if kind == "str":
                        ws.write_string(row, j, v, formats[j])
                    elif kind == "num" and v == v:  # NaN stays blank
                        ws.write_number(row, j, v, formats[j])
                    elif kind == "bool":
                        ws.write_boolean(row, j, v, formats[j])
                    elif kind == "other":
                        v = _excel_value(v)
                        if isinstance(v, str):
                            ws.write_string(row, j, v, formats[j])
                        elif v is not None:
                            ws.write(row, j, v, formats[j])
        if ws is None:
            new_sheet()
        _finish(ws, row, len(names))
        if about or definitions is not None:
            _about_sheet(wb, about, definitions, fm["head"])
        wb.close()
        return _opened(path, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _finish(ws, rows: int, n_cols: int) -> None:
    if n_cols:
        ws.autofilter(0, 0, max(rows, 1), n_cols - 1)


def _about_sheet(wb, about, definitions: pd.DataFrame | None, head) -> None:
    ws = wb.add_worksheet("说明")
    bold = wb.add_format({"bold": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 10)
    ws.set_column(3, 3, 70)
    ws.set_column(4, 4, 12)
    row = 0
    for k, v in about:
        ws.write_string(row, 0, str(k), bold)
        ws.write_string(row, 1, str(v))
        row += 1
    if definitions is not None and not definitions.empty:
        row += 1
        ws.write_string(row, 0, "指标定义", bold)
        row += 1
        for j, col in enumerate(definitions.columns):
            ws.write_string(row, j, str(col), head)
        for rec in definitions.itertuples(index=False):
            row += 1
            for j, v in enumerate(rec):
                if v is None or (isinstance(v, float) and pd.isna(v)):
                    continue
                if isinstance(v, str):
                    ws.write_string(row, j, v, wrap)
                else:
                    ws.write(row, j, v, wrap)


# The download page's formats: label, file extension, MIME type.
TABLE_FORMATS = {"csv": ("CSV", "csv"), "xlsx": ("XLSX", "xlsx"), "parquet": ("Parquet", "parquet")}

# --------------------------------------------------------------------------------------------------
# Charts


def chrome_path() -> str | None:
    """The browser kaleido drives: BROWSER_PATH, else Debian's chromium, else one on PATH."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env
    for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(p, os.X_OK):
            return p
    return shutil.which("chromium") or shutil.which("google-chrome")


class _Renderer:
    """One kaleido browser on its own event-loop thread, shared by every caller of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None

    def _start(self) -> None:
        import kaleido

        path = chrome_path()
        if path:  # choreographer reads it too; keeps every kaleido user on the same browser
            os.environ.setdefault("BROWSER_PATH", path)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="xxgk-kaleido", daemon=True)
        thread.start()

        async def _open():
            # mathjax=False: no CDN request (no network); plotly.js comes from the plotly package
            k = kaleido.Kaleido(n=1, timeout=60, mathjax=False, **({"path": path} if path else {}))
            await k.open()
            return k

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(_open(), loop).result(timeout=90)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        self._loop, self._thread = loop, thread

    def _stop(self) -> None:
        loop, k = self._loop, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        if k is not None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=15)
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def render(self, specs: list[tuple[dict, dict]]) -> list[bytes]:
        """Render (figure dict, opts) pairs in order; restart the browser once if it died."""
        with self._lock:
            for attempt in (0, 1):
                try:
                    if self._loop is None or not (self._thread and self._thread.is_alive()):
                        self._start()
                    out = []
                    for fig, opts in specs:
                        fut = asyncio.run_coroutine_threadsafe(
                            self._kaleido.calc_fig(fig, opts=opts), self._loop
                        )
                        out.append(fut.result(timeout=120))
                    return out
                except Exception:
                    self._stop()
                    if attempt:
                        raise
        raise AssertionError("unreachable")


_RENDERER = _Renderer()
atexit.register(_RENDERER.close)
_CACHE: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 64


def _spec(fig, fmt: str, scale: float) -> tuple[dict, dict]:
    d = fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else dict(fig)
    layout = d.get("layout", {})
    opts = {
        "format": fmt,
        "width": int(layout.get("width") or 1000),
        "height": int(layout.get("height") or 500),
        "scale": scale,
    }
    return d, opts


def render_figures(figs: Sequence, fmt: str = "png", scale: float = 2) -> list[bytes]:
    """PNG or SVG bytes of Plotly figures (laid out for export: `style.for_export`), in one browser."""
    from plotly.utils import PlotlyJSONEncoder

    specs, keys, out = [], [], {}
    for i, fig in enumerate(figs):
        d, opts = _spec(fig, fmt, scale if fmt == "png" else 1)
        d = json.loads(json.dumps(d, cls=PlotlyJSONEncoder))  # numpy → plain JSON, stable for the key
        key = hashlib.sha1(json.dumps([d, opts], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        keys.append(key)
        if key in _CACHE:
            _CACHE.move_to_end(key)
            out[i] = _CACHE[key]
        else:
            specs.append((i, d, opts))
    if specs:
        rendered = _RENDERER.render([(d, o) for _, d, o in specs])
        for (i, _, _), data in zip(specs, rendered, strict=True):
            out[i] = data
            _CACHE[keys[i]] = data
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return [out[i] for i in range(len(figs))]


def render_figure(fig, fmt: str = "png", scale: float = 2) -> bytes:
    return render_figures([fig], fmt, scale)[0]
