"""The JSON contract of `xxgk parse --json` (docs/spec/keys.md) on the founding documents (issue:
foundation; skipped without ../shared/seeds) and on generated reports of every rendering."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SEEDS, requires_seeds, skip_absent

CONTRACT_KEYS = {
    "source",
    "agency",
    "region",
    "level",
    "sector",
    "year",
    "format",
    "values",
    "evidence",
    "problems",
    "checks",
    "warnings",
    "error",
}


def parse_json(*paths, expect_exit: int = 0) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "etl.cli", "parse", "--json", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == expect_exit, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[dict]]:
    skip_absent("seeds")
    files = sorted(SEEDS.glob("*.txt"))
    records = parse_json(*files)
    by_file: dict[str, list[dict]] = {}
    for record in records:
        by_file.setdefault(record["source"]["path"].rsplit("/", 1)[-1][:3], []).append(record)
    return by_file


def _has_the_contract_keys(record: dict) -> None:
    assert record.keys() >= CONTRACT_KEYS
    assert {"path", "sha256", "part", "parts"} <= record["source"].keys()
    assert {"province", "city", "county", "code"} <= record["region"].keys()
    assert record["error"] is None
    for key in record["values"]:
        assert key in record["evidence"], f"{key} has no evidence"


def test_every_record_has_the_contract_keys(seeds):
    assert len(seeds) == 5
    for records in seeds.values():
        for record in records:
            _has_the_contract_keys(record)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[list[dict], list[dict]]:
    """(truth, records) of generated reports in every rendering (txt, HTML, JS, DOCX, PDF)."""
    from bench import rawgen

    folder = tmp_path_factory.mktemp("generated")
    truths = rawgen.write(folder, 10, seed=3, renderings=rawgen.RENDERINGS)
    return truths, parse_json(*(folder / t["file"] for t in truths))


def test_generated_records_have_the_contract_keys_and_the_values(generated):
    truths, records = generated
    assert len(records) == len(truths) == 10
    for truth, record in zip(truths, records, strict=True):
        assert record["source"]["path"].endswith(truth["file"].rsplit("/", 1)[-1])
        _has_the_contract_keys(record)
        assert (record["agency"], record["year"], record["format"]) == (
            truth["agency"],
            truth["year"],
            truth["format"],
        )
        assert record["region"]["code"] == truth["region"]["code"]
        for key, value in truth["values"].items():
            assert record["values"][key] == value, (truth["file"], key)
        assert all(c["status"] == "ok" for c in record["checks"]), truth["file"]


@pytest.mark.parametrize(
    ("seed", "agency", "region", "year", "fmt"),
    [
        ("000", "白城市教育局", ("吉林省", "白城市", None, "220800"), 2012, "pre2019"),
        ("002", "益阳市教育局", ("湖南省", "益阳市", None, "430900"), 2020, "2019"),
        ("004", "明溪县教育局", ("福建省", "三明市", "明溪县", "350421"), 2014, "pre2019"),
    ],
)
def test_single_report_identity(seeds, seed, agency, region, year, fmt):
    (record,) = seeds[seed]
    r = record["region"]
    assert record["agency"] == agency
    assert (r["province"], r["city"], r["county"], r["code"]) == region
    assert record["year"] == year
    assert record["format"] == fmt
    assert record["sector"] == "education"


def test_yiyang_2020_tables_missing_is_warned_and_nothing_invented(seeds):
    (record,) = seeds["002"]
    assert not [k for k in record["values"] if k.startswith(("t2", "t3", "t4"))]
    assert any("表格" in w for w in record["warnings"])
    assert record["values"]["s.requests_received"] == 1
    assert "申请1项" in record["evidence"]["s.requests_received"]["text"]


def test_mingxi_2014_zero_requests_with_evidence(seeds):
    (record,) = seeds["004"]
    assert record["values"]["s.requests_received"] == 0
    assert "未接到依申请公开政府信息事项" in record["evidence"]["s.requests_received"]["text"]


def test_shucheng_news_article_is_kept_and_flagged(seeds):
    (record,) = seeds["003"]
    assert record["agency"] == "舒城县教育局"
    assert record["region"]["code"] == "341523"
    assert any("非年度报告" in w for w in record["warnings"])


# 001's parts, in order: the agency where the part names itself (else None).
COMPILATION_AGENCIES = [
    None,  # title + a 站 that never names itself
    "霍邱县人民政府",  # 我县 … 霍邱县 named twice: the county speaks through its government
    None,  # 我校
    None,  # 我委; 黄山市经信委 named once only
    "达州市教育局",  # 我局 … 市教育局 ×5, 达州教育网 / 《达州教育》
    None,  # 县审计局, county never named
    None,  # 我局; 金华市财政地税局 named once only
    None,  # 我镇
    "常德市电子政务办",  # 市电子政务办 ×3 and 常德市电子政务办 once
    "雨山区教育局",
    None,  # 我办 (侨办), city never named
    None,  # 市社科联, city never named
    None,  # xx镇
    None,  # xx中学
]


def test_compilation_splits_into_parts_named_where_they_name_themselves(seeds):
    records = seeds["001"]
    assert len(records) == 14  # the title says 通用14篇
    assert [r["source"]["part"] for r in records] == list(range(14))
    assert all(r["source"]["parts"] == 14 for r in records)
    assert [r["agency"] for r in records] == COMPILATION_AGENCIES
    for record in records:
        if record["agency"] is None:  # nothing guessed for an unnamed part
            assert record["region"]["code"] is None and record["level"] is None
    assert [r["region"]["code"] for r in records if r["agency"]] == ["341522", "511700", "430700", "340504"]
    assert records[4]["sector"] == records[9]["sector"] == "education"


@requires_seeds
def test_compilation_part_boundaries():
    """A list after a caption ('下一步工作打算:' then 一、…) stays with its part; the next part starts
    at its own 一、总体情况."""
    from etl.split import split_parts

    text = (SEEDS / "001_391da73ada556ced.txt").read_text(encoding="utf-8")
    parts = [text[a:b] for a, b in split_parts(text)]
    assert parts[6].rstrip().endswith("编制更加科学规范的公开目录。")
    assert "下一步工作打算:\n一、进一步组织学习" in parts[6]
    assert parts[7].startswith("一、总体情况\nx年,我镇政务公开工作")
    assert parts[4].startswith("20xx年,我局在市委、市政府的领导下")
    assert "".join(parts) == text


@requires_seeds
def test_evidence_spans_point_into_the_text():
    from etl.parse import parse_bytes

    data = (SEEDS / "004_6c5ff85b4b55fa4f.txt").read_bytes()
    (report,) = parse_bytes(data, "004.txt")
    assert report.evidence
    for key, span in report.evidence.items():
        assert report.text[span.start : span.end] == span.text, key


@pytest.mark.parametrize("rendering", ["txt", "html", "js", "docx", "pdf"])
def test_generated_evidence_spans_point_into_the_text(rendering):
    from etl.parse import parse_bytes
    from tests import generated as gen

    for index in (0, 1, 8):  # prose, 2019 tables, 2021 tables
        it = gen.item(index, rendering=rendering)
        (report,) = parse_bytes(gen.render(it), f"r.{rendering}")
        assert len(report.evidence) >= len(it.values) > 0
        for key, span in report.evidence.items():
            assert report.text[span.start : span.end] == span.text, (index, key)


def test_unreadable_file_yields_one_record_with_error(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"this is not a word file")
    (record,) = parse_json(bad, expect_exit=1)
    assert record["error"]
    assert record.keys() >= CONTRACT_KEYS
