"""File writers for downloads: tables (CSV with BOM, formatted XLSX, Parquet) and charts (PNG/SVG).

Charts are rendered on the server by Plotly's exporter, kaleido ≥ 1, which drives a Chrome-like
browser: Debian's `/usr/bin/chromium` (or `BROWSER_PATH`); nothing downloads a browser. One browser
is started on first use and kept for the life of the process (starting Chromium takes ~2 s, a chart
~0.2 s), renders are serialised by a lock and the last results are cached.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import io
import json
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

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


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM, so Excel opens Chinese text correctly."""
    return df.to_csv(index=False).encode("utf-8-sig")


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


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


def to_xlsx(
    df: pd.DataFrame,
    sheet: str = "数据",
    *,
    percent: Iterable[str] = (),
    about: Sequence[tuple[str, str]] = (),
    definitions: pd.DataFrame | None = None,
) -> bytes:
    """An Excel workbook: the table (bold frozen header row, autofilter, column widths, number
    formats: thousands separators, `percent` columns as 0.0%, years without separators) and a
    "说明" sheet with `about` (filters, source, date …) and `definitions` (metric definitions)."""
    out = _cells(df)
    percent = set(percent)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        wb = xw.book
        head = wb.add_format(
            {"bold": True, "bg_color": "#e8eef6", "border": 1, "text_wrap": True, "valign": "top"}
        )
        fmt_pct = wb.add_format({"num_format": "0.0%"})
        fmt_int = wb.add_format({"num_format": "#,##0"})
        fmt_num = wb.add_format({"num_format": "#,##0.0##"})
        fmt_year = wb.add_format({"num_format": "0"})
        name = sheet[:31]
        out.to_excel(xw, sheet_name=name, index=False, header=False, startrow=1)
        ws = xw.sheets[name]
        for j, col in enumerate(out.columns):
            ws.write(0, j, str(col), head)
            s = out[col]
            fmt = None
            if col in percent:
                fmt = fmt_pct
            elif _is_year(col, s):
                fmt = fmt_year
            elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
                v = s.dropna()
                fmt = fmt_int if v.empty or (v % 1 == 0).all() else fmt_num
            sample = s.head(200).map(_text_width)
            width = max([_text_width(col), *(sample.tolist() or [0])]) + 2
            ws.set_column(j, j, min(max(width, 8), 60), fmt)
        ws.freeze_panes(1, 0)
        if len(out.columns):
            ws.autofilter(0, 0, max(len(out), 1), len(out.columns) - 1)
        if about or definitions is not None:
            _about_sheet(xw, about, definitions, head)
    return buf.getvalue()


def _about_sheet(xw, about, definitions: pd.DataFrame | None, head) -> None:
    wb = xw.book
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
        ws.write(row, 0, k, bold)
        ws.write(row, 1, v)
        row += 1
    if definitions is not None and not definitions.empty:
        row += 1
        ws.write(row, 0, "指标定义", bold)
        row += 1
        for j, col in enumerate(definitions.columns):
            ws.write(row, j, str(col), head)
        for rec in definitions.itertuples(index=False):
            row += 1
            for j, v in enumerate(rec):
                ws.write(row, j, "" if v is None or (isinstance(v, float) and pd.isna(v)) else v, wrap)


WRITERS = {
    "CSV": (to_csv, "csv", MIME["csv"]),
    "XLSX": (to_xlsx, "xlsx", MIME["xlsx"]),
    "Parquet": (to_parquet, "parquet", MIME["parquet"]),
}

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
