"""Corpus reports with hand-read gold: every gold table cell is extracted exactly, and the checks the
source breaks come out as fail/incomplete."""

from __future__ import annotations

import copy
import json
import re
from functools import cache

import pytest

from etl import paths
from etl.checks import run_checks
from etl.model import Span
from etl.read import read_document
from etl.tables import extract_tables
from etl.tables.resolve import settle_x6
from tests.conftest import requires_corpus, requires_gold

SHARED = paths.SHARED_DIR
CORPUS = SHARED / "corpus"
GOLD = (
    json.loads((CORPUS / "gold.json").read_text(encoding="utf-8")) if (CORPUS / "gold.json").exists() else {}
)
TABLES = ("t2", "t2_2019", "t3", "t4")

# Gold cells the gold authors settled by assuming an identity (本年增/减 = 0) or by plausibility: the
# digits ran together and neither the table, the narrative nor the adjacent year (X6) pins them, so the
# parser leaves them unset and warns. The test fails when one of them becomes set (update the list).
KNOWN_UNSET = {
    "pingtan_2019.txt": {
        "t2_2019.coercion.prev_items",
        "t2_2019.coercion.change",
        "t2_2019.coercion.decisions",
    },
    "pingtan_2020.txt": {
        "t2_2019.normative_docs.new_made",
        "t2_2019.normative_docs.new_published",
        "t2_2019.normative_docs.total_published",
        "t2_2019.coercion.prev_items",
    },
}


def _gold_value(v):
    if isinstance(v, str):  # raw cell kept in gold, e.g. '251000元'
        num = float(re.sub(r"[^\d.\-]", "", v))
        return int(num) if num.is_integer() and "." not in v else num
    return v


@cache
def _extract_alone(name: str):
    data = (CORPUS / "files" / name).read_bytes()
    doc = read_document(data, name)
    return doc, extract_tables(doc)


@cache
def _extract(name: str):
    """The report's tables as the build loads them: run-together rows left ambiguous in one report are
    settled against the same agency's adjacent years (X6), as `etl/store` does across reports."""
    doc, got = _extract_alone(name)
    got = copy.deepcopy(got)
    me = GOLD.get(name) or {}
    for other, meta in GOLD.items():
        if meta.get("agency") != me.get("agency") or not me.get("year") or not meta.get("year"):
            continue
        _, there = _extract_alone(other)
        if meta["year"] == me["year"] - 1:
            _, mine = settle_x6(there.values, there.ambiguous, got.values, got.ambiguous)
        elif meta["year"] == me["year"] + 1:
            mine, _ = settle_x6(got.values, got.ambiguous, there.values, there.ambiguous)
        else:
            continue
        for key, (value, start, end) in mine.items():
            got.values[key] = value
            got.evidence[key] = Span(start=start, end=end, text=doc.text[start:end], page=doc.page_of(start))
    return doc, got


def _table_gold(name: str) -> dict:
    return {k: _gold_value(v) for k, v in GOLD[name]["values"].items() if k.split(".")[0] in TABLES}


@requires_gold
@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_cells(name):
    gold = _table_gold(name)
    _, got = _extract(name)
    wrong, missing = [], []
    for key, want in gold.items():
        if key not in got.values:
            missing.append(key)
        elif got.values[key] != want or type(got.values[key]) is not type(want):
            wrong.append(f"{key}: gold {want!r} got {got.values[key]!r}")
    row = lambda k: k.rsplit(".", 1)[0]  # noqa: E731
    known = KNOWN_UNSET.get(name, set())
    unexplained = [k for k in missing if k not in known]
    stale = sorted(known - set(missing))
    for k in missing:  # every unset gold row is named in a warning
        assert any(row(k) in w for w in got.warnings), f"{k} unset without a warning"
    assert not wrong and not unexplained and not stale, "\n".join(
        wrong
        + [f"{k}: missing" for k in unexplained]
        + [f"{k}: now set, drop from KNOWN_UNSET" for k in stale]
    )
    if gold:
        assert got.format == GOLD[name]["format"]


@requires_gold
@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_checks(name):
    _, got = _extract(name)
    checks = run_checks(got.values, got.format)
    by_rule: dict[str, set[str]] = {}
    for c in checks:
        by_rule.setdefault(c.rule, set()).add(c.status)
    for rule in GOLD[name].get("expect_fail") or []:
        assert "fail" in by_rule.get(rule, set()), f"{rule} should fail: {by_rule}"
    for rule in GOLD[name].get("expect_incomplete") or []:
        assert "incomplete" in by_rule.get(rule, set()), f"{rule} should be incomplete: {by_rule}"
    expected_bad = set(GOLD[name].get("expect_fail") or [])
    unexpected = [
        c for c in checks if c.rule.startswith("D") and c.status == "fail" and c.rule not in expected_bad
    ]
    assert not unexpected, unexpected


@requires_gold
def test_gold_coverage_summary():
    """The share of gold table cells extracted exactly (guards against silent regressions)."""
    total = exact = 0
    for name in GOLD:
        gold = _table_gold(name)
        _, got = _extract(name)
        total += len(gold)
        exact += sum(1 for k, v in gold.items() if k in got.values and got.values[k] == v)
    assert total > 0 and exact / total >= 0.98, f"{exact}/{total}"


@requires_corpus
@pytest.mark.parametrize(
    "name", ["shanghai_kewei_2024.md", "shanghai_office_2025.md", "shuyang_2025_ocr.txt"]
)
def test_messy_conversions_degrade_honestly(name):
    """Broken Markdown/OCR tables: rows that do not fit are warned about, never guessed."""
    doc, got = _extract(name)
    assert got.warnings
    for span in got.evidence.values():
        assert doc.text[span.start : span.end] == span.text
    checks = run_checks(got.values, got.format)
    assert all(c.rule for c in checks)
