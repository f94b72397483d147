"""One vocabulary (`dashboard.labels`): what the ETL defines is read from the ETL, and every code the
ETL can write into the database has a Chinese label on the dashboard."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path
from typing import get_args

import pytest

from dashboard import labels as L
from etl import model
from etl.tables import labels as etl_tables

REPO = Path(__file__).resolve().parents[2]
ETL_DATA = REPO / "etl" / "data"
ETL_SQL = REPO / "etl" / "sql"


def _toml(name: str) -> dict:
    return tomllib.loads((ETL_DATA / name).read_text(encoding="utf-8"))


def _metrics() -> list[dict]:
    with open(ETL_DATA / "metrics.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---- read from the ETL ----------------------------------------------------------------------------


def test_problem_categories_are_the_taxonomys():
    taxonomy = {c["code"]: c["label"] for c in _toml("problem_taxonomy.toml")["category"]}
    assert taxonomy == L.CATEGORIES
    assert list(L.CATEGORIES) == list(taxonomy)


def test_summary_keys_and_metric_labels_are_metrics_csvs():
    rows = _metrics()
    assert L.metric_labels() == {m["metric"]: m["label"] for m in rows}
    summary = {f"s.{m['metric']}": m["label"] for m in rows if m["definition"] == f"s.{m['metric']}"}
    assert summary == L.SUMMARY_KEYS and len(summary) == 14


@pytest.mark.parametrize(
    ("labels", "codes"),
    [
        (L.LEVELS, get_args(model.Level)),
        (L.FORMATS, get_args(model.Format)),
        (L.CHECK_STATUS, get_args(model.Status)),
        (L.T3_COLS, etl_tables.T3_COLS),
        (L.T4_BLOCKS, etl_tables.T4_BLOCKS),
        (L.T4_RESULTS, etl_tables.T4_RESULTS),
    ],
)
def test_codes_come_from_the_etl_in_its_order_and_all_have_labels(labels, codes):
    assert tuple(labels) == tuple(codes)
    assert all(labels[c] != c for c in codes), [c for c in codes if labels[c] == c]


def test_table_3_rows_of_both_formats_in_template_order():
    rows = [r for fmt in ("2021", "2019") for r, _ in etl_tables.T3_ROWS[fmt]]
    assert set(L.T3_ROWS) == set(rows)
    assert all(L.T3_ROWS[r] != r for r in L.T3_ROWS)
    order = list(L.T3_ROWS)
    assert order.index("not_processed.confirm") < order.index("other") < order.index("other.no_correction")
    assert order[0] == "new_received" and order[-1] == "carried_out"


def test_quality_weights_and_threshold_are_the_sqls():
    text = (ETL_SQL / "derived" / "report_quality.sql").read_text(encoding="utf-8")
    assert len(L.QUALITY_WEIGHTS) == 6 and sum(L.QUALITY_WEIGHTS.values()) == 100
    assert set(L.QUALITY_WEIGHTS) <= set(L.QUALITY_COLUMNS)
    assert f">= {L.COPIED_THRESHOLD} as content_copied" in text
    for component, weight in L.QUALITY_WEIGHTS.items():
        assert f"{weight} * coalesce(" in text, component
    # the explanation shown on the pages states the same weights and threshold
    for name, w in (("完整性", "completeness"), ("一致性", "consistency"), ("原创性", "originality")):
        assert f"{name}（权重 {L.QUALITY_WEIGHTS[w]}）" in L.QUALITY_FORMULA
    assert f"≥ {L.COPIED_THRESHOLD}" in L.QUALITY_FORMULA


# ---- every code the ETL writes has a label --------------------------------------------------------


def test_every_sector_the_classifier_gives_has_a_label():
    sectors = {r["sector"] for r in _toml("sectors.toml")["rule"]} | {"government", "other"}
    assert sectors <= set(L.SECTORS), sorted(sectors - set(L.SECTORS))


def test_every_check_rule_has_a_description():
    """Rules are emitted in etl/checks.py and etl/store/ (cross-year rules, settled cells)."""
    sources = [
        REPO / "etl" / "checks.py",
        REPO / "etl" / "plausibility.py",
        *sorted((REPO / "etl" / "store").glob("*.py")),
    ]
    rules = set()
    for path in sources:
        rules |= set(re.findall(r"[\"']([DXAP]\d)[\"']", path.read_text(encoding="utf-8")))
    assert {"D1", "D6", "X1", "X6", "A1", "P1"} <= rules
    assert rules <= set(L.CHECK_RULES), sorted(rules - set(L.CHECK_RULES))


def test_every_lineage_kind_and_source_has_a_label():
    text = (REPO / "etl" / "store" / "lineage.py").read_text(encoding="utf-8")
    for kind in ("rename", "merger", "split"):
        assert f'"{kind}"' in text and kind in L.LINEAGE_KINDS
    for source in L.LINEAGE_SOURCES:
        assert f'"{source}"' in text, source


def test_the_dashboard_defines_no_etl_vocabulary_by_hand():
    """The labels module spells no problem category, metric label or summary key of its own."""
    source = (REPO / "dashboard" / "labels.py").read_text(encoding="utf-8")
    for label in L.CATEGORIES.values():
        assert label not in source, label
    for label in L.metric_labels().values():
        assert f'"{label}"' not in source, label
    assert not re.search(r'"s\.[a-z_]+"', source)
