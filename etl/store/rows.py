"""Parsed reports → table rows (pure)."""

from __future__ import annotations

import json
import re

from etl.agency_key import agency_key
from etl.model import Report
from etl.parse import timeliness_days
from etl.problems import find_problem_section, specificity
from etl.sections import find_sections, section_of
from etl.similarity import signature_values
from etl.store.settle import candidate_rows

# Section 五 shorter than this (after removing digits and punctuation), e.g. "无。", gets no signature:
# two empty sections are not 内容雷同.
MIN_PROBLEM_SECTION_CHARS = 30
# Pre-2019 reports are free-form: completeness asks whether each required topic (2008 条例 Art. 32)
# is reported at all, found by these keywords anywhere in the text.
TOPICS = {
    "proactive": re.compile(r"主动公开"),
    "requests": re.compile(r"依申请|申请公开|公开申请"),
    "fees": re.compile(r"收费|费用|减免"),
    "review": re.compile(r"复议|诉讼|申诉"),
    "problems": re.compile(r"问题|不足|差距|薄弱"),
    "other": re.compile(r"其他需要报告|其它需要报告"),
}
INTRO_CHARS = 80  # an opening paragraph this long before the first heading counts as an overview


def report_id(sha256: str, part: int) -> str:
    return f"{sha256[:16]}-{part}"


def feature_row(report: Report) -> tuple:
    """The `report_features` row of one parsed report: section families present, problem
    specificity and the MinHash signatures (whole text, section 五) that report quality compares
    with the agency's previous report. Pure; the build computes it in the parsing worker."""
    rid = report_id(report.source.sha256, report.source.part)
    problems = [p.text for p in report.problems]
    if report.doc_type == "statistics":  # a spreadsheet row: no sections; only its problems are prose
        stated = "\n".join(problems)
        return (
            rid,
            [],
            [],
            bool(problems),
            len(problems),
            specificity(problems) if problems else None,
            signature_values(stated),
            signature_values(stated, MIN_PROBLEM_SECTION_CHARS) if problems else None,
        )
    return feature_values(rid, report.text or "", problems)


def feature_values(rid: str, text: str, problems: list[str]) -> tuple:
    """`feature_row` from a report's id, normalised text and problem statements."""
    sections = find_sections(text)
    families = sorted({s.family for s in sections if s.family})
    found = section_of(sections, "problems")
    span = (found.body_start, found.end) if found else find_problem_section(text)
    if span and "problems" not in families:
        families = sorted([*families, "problems"])
    problem_text = text[span[0] : span[1]] if span else ""
    topics = {name for name, pattern in TOPICS.items() if pattern.search(text)}
    first = sections[0].start if sections else len(text)
    if "overview" in families or len(text[:first].strip()) >= INTRO_CHARS:
        topics.add("overview")
    return (
        rid,
        families,
        sorted(topics | set(families)),
        span is not None,
        len(problems),
        specificity(problems) if span else None,
        signature_values(text),
        signature_values(problem_text, MIN_PROBLEM_SECTION_CHARS) if span else None,
    )


def report_rows(report: Report, features: tuple | None = None) -> dict[str, list[tuple]]:
    """Rows for reports, report_texts, report_features, facts, problems and checks of one parsed
    report (`features`: its `feature_row`, when already computed)."""
    rid = report_id(report.source.sha256, report.source.part)
    r = report.region
    # the organ's key; the build turns it into organ_id and agency_id (etl/store/lineage.py)
    key = agency_key(report.agency, r.code) if report.agency else None
    published = _date(report.published)
    rows: dict[str, list[tuple]] = {
        "reports": [
            (
                rid,
                report.source.sha256,
                report.source.path,
                report.source.part,
                report.source.parts,
                report.agency,
                key,
                r.province,
                r.city,
                r.county,
                r.code,
                report.level,
                report.sector,
                report.year,
                report.format,
                report.title,
                report.doc_type,
                published,
                timeliness_days(published, report.year, report.sector),
                report.warnings,
                len(report.text or ""),
                report.scope,
                report.scope_evidence,
                report.doc_reason,
                report.source_url,
                json.dumps(report.identity_evidence, ensure_ascii=False)
                if report.identity_evidence
                else None,
                key,
                key,
                r.township,
                r.township_code,
            )
        ],
        "report_texts": [(rid, report.text or "")],
        "report_features": [features or feature_row(report)],
        "facts": [],
        "problems": [],
        "checks": [(rid, c.rule, c.scope, c.status, c.detail) for c in report.checks],
        "table_candidates": candidate_rows(rid, report),
    }
    sheet = report.doc_type == "statistics"
    evidence = report.evidence
    facts = rows["facts"]
    for key, value in report.values.items():
        span = evidence.get(key)
        # origin: a spreadsheet row's, else the span's own (prose or appendix), else by the key
        origin = (
            "sheet" if sheet else (span and span.origin) or ("prose" if key.startswith("s.") else "table")
        )
        number = None if value is None else float(value)
        if span is None:
            facts.append((rid, key, number, value is None, origin, None, None, None, None))
        else:
            facts.append(
                (rid, key, number, value is None, origin, span.start, span.end, span.page, span.text)
            )
    for kind, items in (("problem", report.problems), ("improvement", report.improvements)):
        for i, p in enumerate(items):
            rows["problems"].append(
                (rid, kind, i, p.text, p.categories, json.dumps(p.cues, ensure_ascii=False), p.start, p.end)
            )
    return rows


def _date(iso: str | None):
    from datetime import date

    return date.fromisoformat(iso) if iso else None
