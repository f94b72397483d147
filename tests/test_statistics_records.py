"""Structured statistics (CSV with one row per agency-year): values, stated problems, features, and
the benchmark generator's statistics rendering read back through the real parser."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from etl.parse import parse_bytes
from etl.store.rows import feature_row

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import rawgen  # noqa: E402

HEADER = "agency,province,city,year,format,s.requests_received,s.granted,problems\n"


def sheet(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (
            "一是政府信息公开工作人员多为兼职，业务水平有待提高。二是部分栏目信息更新不够及时，内容不够丰富。",
            [
                ("政府信息公开工作人员多为兼职，业务水平有待提高", "staff_capacity"),
                ("部分栏目信息更新不够及时，内容不够丰富", "timeliness"),
            ],
        ),
        ("", []),
        ("无", []),
    ],
)
def test_problems_column_is_split_and_classified_with_spans(problems, expected):
    [report] = parse_bytes(sheet(f"莆田市水利局,福建省,莆田市,2015,pre2019,12,3,{problems}"), "s.csv")
    assert report.values == {"s.requests_received": 12, "s.granted": 3}
    got = [(p.text, p.categories) for p in report.problems]
    assert [t for t, _ in got] == [t for t, _ in expected]
    for (_, cats), (_, category) in zip(got, expected, strict=True):
        assert category in cats
    for p in report.problems:  # evidence: the statement's own stretch of the problems cell
        assert report.text[p.start : p.end] == p.text
        assert report.text.rfind("problems：", 0, p.start) >= 0


def test_statistics_features_compare_the_stated_problems_only():
    text = "一是政府信息公开工作人员多为兼职，业务水平有待提高。二是部分栏目信息更新不够及时，内容不够丰富。"
    a = parse_bytes(sheet(f"莆田市水利局,福建省,莆田市,2015,pre2019,12,3,{text}"), "a.csv")[0]
    b = parse_bytes(sheet(f"莆田市林业局,福建省,莆田市,2016,pre2019,99,7,{text}"), "b.csv")[0]
    fa, fb = feature_row(a), feature_row(b)
    assert fa[1] == [] and fa[3] is True and fa[4] == 2  # no sections; a problem statement section
    assert fa[6] == fb[6] and fa[6] is not None  # same problems, other numbers: same signature
    none = parse_bytes(sheet("莆田市水利局,福建省,莆田市,2015,pre2019,12,3,"), "c.csv")[0]
    assert feature_row(none)[3] is False and feature_row(none)[6] is None


def test_generated_statistics_read_back_as_their_truth(tmp_path):
    n = rawgen.write_statistics(tmp_path, 30, seed=3, rows_per_file=8)
    truths = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text("utf-8").splitlines()]
    assert n == len(truths) == 30
    files = sorted((tmp_path / "stats").rglob("*.csv"))
    by_file: dict[str, list] = {}
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
        assert len({len(r) for r in rows}) == 1 and len(rows) <= 9  # header + at most 8 rows
        rel = path.relative_to(tmp_path).as_posix()
        by_file[rel] = parse_bytes(path.read_bytes(), rel)
        assert len({r.format for r in by_file[rel]}) == 1  # one format a sheet: its own columns
    for t in truths:
        report = by_file[t["file"]][t["row"]]
        assert (report.agency, report.year, report.format) == (t["agency"], t["year"], t["format"])
        assert report.region.code == t["region"]["code"] and report.sector == t["sector"]
        assert {k: v for k, v in report.values.items() if v is not None} == {
            k: v for k, v in t["values"].items() if v is not None
        }
        assert report.problems  # every generated record states one to three problems
