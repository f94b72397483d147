"""Putian pre-2019 reports: summary values against values read by hand.

`data/putian_proactive_items.csv` holds the annual proactive-disclosure count (s.proactive_items) of 60
pre-2019 reports, read by hand before the extractor was changed: the figure the report gives for its
year in the prose or in its statistics appendix's year column, empty when it states none (only an
approximation such as 40余条). The 60 are the pre-2019 files with the lowest sha256("sample:" + name);
the held-out half (lowest sha256("split:" + name)) was not looked at while tuning. Where a report
contradicts itself the label is the figure its own itemisation supports (the note says so).
`data/putian_summary_keys.csv` holds other s.* values checked by hand on the same reports.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from pathlib import Path

import pytest

from etl.parse import parse_bytes
from tests.conftest import PUTIAN, putian_rows

DATA = Path(__file__).parent / "data"


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _held_out(files: list[str]) -> set[str]:
    return set(sorted(files, key=lambda f: _sha("split:" + f))[: len(files) // 2])


@cache
def _report(name: str):
    (report,) = parse_bytes((PUTIAN / "files" / name).read_bytes(), name)
    return report


def _flat(name: str) -> str:
    return re.sub(r"\s", "", (PUTIAN / "files" / name).read_text(encoding="utf-8"))


def test_labels_are_a_deterministic_sample_quoted_from_the_reports():
    rows = putian_rows()
    pre2019 = [r["file"] for r in rows if r["format"] == "pre2019"]
    labels = _csv("putian_proactive_items.csv")
    assert {r["file"] for r in labels} == set(sorted(pre2019, key=lambda f: _sha("sample:" + f))[:60])
    for row in labels + _csv("putian_summary_keys.csv"):
        assert row["evidence"] in _flat(row["file"]), row


@pytest.mark.parametrize("part", ["tuning", "held_out"])
def test_proactive_items_recall_and_precision(part, record_property):
    putian_rows()
    labels = _csv("putian_proactive_items.csv")
    held = _held_out([r["file"] for r in labels])
    rows = [r for r in labels if (r["file"] in held) == (part == "held_out")]
    stated = found = given = 0
    wrong = []
    for row in rows:
        report = _report(row["file"])
        value = report.values.get("s.proactive_items")
        expected = int(row["value"]) if row["value"] else None
        stated += expected is not None
        given += value is not None
        if value is not None and value == expected:
            found += 1
            span = report.evidence["s.proactive_items"]
            assert report.text[span.start : span.end] == span.text
            assert str(value) in re.sub(r"\s", "", span.text)
        elif value is not None:
            wrong.append(
                f"{row['file']}: {value} ({report.evidence['s.proactive_items'].text!r}), read {expected}"
            )
    record_property(f"putian_proactive_recall_{part}", f"{found / stated:.3f} ({found}/{stated})")
    record_property(f"putian_proactive_precision_{part}", f"{found / given:.3f} ({found}/{given})")
    assert not wrong
    assert found / stated >= 0.95


def test_other_summary_keys_checked_by_hand(record_property):
    putian_rows()
    rows = _csv("putian_summary_keys.csv")
    wrong = [
        f"{r['file']} {r['key']}: {_report(r['file']).values.get(r['key'])}, read {r['value']}"
        for r in rows
        if _report(r["file"]).values.get(r["key"]) != int(r["value"])
    ]
    record_property("putian_other_s_keys_correct", f"{len(rows) - len(wrong)}/{len(rows)}")
    assert not wrong


def test_an_appendix_total_contradicted_by_an_itemised_prose_total_is_not_taken():
    """pthyyyyj 2011: prose 293 (its breakdown adds up to 293), appendix 283 → the prose."""
    putian_rows()
    report = _report("pthyyyyj_201512_383398.txt")
    assert report.values["s.proactive_items"] == 293
    assert report.evidence["s.proactive_items"].origin == "prose"
    assert any("分项合计相符" in w for w in report.warnings)


def test_a_lone_year_end_column_the_prose_calls_cumulative_is_not_taken():
    """ptsmzj 2008: the appendix's only column (年末统计) holds 35, which the prose calls cumulative;
    the year's figure is the prose's 本年度新增…10条."""
    putian_rows()
    report = _report("ptsmzj_201001_1210704.txt")
    assert report.values["s.proactive_items"] == 10
    assert any("累计数" in w for w in report.warnings)
