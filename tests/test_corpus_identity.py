"""Identity of every real report in the corpus against its INDEX.csv (issue 4 "Must show").

Year right on ≥ 95%, agency exact on ≥ 90%, province and city right on ≥ 95%; every miss is printed
and the rates are recorded (conftest prints them in the terminal summary).
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from etl.agency_key import agency_key
from etl.model import as_spec_sector
from etl.parse import parse_bytes, timeliness_days
from tests.conftest import CORPUS_FILES, requires_corpus

pytestmark = requires_corpus

INDEX = CORPUS_FILES.parent / "INDEX.csv"
THRESHOLDS = {"year": 0.95, "agency": 0.90, "province": 0.95, "city": 0.95}
FIELDS = ("year", "agency", "province", "city", "county", "code", "level", "sector")


def _index_rows() -> list[dict[str, str]]:
    with open(INDEX, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _parsed_fields(report) -> dict[str, str | None]:
    r = report.region
    return {
        "year": str(report.year) if report.year is not None else None,
        "agency": report.agency,
        "province": r.province,
        "city": r.city,
        "county": r.county,
        "code": r.code,
        "level": report.level,
        "sector": as_spec_sector(report.sector),  # INDEX.csv uses the founding spec's list
    }


@pytest.fixture(scope="module")
def parsed() -> dict[str, list]:
    return {
        row["file"]: parse_bytes((CORPUS_FILES / row["file"]).read_bytes(), row["file"])
        for row in _index_rows()
    }


def test_corpus_identity_accuracy(parsed, record_property):
    rows = _index_rows()
    misses: dict[str, list[str]] = {f: [] for f in FIELDS}
    for row in rows:
        reports = parsed[row["file"]]
        assert len(reports) == 1, f"{row['file']}: {len(reports)} parts"
        got = _parsed_fields(reports[0])
        for field in FIELDS:
            want = row[field] or None
            if got[field] != want:
                misses[field].append(f"{row['file']}: {field} {got[field]!r} ≠ INDEX {want!r}")
    for field in FIELDS:
        rate = 1 - len(misses[field]) / len(rows)
        record_property(
            f"corpus_{field}_accuracy", f"{rate:.3f} ({len(rows) - len(misses[field])}/{len(rows)})"
        )
    for line in (m for field in FIELDS for m in misses[field]):
        print("MISS", line)
    for field, threshold in THRESHOLDS.items():
        rate = 1 - len(misses[field]) / len(rows)
        assert rate >= threshold, f"{field} accuracy {rate:.3f} < {threshold}: {misses[field]}"


def test_pingtan_is_one_agency_across_the_years(parsed):
    """Pingtan 2011 and 2018–2025 must draw one line on the dashboard: one agency key."""
    files = sorted(f for f in parsed if f.startswith("pingtan_"))
    assert len(files) == 9
    keys = {f: agency_key(r.agency, r.region.code) if r.agency else None for f in files for r in parsed[f]}
    assert set(keys.values()) == {"350128:人民政府"}, keys
    years = sorted(r.year for f in files for r in parsed[f])
    assert years == [2011, *range(2018, 2026)]


def test_hongze_years_share_one_name_and_key(parsed):
    (a,), (b,) = parsed["hongze_2023.pdf"], parsed["hongze_2024.pdf"]
    assert a.agency == b.agency == "淮安市洪泽区人民政府"  # 2023's title says only 洪泽区人民政府
    assert agency_key(a.agency, a.region.code) == agency_key(b.agency, b.region.code)


@pytest.mark.parametrize(
    ("file", "published", "days"),
    [
        # the page's 发布时间 is when the public got it; the 落款 二○一二年二月二十日 is earlier
        ("pingtan_2011.txt", date(2012, 4, 11), 11),
        ("pingtan_2018.txt", date(2019, 1, 10), -80),
        ("pingtan_2025.html", date(2026, 3, 10), -21),
        # a department under the 2019 条例: due 31 January
        ("shuyang_fgj_2023.html", date(2024, 1, 17), -14),
        ("shanghai_office_2019.js", date(2020, 1, 31), -60),
        # only the 落款 (in a bracket under the title and at the end)
        ("shuyang_2025_ocr.txt", date(2026, 1, 23), -67),
        # the PDFs state no date at all
        ("hongze_2023.pdf", None, None),
        ("huaian_2024.pdf", None, None),
    ],
)
def test_publication_date_and_timeliness(parsed, file, published, days):
    (report,) = parsed[file]
    assert report.published == (published.isoformat() if published else None)
    got = timeliness_days(published, report.year, report.sector) if published else None
    assert got == days


def test_corpus_publication_coverage(parsed, record_property):
    reports = [r for rs in parsed.values() for r in rs if r.doc_type == "annual_report"]
    dated = [r for r in reports if r.published]
    record_property("corpus_published_coverage", f"{len(dated)}/{len(reports)}")
    for r in dated:
        assert date.fromisoformat(r.published).year in (r.year + 1, r.year + 2)
