"""File bytes → parsed reports: read → normalise → split → identify → extract → check.

Pure: no file system or database access here (the build and the CLI do the I/O).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache

from etl.agency_choice import choose_agency
from etl.appendix import AppendixValue, extract_appendix, find_appendix
from etl.checks import run_checks
from etl.classify import classify_level, classify_sector
from etl.document import Document, slice_document
from etl.identity import Identity, identify
from etl.model import Problem, Region, Report, Source, Span
from etl.plausibility import Screen
from etl.problems import extract_statements
from etl.prose import ProseValue, extract_prose_values
from etl.read import ReadError, read_document
from etl.read.encoding import decode_warnings
from etl.records import reports_from_records
from etl.sections import find_sections, section_of
from etl.self_naming import NOT_A_REPORT_LABELS, Candidate
from etl.split import looks_like_compilation, split_parts
from etl.tables import extract_tables

# s.* key → the table cells it is derived from (metrics.md §3, as in report_summary.sql); used here
# only to cross-check a number stated in the prose against the report's own tables.
_TABLE_SOURCES = {
    "s.requests_received": re.compile(r"t3\.new_received\.total"),
    "s.requests_processed": re.compile(r"t3\.total_processed\.total"),
    "s.granted": re.compile(r"t3\.granted\.total"),
    "s.partial": re.compile(r"t3\.partial\.total"),
    "s.denied": re.compile(r"t3\.denied\.\w+\.total"),
    "s.unable": re.compile(r"t3\.unable\.\w+\.total"),
    "s.reviews": re.compile(r"t4\.review\.total"),
    "s.reviews_corrected": re.compile(r"t4\.review\.corrected"),
    "s.lawsuits": re.compile(r"t4\.lit_(?:direct|after_review)\.total"),
    "s.normative_docs_made": re.compile(r"t2\.normative_docs\.made|t2_2019\.normative_docs\.new_made"),
}


@lru_cache(maxsize=4096)
def _summary_key(cell_key: str) -> str | None:
    """The s.* key a table cell counts towards (the patterns are disjoint)."""
    return next((key for key, pattern in _TABLE_SOURCES.items() if pattern.fullmatch(cell_key)), None)


def table_summary(values: dict[str, float | int | None]) -> dict[str, float | int]:
    """The s.* values the table cells give (a key is left out when a cell it needs is blank)."""
    cells: dict[str, list] = {}
    for k, v in values.items():
        if (key := _summary_key(k)) is not None:
            cells.setdefault(key, []).append(v)
    return {key: sum(vs) for key, vs in cells.items() if all(v is not None for v in vs)}


def merge_statements(
    text: str,
    prose: list[ProseValue],
    appendix: list[AppendixValue],
    from_tables: dict[str, float | int],
) -> tuple[list[tuple[str, float | int, int, int, str]], list[str]]:
    """The s.* values a report states outside its standard tables: (key, value, start, end, origin).
    The statistics appendix wins over the prose; a prose number that contradicts the report's own
    tables or appendix is dropped with a warning (a wrong number is worse than a missing one)."""
    kept = [(a.key, a.value, a.start, a.end, "appendix") for a in appendix]
    from_appendix = {a.key: a.value for a in appendix}
    warnings = []
    for pv in prose:
        for source, label in ((from_tables, "表格"), (from_appendix, "统计表")):
            if pv.key in source and source[pv.key] != pv.value:
                warnings.append(
                    f"正文数值与{label}不一致：{pv.key} 正文为 {pv.value}（{text[pv.start : pv.end]}），"
                    f"{label}为 {source[pv.key]}：按{label}计"
                )
                break
        else:
            if pv.key not in from_appendix:
                kept.append((pv.key, pv.value, pv.start, pv.end, "prose"))
    return kept, warnings


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(data: bytes, path: str) -> list[Report]:
    """Every report in one file. A file that cannot be read yields one report with `error` set."""
    sha = sha256_hex(data)
    try:
        doc = read_document(data, path)
    except ReadError as exc:
        return [Report(source=Source(path=path, sha256=sha), error=str(exc))]
    charset_warnings = decode_warnings(doc.encoding)  # a wrong declared charset, replaced bytes
    doc.warnings.extend(charset_warnings)
    doc.encoding = None if doc.encoding is None else str(doc.encoding)
    if doc.records is not None:
        reports = reports_from_records(doc, path, sha)
        if not reports:  # found by fuzzing: a statistics sheet with its header and no rows
            return [Report(source=Source(path=path, sha256=sha), error=f"{path}: 统计表只有表头，没有数据行")]
        for report in reports:
            report.encoding, report.source_kind = doc.encoding, doc.kind
            report.warnings[:0] = charset_warnings
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


def prose_ranges(
    text: str, sections: list, fmt: str | None, has_tables: bool, appendix
) -> list[tuple[int, int]]:
    """Where a report states its numbers in prose: before a pre-2019 statistics appendix; in a
    2019+ report with its tables, every section but the problems (the tables' sections too: the
    proactive count is stated nowhere else, '2019年我乡主动公开政府信息共367条'); without them, all."""
    if fmt in ("2019", "2021"):
        if not sections or not has_tables:
            return [(0, len(text))]
        return [(s.body_start, s.end) for s in sections if s.family != "problems"]
    section = section_of(sections, "appendix")
    cuts = [section.start] if section else []
    cuts += [appendix.title_start] if appendix else []
    return [(0, min(cuts, default=len(text)))]


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


def parse_document(doc: Document, in_compilation: bool = False) -> Report:
    """One report from one document (or one part of a compilation)."""
    text = doc.text
    warnings = list(doc.warnings)
    sections = find_sections(text)
    ident = identify(text, len(sections))
    warnings += ident.warnings
    agency, match, agency_evidence, name_warnings = choose_agency(ident, text, in_compilation)
    warnings += name_warnings
    region = (
        Region(
            province=match.province,
            city=match.city,
            county=match.county,
            code=match.code,
            township=match.township,
            township_code=match.township_code,
        )
        if match
        else Region()
    )
    sector = classify_sector(agency) if agency else None
    level = classify_level(agency, match) if agency else None
    identity_evidence = _identity_evidence(ident, agency_evidence, text)
    scope, scope_evidence = _scope(ident, text, sector)

    tables = extract_tables(doc)
    warnings += tables.warnings
    screen = Screen(text)  # P1: implausible values are recorded, not loaded (etl/plausibility.py)
    table_values = screen.values(tables.values, tables.evidence)
    values: dict[str, float | int | None] = dict(table_values)
    evidence: dict[str, Span] = {k: v for k, v in tables.evidence.items() if k in values}

    fmt = tables.format or _infer_format(ident.year, text)
    appendix = find_appendix(text) if fmt not in ("2019", "2021") else None
    if fmt in ("2019", "2021") and not tables.values:
        warnings.append("未找到标准表格（表二至表四）：表格可能为图片或附件，未提取表格数值")
    prose: list[ProseValue] = []
    for start, end in prose_ranges(text, sections, fmt, bool(tables.values), appendix):
        found, prose_warnings = extract_prose_values(text, ident.year, start, end)
        prose += screen.stated(found)
        warnings += prose_warnings
    stated, appendix_warnings = (
        extract_appendix(text, {pv.key: pv.value for pv in prose}) if appendix else ([], [])
    )
    warnings += appendix_warnings
    stated = screen.stated(stated)
    kept, merge_warnings = merge_statements(text, prose, stated, table_summary(table_values))
    warnings += merge_warnings
    for key, value, start, end, origin in kept:
        if key not in values:
            values[key] = value
            evidence[key] = Span(
                start=start, end=end, text=text[start:end], page=doc.page_of(start), origin=origin
            )

    problems: list[Problem] = []
    improvements: list[Problem] = []
    problem_section = section_of(sections, "problems")
    if problem_section:
        found = extract_statements(
            text[problem_section.body_start : problem_section.end], problem_section.body_start
        )
        problems, improvements = found.problems, found.improvements
        if found.generic:
            warnings.append("“存在的主要问题及改进情况”未陈述具体问题（仅“无”或笼统表述）")

    is_blank_template = (
        agency is None
        and ident.year is None
        and tables.values
        and all(v is None for v in tables.values.values())
    )
    doc_reason = ident.doc_reason
    if doc_reason == "news" and tables.values:
        doc_reason = None  # an untitled page with the standard tables is a report
    is_report = doc_reason is None and not is_blank_template
    if is_blank_template:
        warnings.append("疑为空白模板：无机构、无年度，表格全部为空")
    elif not is_report:
        warnings.append(f"疑似非年度报告：{NOT_A_REPORT_LABELS[doc_reason]}")
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
        checks=run_checks(screen.for_checks(_with_narrative(values, prose)), fmt) + screen.checks(),
        warnings=_dedupe(warnings + screen.warnings()),
        title=ident.title,
        doc_type="annual_report" if is_report else "other",
        doc_reason=None if is_report else (NOT_A_REPORT_LABELS.get(doc_reason or "") or "空白模板"),
        scope=scope if is_report else None,
        scope_evidence=scope_evidence,
        source_url=ident.source_url,
        identity_evidence=identity_evidence,
        published=ident.published.isoformat() if ident.published else None,
        text=text,
        table_candidates=screen.candidates(tables.ambiguous),
    )


def _identity_evidence(ident: Identity, agency: Candidate | None, text: str) -> dict[str, dict]:
    """field → {value, source, start, end, score, text}: what decided the agency and the year."""
    out = {}
    if agency is not None:
        out["agency"] = (agency.value, agency.source, agency.start, agency.end, agency.score)
    if "year" in ident.evidence:
        out["year"] = ident.evidence["year"]
    return {
        field: {"value": v, "source": src, "start": a, "end": b, "score": sc, "text": text[a:b]}
        for field, (v, src, a, b, sc) in out.items()
    }


def _scope(ident: Identity, text: str, sector: str | None) -> tuple[str, str | None]:
    """'aggregate' when a people's government's report says it sums up its whole jurisdiction."""
    if ident.aggregate_span and sector == "government":
        a, b = ident.aggregate_span
        return "aggregate", re.sub(r"\s+", "", text[a:b])[:200]
    return "organ", None


def _with_narrative(values: dict, prose: list[ProseValue]) -> dict:
    """Values for the checks: a prose number kept out of the values because it contradicts the tables
    still goes to X4 (narrative vs table), which flags it."""
    out = dict(values)
    for pv in prose:
        out.setdefault(pv.key, pv.value)
    return out


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(re.sub(r"\s+", " ", w).strip() for w in items if w))
