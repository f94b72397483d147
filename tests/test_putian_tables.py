"""Putian's 2019/2021-format reports (a site archive that writes a run of equal cells once): Table 3
and Table 4 totals are read from the collapsed rows and the identities D1–D3 can be evaluated."""

from __future__ import annotations

from functools import cache

import pytest

from etl.parse import parse_bytes
from tests.conftest import PUTIAN, putian_rows

T3_TOTALS = (
    "t3.new_received.total",
    "t3.carried_in.total",
    "t3.total_processed.total",
    "t3.carried_out.total",
)
T4_TOTALS = ("t4.review.total", "t4.lit_direct.total", "t4.lit_after_review.total")


@cache
def _reports() -> dict:
    rows = [r for r in putian_rows() if r["format"] in ("2019", "2021")]
    return {r["file"]: parse_bytes((PUTIAN / "files" / r["file"]).read_bytes(), r["file"])[0] for r in rows}


def _d_evaluated(report) -> bool:
    """D1, D2 and D3 each evaluated, and none of them undecided (incomplete)."""
    checks = [c for c in report.checks if c.rule in ("D1", "D2", "D3")]
    return {c.rule for c in checks} == {"D1", "D2", "D3"} and all(c.status != "incomplete" for c in checks)


def test_putian_table_totals_and_identities(record_property):
    reports = _reports()
    assert len(reports) == 79
    t3 = [f for f, r in reports.items() if all(k in r.values for k in T3_TOTALS)]
    t4 = [f for f, r in reports.items() if all(k in r.values for k in T4_TOTALS)]
    evaluated = [f for f in t3 if _d_evaluated(reports[f])]
    failing = sorted(
        f
        for f, r in reports.items()
        if any(c.rule in ("D1", "D2", "D3") and c.status == "fail" for c in r.checks)
    )
    n = len(reports)
    record_property("putian_t3_totals_share", f"{len(t3)}/{n} = {len(t3) / n:.1%}")
    record_property("putian_t4_totals_share", f"{len(t4)}/{n} = {len(t4) / n:.1%}")
    record_property(
        "putian_d1_d3_evaluated_share", f"{len(evaluated)}/{len(t3)} of those with Table 3 totals"
    )
    record_property("putian_d1_d3_failing_reports", len(failing))
    misses = sorted((set(reports) - set(t3)) | (set(reports) - set(t4)))
    record_property("putian_table_total_misses", ", ".join(misses) or "none")
    for f in sorted(set(reports) - set(t3)):
        print("Table 3 totals missing:", f, [w for w in reports[f].warnings if w.startswith("表三")][:3])
    for f in sorted(set(reports) - set(t4)):
        print("Table 4 totals missing:", f, [w for w in reports[f].warnings if w.startswith("表四")][:2])
    for f in sorted(set(t3) - set(evaluated)):
        print("D1–D3 not evaluated:", f)
    assert len(t3) >= 0.95 * n and len(t4) >= 0.95 * n
    assert len(evaluated) == len(t3)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_putian_format_matches_the_index(fmt):
    index = {r["file"]: r["format"] for r in putian_rows()}
    assert all(r.format == fmt for f, r in _reports().items() if index[f] == fmt)
