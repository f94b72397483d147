"""Each consistency rule with a passing, a failing and an incomplete case (blank = None)."""

from __future__ import annotations

import pytest

from etl.checks import cross_year_checks, run_checks
from tests.tablegen import dataset


def _status(checks, rule, scope):
    found = [c.status for c in checks if c.rule == rule and c.scope == scope]
    assert len(found) == 1, (rule, scope, checks)
    return found[0]


BASE = dataset("2021", 7)


def _with(**changes):
    v = dict(BASE)
    v.update({k.replace("__", "."): x for k, x in changes.items()})
    return v


def _bump(key, by=1, blank=None):
    v = dict(BASE)
    v[key] = v[key] + by
    for k in blank or []:
        v[k] = None
    return v


@pytest.mark.parametrize(
    ("values", "rule", "scope", "status"),
    [
        # D1: row total = sum of applicant columns
        (BASE, "D1", "granted", "ok"),
        (_bump("t3.granted.total", 1), "D1", "granted", "fail"),
        (_bump("t3.granted.total", 1, blank=["t3.granted.research"]), "D1", "granted", "incomplete"),
        (_bump("t3.granted.natural", 1, blank=["t3.granted.total"]), "D1", "granted", "incomplete"),
        (_bump("t3.granted.total", -1, blank=["t3.granted.research"]), "D1", "granted", "fail"),
        # D2: new + carried-in = processed + carried-out, per column
        (BASE, "D2", "natural", "ok"),
        (_bump("t3.carried_out.natural", 1), "D2", "natural", "fail"),
        (
            _bump("t3.new_received.natural", 0, blank=["t3.carried_in.natural", "t3.new_received.natural"]),
            "D2",
            "natural",
            "ok" if BASE["t3.new_received.natural"] + BASE["t3.carried_in.natural"] == 0 else "incomplete",
        ),
        # D3: processed total = sum of outcome rows
        (BASE, "D3", "total", "ok"),
        (_bump("t3.total_processed.total", 2), "D3", "total", "fail"),
        (_bump("t3.total_processed.total", 2, blank=["t3.other.other.total"]), "D3", "total", "incomplete"),
        # D4: review/litigation totals
        (BASE, "D4", "review", "ok"),
        (_with(t4__review__total=0), "D4", "review", "fail" if BASE["t4.review.total"] else "ok"),
        (_bump("t4.review.total", 3, blank=["t4.review.pending"]), "D4", "review", "incomplete"),
        # D5: carried-out ≤ new + carried-in
        (BASE, "D5", "total", "ok"),
        (_with(t3__carried_out__total=10**6), "D5", "total", "fail"),
        (_with(t3__carried_out__total=10**6, t3__carried_in__total=None), "D5", "total", "incomplete"),
        # D6: type rule
        (BASE, "D6", "t3", "ok"),
        (_with(t3__granted__natural=-1), "D6", "t3", "fail"),
        (_with(t4__review__other=1.5), "D6", "t4", "fail"),
    ],
)
def test_identities(values, rule, scope, status):
    assert _status(run_checks(values, "2021"), rule, scope) == status


def test_d1_incomplete_when_totals_blank_like_shanghai_2019():
    v = _with(t3__granted__total=None)
    assert _status(run_checks(v, "2019"), "D1", "granted") == (
        "ok" if BASE["t3.granted.total"] == 0 else "incomplete"
    )


def test_d3_uses_single_other_row_in_2019_tables():
    v = dataset("2019", 5)
    assert _status(run_checks(v, "2019"), "D3", "total") == "ok"
    v["t3.other.total"] += 1
    assert _status(run_checks(v, "2019"), "D3", "total") == "fail"


def test_d6_allows_negative_2019_change():
    v = dataset("2019", 5)
    v["t2_2019.licensing.change"] = -35
    assert _status(run_checks(v, "2019"), "D6", "t2") == "ok"


@pytest.mark.parametrize(
    ("extra", "rule", "scope", "status"),
    [
        (
            {"t2.normative_docs.made": 5, "t2.normative_docs.valid": 10, "t2.normative_docs.repealed": 0},
            "X3",
            "normative_docs",
            "ok",
        ),
        (
            {"t2.normative_docs.made": 50, "t2.normative_docs.valid": 10, "t2.normative_docs.repealed": 1},
            "X3",
            "normative_docs",
            "fail",
        ),
        ({"s.requests_received": "new"}, "X4", "requests_received", "ok"),
        ({"s.requests_received": "new+carried"}, "X4", "requests_received", "ok"),
        ({"s.requests_received": 10**6}, "X4", "requests_received", "fail"),
        ({"s.lawsuits": "lawsuits"}, "X4", "lawsuits", "ok"),
        ({"s.lawsuits": 10**6}, "X4", "lawsuits", "fail"),
        ({"s.fees_yuan": 0, "t3.other.no_fee_paid.total": 0}, "X5", "fees", "ok"),
        ({"s.fees_yuan": 3940, "t3.other.no_fee_paid.total": 2}, "X5", "fees", "ok"),
        ({"s.fees_yuan": 0, "t3.other.no_fee_paid.total": 2}, "X5", "fees", "fail"),
    ],
)
def test_soft_rules(extra, rule, scope, status):
    v = dict(BASE)
    resolved = {
        "new": v["t3.new_received.total"],
        "new+carried": v["t3.new_received.total"] + v["t3.carried_in.total"],
        "lawsuits": v["t4.lit_direct.total"] + v["t4.lit_after_review.total"],
    }
    v.update({k: resolved.get(x, x) if isinstance(x, str) else x for k, x in extra.items()})
    assert _status(run_checks(v, "2021"), rule, scope) == status


def test_soft_rules_need_their_inputs():
    v = {k: x for k, x in BASE.items() if k.startswith("t4.")}
    rules = {c.rule for c in run_checks(v, "2021")}
    assert rules == {"D4", "D6"}
    assert run_checks({}, None) == []


@pytest.mark.parametrize(
    ("prev", "cur", "rule", "scope", "status"),
    [
        ({"t3.carried_out.total": 5}, {"t3.carried_in.total": 5}, "X1", "total", "ok"),
        ({"t3.carried_out.total": 5}, {"t3.carried_in.total": 3}, "X1", "total", "fail"),
        (
            {"t2.normative_docs.valid": 100},
            {"t2.normative_docs.valid": 110, "t2.normative_docs.made": 15, "t2.normative_docs.repealed": 5},
            "X2",
            "normative_docs",
            "ok",
        ),
        (
            {"t2.normative_docs.valid": 100},
            {"t2.normative_docs.valid": 80, "t2.normative_docs.made": 15, "t2.normative_docs.repealed": 5},
            "X2",
            "normative_docs",
            "fail",
        ),
        (
            {"t2_2019.licensing.prev_items": 396, "t2_2019.licensing.change": 0},
            {"t2_2019.licensing.prev_items": 396},
            "X6",
            "licensing",
            "ok",
        ),
        (
            {"t2_2019.fees.prev_items": 35, "t2_2019.fees.change": -15},
            {"t2_2019.fees.prev_items": 35},
            "X6",
            "fees",
            "fail",
        ),
    ],
)
def test_cross_year(prev, cur, rule, scope, status):
    assert _status(cross_year_checks(prev, cur), rule, scope) == status


def test_cross_year_skips_blanks():
    assert cross_year_checks({"t3.carried_out.total": None}, {"t3.carried_in.total": 3}) == []
    assert (
        cross_year_checks(
            {"t2_2019.fees.prev_items": 35, "t2_2019.fees.change": None}, {"t2_2019.fees.prev_items": 35}
        )
        == []
    )


@pytest.mark.parametrize(
    ("row", "status"),
    [
        ({"prev_items": 1215, "change": -35, "decisions": 1180}, "fail"),  # the spec's mis-fill example
        ({"prev_items": 396, "change": 4, "decisions": 2278}, "ok"),
        ({"prev_items": 1215, "change": 0, "decisions": 1215}, None),  # change 0: cannot tell
        ({"prev_items": 1215, "change": None, "decisions": 1180}, None),  # blank: not evaluated
    ],
)
def test_a1_misfilled_decisions(row, status):
    values = {f"t2_2019.licensing.{k}": v for k, v in row.items()}
    got = [c.status for c in run_checks(values, "2019") if c.rule == "A1"]
    assert got == ([status] if status else [])
