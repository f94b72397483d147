"""Parsed reports → table rows (pure)."""

from __future__ import annotations

import json

from etl.agency_key import agency_key
from etl.model import Report
from etl.parse import timeliness_days


def report_id(sha256: str, part: int) -> str:
    return f"{sha256[:16]}-{part}"


def report_rows(report: Report) -> dict[str, list[tuple]]:
    """Rows for reports, report_texts, facts, problems and checks of one parsed report."""
    rid = report_id(report.source.sha256, report.source.part)
    r = report.region
    aid = agency_key(report.agency, r.code) if report.agency else None
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
                aid,
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
            )
        ],
        "report_texts": [(rid, report.text or "")],
        "facts": [],
        "problems": [],
        "checks": [(rid, c.rule, c.scope, c.status, c.detail) for c in report.checks],
    }
    for key, value in report.values.items():
        span = report.evidence.get(key)
        if report.doc_type == "statistics":
            origin = "sheet"
        elif span is not None and span.origin:
            origin = span.origin  # prose or appendix
        else:
            origin = "prose" if key.startswith("s.") else "table"
        rows["facts"].append(
            (
                rid,
                key,
                None if value is None else float(value),
                value is None,
                origin,
                span.start if span else None,
                span.end if span else None,
                span.page if span else None,
                span.text if span else None,
            )
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
