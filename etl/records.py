"""Structured statistics (CSV/XLSX with one row per agency-year, canonical keys as columns) → reports.

This is how a supervising office collects statistics. Each row becomes one report whose text is the
row itself rendered as `column：value` lines, so every value's evidence is its own cell. A `problems`
column (or `存在的主要问题`) holds the report's stated problems: its text is split into statements and
classified as a report's section 五 is, each statement's evidence a stretch of that cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.checks import run_checks
from etl.document import Document
from etl.model import Region, Report, Source, Span, trusted_span
from etl.numerals import parse_number
from etl.plausibility import Screen
from etl.problems import extract_statements

_KEY = re.compile(r"^(?:t2|t2_2019|t3|t4|s)\.[a-z_.0-9]+$")
_NOISE = re.compile(r"[,，\s]|元|万元|件")
_BLANK = {"", "-", "/", "—", "--", "无", "nan", "None"}
PROBLEM_COLUMNS = ("problems", "存在的主要问题")


def _cell(raw) -> tuple[int | float | None, bool]:
    """(value, is_blank) of one raw cell."""
    if raw is None:
        return None, True
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return (int(raw) if float(raw).is_integer() else raw), False
    token = _NOISE.sub("", str(raw))
    if token.isascii() and token.isdigit():  # most cells: a plain count
        return int(token), False
    if token in _BLANK:
        return None, True
    return parse_number(token.lstrip("+")) if not token.startswith("-") else -parse_number(token[1:]), False


def _text(record: dict, column: str) -> str | None:
    value = record.get(column)
    return str(value).strip() if value not in (None, "") else None


@lru_cache(maxsize=64)
def _key_columns(columns: tuple) -> tuple[tuple[int, object, str], ...]:
    """(position, column, canonical key) of the columns that hold canonical keys (a sheet's rows
    share their columns: decided once per sheet, not per row)."""
    out = []
    for i, column in enumerate(columns):
        key = str(column).strip()
        if _KEY.match(key):
            out.append((i, column, key))
    return tuple(out)


def reports_from_records(doc: Document, path: str, sha: str) -> list[Report]:
    reports = []
    records = doc.records or []
    for i, record in enumerate(records):
        values: dict[str, int | float | None] = {}
        evidence: dict[str, Span] = {}
        warnings = []
        lines, spans, pos = [], {}, 0
        for column, raw in record.items():
            line = f"{column}：{'' if raw is None else raw}"
            spans[column] = (pos + len(str(column)) + 1, pos + len(line))
            lines.append(line)
            pos += len(line) + 1
        text = "\n".join(lines)
        for _, column, key in _key_columns(tuple(record)):
            cell = record[column]
            start, end = spans[column]
            try:
                value, _ = _cell(cell)
            except (TypeError, ValueError):
                warnings.append(f"{key} 的值无法识别：{cell!r}")
                continue
            values[key] = value
            evidence[key] = trusted_span(start, end, text[start:end])
        screen = Screen(text)  # P1: implausible values are recorded, not loaded (etl/plausibility.py)
        values = screen.values(values, evidence)
        evidence = {k: v for k, v in evidence.items() if k in values}
        warnings += screen.warnings()
        year_text = _text(record, "year")
        year = int(float(year_text)) if year_text and re.fullmatch(r"\d{4}(\.0)?", year_text) else None
        problems, improvements = [], []
        column = next((c for c in PROBLEM_COLUMNS if _text(record, c)), None)
        if column is not None:
            start, end = spans[column]
            found = extract_statements(text[start:end], start)
            problems, improvements = found.problems, found.improvements
        fmt = _text(record, "format")
        fmt = fmt if fmt in ("pre2019", "2019", "2021") else None
        reports.append(
            Report(
                source=Source(path=path, sha256=sha, part=i, parts=len(records)),
                agency=_text(record, "agency"),
                region=Region(
                    province=_text(record, "province"),
                    city=_text(record, "city"),
                    county=_text(record, "county"),
                    code=_text(record, "code") or _text(record, "region_code"),
                ),
                level=_text(record, "level"),
                sector=_text(record, "sector"),
                year=year,
                format=fmt,
                values=values,
                evidence=evidence,
                problems=problems,
                improvements=improvements,
                checks=run_checks(screen.for_checks(values), fmt) + screen.checks(),
                warnings=warnings,
                doc_type="statistics",
                title=f"{path} 第 {i + 1} 条记录",
                text=text,
            )
        )
    return reports
