"""File writers for downloads: CSV (UTF-8 with BOM), XLSX and Parquet."""

from __future__ import annotations

import io

import pandas as pd


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM, so Excel opens Chinese text correctly."""
    return df.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buf = io.BytesIO()
    out = df.copy()
    for c in out.columns:  # lists (warnings, categories) are not Excel cells
        if out[c].dtype == object and out[c].map(lambda v: isinstance(v, list | tuple)).any():
            out[c] = out[c].map(lambda v: "；".join(map(str, v)) if isinstance(v, list | tuple) else v)
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        out.to_excel(xw, sheet_name=sheet[:31], index=False)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


WRITERS = {
    "CSV": (to_csv, "csv", "text/csv"),
    "XLSX": (to_xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "Parquet": (to_parquet, "parquet", "application/octet-stream"),
}
