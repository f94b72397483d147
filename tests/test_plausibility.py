"""Plausibility (issue 15 item 1, rule P1): a value that cannot be a real figure is not loaded as a
fact; it becomes a P1 check row and a warning with its evidence, and the identities read it as blank."""

from __future__ import annotations

import math

import duckdb
import pytest

from etl import appendix, parse, prose
from etl.build import build
from etl.parse import parse_bytes
from etl.plausibility import Screen, bound_for, bounds, implausible, is_plausible
from etl.tables.labels import T4_KEYS, t2_keys, t3_keys
from tests import tablegen as tg
from tests.conftest import CORPUS_FILES, skip_absent


def canonical_keys() -> set[str]:
    keys = set(T4_KEYS) | {k for fmt in ("2019", "2021") for k in t2_keys(fmt) + t3_keys(fmt)}
    keys |= {key for key, _ in prose._PATTERNS} | set(appendix.ALIASES.values()) | set(parse._TABLE_SOURCES)
    return keys


def test_every_canonical_key_has_its_own_bound():
    assert bounds()[-1].pattern == "*"
    loose = sorted(k for k in canonical_keys() if bound_for(k).pattern == "*")
    assert loose == []


def test_bounds_leave_room_above_the_corpus_maxima():
    for b in bounds():
        if b.corpus_max is None:
            continue
        assert b.low <= b.corpus_max <= b.high, b.pattern
        assert b.high >= 10 * b.corpus_max, f"{b.pattern}: a ceiling, not a cut-off"
        assert b.why


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("t3.granted.natural", -11111, "负数"),
        ("t3.granted.natural", 2.5, "整数"),
        ("t3.granted.natural", 1e40, "上限"),
        ("t3.granted.natural", 10**40, "上限"),
        ("t3.granted.natural", 1_000_001, "上限"),
        ("t4.review.total", 100_001, "上限"),
        ("t2.punishment.decisions", 10**9, "上限"),
        ("t2.fees.amount_10k_yuan", -0.5, "负数"),
        ("t2_2019.licensing.change", 1.5, "整数"),
        ("s.requests_received", 99_999_999, "上限"),
        ("s.fees_yuan", math.inf, "有限"),
        ("t3.granted.total", math.nan, "有限"),
        ("t3.granted.total", "12", "不是数值"),
    ],
)
def test_implausible_values(key, value, reason):
    assert reason in implausible(key, value)
    assert not is_plausible(key, value)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("t3.granted.natural", None),  # a blank cell
        ("t3.granted.natural", 0),
        ("t3.new_received.total", 3119),  # 淮安 2024
        ("t3.new_received.total", 12.0),  # a whole number written as a float
        ("t2.fees.amount_10k_yuan", 5949.088667),  # 平潭 2023, six decimals
        ("t2.punishment.decisions", 3985758),  # 淮安 2024
        ("t2_2019.procurement.amount", 120190475.34),  # 莆田 2019, in 元
        ("t2_2019.licensing.change", -35),  # 本年增/减 may be negative
        ("s.fees_yuan", 3940.5),
        ("s.proactive_items", 38954),
    ],
)
def test_plausible_values(key, value):
    assert implausible(key, value) is None


def test_screen_records_what_it_drops():
    from etl.model import Span

    screen = Screen("…")
    values = {"t3.granted.natural": -11111, "t3.granted.total": 5, "s.reviews": 3}
    evidence = {"t3.granted.natural": Span(start=0, end=6, text="-11111")}
    kept = screen.values(values, evidence)
    assert kept == {"t3.granted.total": 5, "s.reviews": 3}
    (check,) = screen.checks()
    assert (check.rule, check.scope, check.status) == ("P1", "t3.granted.natural", "fail")
    assert "-11111" in check.detail and "负数" in check.detail and "原文" in check.detail
    (warning,) = screen.warnings()
    assert "t3.granted.natural" in warning and "“-11111”" in warning
    # the other rules see the dropped cell as a blank
    assert screen.for_checks(kept) == {**kept, "t3.granted.natural": None}


def test_candidate_splits_with_an_implausible_cell_are_dropped():
    cands = {
        "t2_2019.licensing": [
            {"prev_items": (396, 0, 3), "change": (0, 3, 4), "decisions": (181, 4, 7)},
            {"prev_items": (39601, 0, 5), "change": (-1.5, 5, 6), "decisions": (81, 6, 7)},
        ],
        "t2_2019.punishment": [
            {"prev_items": (10**12, 0, 13), "change": (0, 13, 14), "decisions": (1, 14, 15)}
        ],
    }
    kept = Screen().candidates(cands)
    assert kept == {"t2_2019.licensing": cands["t2_2019.licensing"][:1]}


def _html_with(**cells) -> tuple[bytes, dict]:
    v = tg.dataset("2021", 3)
    v.update({k.replace("__", "."): "@" + k for k in cells})
    html = tg.render_html(v, "2021")
    for k, text in cells.items():
        html = html.replace(f"@{k}".encode(), text.encode())
    return html, tg.dataset("2021", 3)


def test_implausible_table_cells_are_not_loaded_and_the_identities_read_them_as_blank():
    truth = tg.dataset("2021", 3)
    cell = next(
        k
        for k, x in truth.items()
        if k.startswith(("t3.granted.", "t3.partial.")) and x and not k.endswith(".total")
    )
    row = cell.split(".")[1]
    html, _ = _html_with(
        **{
            cell.replace(".", "__"): "-11111",
            "t4__review__maintained": "1" + "0" * 40,
            "t3__denied__third_party__social": "2.5",
        }
    )
    (report,) = parse_bytes(html, "absurd.html")
    rejected = {cell, "t4.review.maintained", "t3.denied.third_party.social"}
    assert not rejected & set(report.values)
    p1 = {c.scope: c for c in report.checks if c.rule == "P1"}
    assert set(p1) == rejected and all(c.status == "fail" for c in p1.values())
    assert "-11111" in p1[cell].detail
    assert sum("不可信数值未载入" in w for w in report.warnings) == 3
    # D1 on the row: the rest of the row and its total are real; the dropped cell is unknown
    d1 = next(c for c in report.checks if c.rule == "D1" and c.scope == row)
    assert d1.status == "incomplete" and "□" in d1.detail
    d4 = next(c for c in report.checks if c.rule == "D4" and c.scope == "review")
    assert d4.status in ("incomplete", "ok")
    # the cells that were plausible all loaded
    assert report.values["t3.new_received.total"] == truth["t3.new_received.total"]


def test_implausible_prose_numbers_are_not_loaded():
    text = (
        "莆田市统计局2017年政府信息公开工作年度报告\n一、概述\n"
        "全年收到政府信息公开申请99999999件，行政复议3件。\n"
    )
    (report,) = parse_bytes(text.encode(), "prose.txt")
    assert "s.requests_received" not in report.values and report.values.get("s.reviews") == 3
    (check,) = [c for c in report.checks if c.rule == "P1"]
    assert check.scope == "s.requests_received" and "99999999" in check.detail


def test_implausible_statistics_cells_are_not_loaded():
    sheet = (
        "agency,year,format,t3.granted.total,t3.new_received.total,t2.fees.amount_10k_yuan,s.fees_yuan\n"
        "莆田市统计局,2021,2021,-5,12,12.5,1e40\n"
    ).encode()
    (report,) = parse_bytes(sheet, "stats.csv")
    assert report.values["t2.fees.amount_10k_yuan"] == 12.5 and report.values["t3.new_received.total"] == 12
    assert "t3.granted.total" not in report.values
    scopes = {c.scope for c in report.checks if c.rule == "P1"}
    assert "t3.granted.total" in scopes
    assert any("t3.granted.total = -5" in w for w in report.warnings)


def test_a_build_loads_no_implausible_fact(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    html, truth = _html_with(t3__granted__natural="-11111", t4__review__total="99999999999")
    (folder / "absurd.html").write_bytes(html)
    db = tmp_path / "x.duckdb"
    assert build(folder, db).exit_code == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        facts = con.execute("select key, value from facts where not is_blank").fetchall()
        p1 = con.execute(
            "select scope, status, detail from checks where rule = 'P1' order by scope"
        ).fetchall()
        warnings = con.execute("select warnings from reports").fetchone()[0]
    finally:
        con.close()
    assert facts and all(is_plausible(k, v) for k, v in facts)
    assert [(s, st) for s, st, _ in p1] == [("t3.granted.natural", "fail"), ("t4.review.total", "fail")]
    assert sum("不可信数值未载入" in w for w in warnings) == 2


def test_no_value_of_the_real_reports_is_rejected():
    """The bounds come from the real corpus: none of its values is implausible."""
    skip_absent("corpus")
    for path in sorted(CORPUS_FILES.iterdir()):
        for report in parse_bytes(path.read_bytes(), path.name):
            assert [c.detail for c in report.checks if c.rule == "P1"] == [], path.name
