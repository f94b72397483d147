"""File bytes → parsed reports: read → normalise → split → identify → extract → check.

Pure: no file system or database access here (the build and the CLI do the I/O).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from etl.agency_key import clean_agency_name
from etl.checks import run_checks
from etl.classify import classify_level, classify_sector
from etl.document import Document, slice_document
from etl.identity import agency_from_body, identify
from etl.model import Problem, Region, Report, Source, Span
from etl.problems import extract_statements
from etl.prose import extract_prose_values
from etl.read import ReadError, read_document
from etl.records import reports_from_records
from etl.region import resolve_region
from etl.sections import find_sections, section_of
from etl.split import looks_like_compilation, split_parts
from etl.tables import extract_tables

# Sections whose prose carries the year's narrative numbers. In 2019+ reports sections 二–四 are the
# tables, so only 一 (overview) and 六 (other, with the fee statement) are read as prose.
_PROSE_FAMILIES_TABLE_ERA = ("overview", "other", "fees")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(data: bytes, path: str) -> list[Report]:
    """Every report in one file. A file that cannot be read yields one report with `error` set."""
    sha = sha256_hex(data)
    try:
        doc = read_document(data, path)
    except ReadError as exc:
        return [Report(source=Source(path=path, sha256=sha), error=str(exc))]
    if doc.records is not None:
        reports = reports_from_records(doc, path, sha)
        for report in reports:
            report.encoding, report.source_kind = doc.encoding, doc.kind
        return reports
    parts = split_parts(doc.text)
    reports = []
    for i, (start, end) in enumerate(parts):
        report = parse_document(slice_document(doc, start, end), in_compilation=len(parts) > 1)
        report.source = Source(path=path, sha256=sha, part=i, parts=len(parts))
        report.encoding, report.source_kind = doc.encoding, doc.kind
        reports.append(report)
    if len(parts) == 1 and looks_like_compilation(doc.text):
        reports[0].warnings.append("文件疑为多篇报告或总结的汇编：尚未拆分，作为一篇载入")
    return reports


def _infer_format(year: int | None, text: str) -> str | None:
    if year is not None:
        return "pre2019" if year < 2019 else "2019" if year < 2021 else "2021"
    if "第二十条第" in text or "收到和处理政府信息公开申请" in text:
        return "2021" if "逾期未按收费通知" in text else "2019"
    return None


def timeliness_days(published: date | None, year: int | None, sector: str | None) -> int | None:
    """Days after the legal deadline (negative = early): 31 March of the next year for reports up to
    2018 and for people's governments; 31 January for departments under the 2019 条例 (Art. 49)."""
    if published is None or year is None:
        return None
    deadline = date(year + 1, 1, 31) if year >= 2019 and sector != "government" else date(year + 1, 3, 31)
    return (published - deadline).days


def _is_place(name: str) -> bool:
    match = resolve_region(name)
    return match is not None and name in (match.county, match.city)


def parse_document(doc: Document, in_compilation: bool = False) -> Report:
    """One report from one document (or one part of a compilation)."""
    text = doc.text
    warnings = list(doc.warnings)
    sections = find_sections(text)
    ident = identify(text, len(sections))
    warnings += ident.warnings
    if ident.agency_raw is None and in_compilation:
        ident.agency_raw = agency_from_body(text, _is_place)

    agency = clean_agency_name(ident.agency_raw) if ident.agency_raw else None
    head = text[:3000]
    match = resolve_region(agency, head)
    region = (
        Region(province=match.province, city=match.city, county=match.county, code=match.code)
        if match
        else Region()
    )
    sector = classify_sector(agency) if agency else None
    level = classify_level(agency, match) if agency else None

    tables = extract_tables(doc)
    warnings += tables.warnings
    values: dict[str, float | int | None] = dict(tables.values)
    evidence: dict[str, Span] = dict(tables.evidence)

    fmt = tables.format or _infer_format(ident.year, text)
    if fmt in ("2019", "2021"):
        ranges = [(s.body_start, s.end) for s in sections if s.family in _PROSE_FAMILIES_TABLE_ERA]
        if not sections:
            ranges = [(0, len(text))]
        if not tables.values:
            warnings.append("未找到标准表格（表二至表四）：表格可能为图片或附件，未提取表格数值")
    else:
        appendix = section_of(sections, "appendix")
        ranges = [(0, appendix.start if appendix else len(text))]
    for start, end in ranges:
        prose_values, prose_warnings = extract_prose_values(text, ident.year, start, end)
        warnings += prose_warnings
        for pv in prose_values:
            if pv.key not in values:
                values[pv.key] = pv.value
                evidence[pv.key] = Span(
                    start=pv.start, end=pv.end, text=text[pv.start : pv.end], page=doc.page_of(pv.start)
                )

    problems: list[Problem] = []
    improvements: list[Problem] = []
    problem_section = section_of(sections, "problems")
    if problem_section:
        found = extract_statements(
            text[problem_section.body_start : problem_section.end], problem_section.body_start
        )
        problems, improvements = found.problems, found.improvements

    is_blank_template = (
        agency is None
        and ident.year is None
        and tables.values
        and all(v is None for v in tables.values.values())
    )
    is_report = (ident.is_annual_report or bool(tables.values)) and not is_blank_template
    if is_blank_template:
        warnings.append("疑为空白模板：无机构、无年度，表格全部为空")
    elif not is_report:
        warnings.append("疑似非年度报告（如新闻稿、工作动态）：未发现年度报告标题或标准章节")
    if ident.year is None:
        warnings.append("未能确定报告年度")

    return Report(
        source=Source(path="", sha256=""),
        agency=agency,
        region=region,
        level=level,
        sector=sector,
        year=ident.year,
        format=fmt,
        values=values,
        evidence=evidence,
        problems=problems,
        improvements=improvements,
        checks=run_checks(values, fmt),
        warnings=_dedupe(warnings),
        title=ident.title,
        doc_type="annual_report" if is_report else "other",
        published=ident.published.isoformat() if ident.published else None,
        text=text,
    )


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(re.sub(r"\s+", " ", w).strip() for w in items if w))
