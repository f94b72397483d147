"""Report quality at build time (issue 5): similarity to the agency's previous report (内容雷同),
completeness, consistency, blanks, specificity, timeliness and the composite score; incremental
recomputation; the dashboard mart written into the database file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.store.assertions import failing_assertions
from tests import generated as gen
from tests.conftest import CORPUS_FILES, SEEDS, skip_absent

PINGTAN = ("pingtan_2021.txt", "pingtan_2022.txt")
TEMPLATE_2021 = ("hongze_2023.pdf", "shuyang_fgj_2023.html", "shanghai_kewei_2024.md")


shift_years = gen.shift_years


def quality(db: Path) -> dict[str, dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(
            "select r.path, q.* from report_quality q join reports r using (report_id) order by r.path"
        )
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}
    finally:
        con.close()


@pytest.fixture
def inbox(tmp_path) -> Path:
    """Real reports: Pingtan's 2021 and 2022, three 2021-format reports of other agencies and seed 000
    (a pre-2019 report) — skipped without ../shared (the generated tests below need none)."""
    skip_absent("corpus", "seeds")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (*PINGTAN, *TEMPLATE_2021):
        shutil.copy(CORPUS_FILES / name, folder / name)
    shutil.copy(next(SEEDS.glob("000_*.txt")), folder / "baicheng_2012.txt")
    return folder


def test_republished_report_is_copied_and_other_agencies_are_not(inbox, tmp_path, record_property):
    """Must show: a report re-published with only the year changed scores ≥ 0.95 (内容雷同); two
    different agencies' reports on the same 2021 template score clearly lower."""
    text = (inbox / "pingtan_2022.txt").read_text(encoding="utf-8")
    (inbox / "pingtan_2023_copy.txt").write_text(shift_years(text), encoding="utf-8")
    db = tmp_path / "x.duckdb"
    assert build(inbox, db).exit_code == 0
    q = quality(db)
    copy = q["pingtan_2023_copy.txt"]
    assert copy["year"] == 2023 and copy["prev_year"] == 2022
    assert copy["similarity_prev_year"] >= 0.95
    assert copy["similarity_prev_year_problems"] >= 0.95
    assert copy["content_copied"] is True and copy["problems_copied"] is True
    assert copy["originality"] == pytest.approx(0.0, abs=0.1)
    # the genuine 2022 report against 2021: same agency, rewritten, not flagged
    real = q["pingtan_2022.txt"]
    assert real["prev_year"] == 2021 and real["similarity_prev_year"] < 0.85
    assert real["content_copied"] is False
    assert real["quality_score"] > copy["quality_score"]
    # the first report of an agency has nothing to compare with
    assert q["pingtan_2021.txt"]["similarity_prev_year"] is None
    assert q["pingtan_2021.txt"]["content_copied"] is None

    con = duckdb.connect(str(db), read_only=True)
    pairs = con.execute(
        """select a.path, b.path, minhash_similarity(fa.text_signature, fb.text_signature)
           from reports a join reports b on a.report_id < b.report_id and a.agency_id <> b.agency_id
           join report_features fa on fa.report_id = a.report_id
           join report_features fb on fb.report_id = b.report_id
           where a.format = '2021' and b.format = '2021'"""
    ).fetchall()
    con.close()
    assert len(pairs) >= 6
    worst = max(s for _, _, s in pairs)
    print(
        f"内容雷同: re-published {copy['similarity_prev_year']:.3f}; other agencies, same template ≤ {worst:.3f}"
    )
    record_property("similarity_republished", round(copy["similarity_prev_year"], 3))
    record_property("similarity_other_agency_max", round(worst, 3))
    assert worst <= 0.5


def test_quality_components(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    q = quality(db)
    assert len(q) == 6
    for path, row in q.items():
        assert 0 <= row["quality_score"] <= 100, path
        assert 0 <= row["completeness"] <= 1, path
        assert row["consistency"] is None or 0 <= row["consistency"] <= 1, path
    hongze = q["hongze_2023.pdf"]  # its Table 4 total does not add up (D4 fails)
    assert hongze["identities_checked"] > hongze["identities_ok"]
    assert hongze["consistency"] < 1
    assert hongze["tables_expected"] == 3 and hongze["tables_present"] == 3
    # a pre-2019 free-form report: no tables expected, topics instead of headings
    baicheng = q["baicheng_2012.txt"]
    assert baicheng["tables_expected"] == 0 and baicheng["consistency"] is None
    assert baicheng["has_problem_section"] and baicheng["problem_statements"] >= 4
    assert 0 < baicheng["problem_specificity"] <= 1
    # timeliness: days after the legal deadline, when the publication date is known
    assert q["pingtan_2022.txt"]["timeliness_days"] is not None
    assert q["pingtan_2022.txt"]["punctuality"] == 1.0  # published 2023-02-20, deadline 2023-03-31
    con = duckdb.connect(str(db), read_only=True)
    assert failing_assertions(con) == {}
    con.close()


def test_new_year_added_alone_is_compared_with_the_previous_year(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    text = (inbox / "pingtan_2022.txt").read_text(encoding="utf-8")
    (inbox / "pingtan_2023_copy.txt").write_text(shift_years(text), encoding="utf-8")
    result = build(inbox, db)
    assert (result.parsed, result.skipped) == (1, 6)  # only the new file was read
    copy = quality(db)["pingtan_2023_copy.txt"]
    assert copy["prev_year"] == 2022 and copy["similarity_prev_year"] >= 0.95


def test_changed_previous_report_recomputes_its_dependants(inbox, tmp_path):
    """The 2023 copy is flagged; then the 2022 file is replaced by a different text: the 2023
    report (not re-parsed) is compared with the new 2022 version and no longer flagged."""
    db = tmp_path / "x.duckdb"
    original = (inbox / "pingtan_2022.txt").read_text(encoding="utf-8")
    (inbox / "pingtan_2023_copy.txt").write_text(shift_years(original), encoding="utf-8")
    build(inbox, db)
    assert quality(db)["pingtan_2023_copy.txt"]["content_copied"] is True
    # the 2022 file now holds the 2021 report's text with its years moved on (a different report)
    rewritten = shift_years((inbox / "pingtan_2021.txt").read_text(encoding="utf-8"))
    (inbox / "pingtan_2022.txt").write_text(rewritten, encoding="utf-8")
    result = build(inbox, db)
    assert result.parsed == 1
    q = quality(db)
    assert q["pingtan_2022.txt"]["year"] == 2022
    after = q["pingtan_2023_copy.txt"]
    assert after["prev_year"] == 2022
    assert after["similarity_prev_year"] < 0.85 and after["content_copied"] is False
    # and the rewritten 2022 report is itself a copy of 2021
    assert q["pingtan_2022.txt"]["content_copied"] is True


def test_database_carries_the_dashboard_mart(inbox, tmp_path):
    """The dashboard opens the built file as it is: no mart is built on open."""
    from dashboard import db as dashdb
    from dashboard import queries
    from dashboard.filters import Filters

    path = tmp_path / "x.duckdb"
    build(inbox, path)
    t = time.perf_counter()
    con = dashdb.open_database(path)
    opened = time.perf_counter() - t
    try:
        with dashdb.cursor(con) as cur:
            reports = cur.execute(
                "select count(*), count(quality_score), count(*) filter (where content_copied) from dash_reports"
            ).fetchone()
            assert reports == (6, 6, 0)
            assert queries.quality_summary(cur, Filters())["compared"] == 1  # pingtan 2022 vs 2021
            assert not queries.quality_scores(cur, Filters()).empty
    finally:
        con.close()
    assert opened < 2.0


def test_derived_step_cost(tmp_path, record_property):
    """Report quality + mart on the build of a few reports (the national figure comes from the bench)."""
    from etl.store.writer import refresh_derived

    folder = gen.write_quality_inbox(tmp_path / "in")
    db = tmp_path / "x.duckdb"
    build(folder, db)
    con = duckdb.connect(str(db))
    timings = refresh_derived(con)
    con.close()
    assert set(timings) >= {"report_quality", "dash_reports", "dash_metrics"}
    record_property("derived_tables_seconds", round(sum(timings.values()), 3))


# ---- the same behaviour on generated reports (no ../shared needed) ---------------------------------


@pytest.fixture
def generated(tmp_path) -> Path:
    """汴河街道办事处 2021–2023 (2021 tables; 2023's Table 4 review total does not add up) and 沧州市统计局
    2018 (prose) and 2019, each with a paragraph of its own words (tests.generated.QUALITY)."""
    return gen.write_quality_inbox(tmp_path / "in")


def test_generated_republished_report_is_flagged(generated, tmp_path):
    text = (generated / "bianhe_2022.txt").read_text(encoding="utf-8")
    (generated / "bianhe_2023_copy.txt").write_text(shift_years(text), encoding="utf-8")
    db = tmp_path / "x.duckdb"
    assert build(generated, db).exit_code == 0
    q = quality(db)
    copy = q["bianhe_2023_copy.txt"]
    assert copy["year"] == 2023 and copy["prev_year"] == 2022
    assert copy["similarity_prev_year"] >= 0.95 and copy["content_copied"] is True
    assert copy["similarity_prev_year_problems"] >= 0.95 and copy["problems_copied"] is True
    assert copy["originality"] == pytest.approx(0.0, abs=0.1)
    # the agency's own 2022 report, in its own words: compared with 2021 and not flagged
    own = q["bianhe_2022.txt"]
    assert own["prev_year"] == 2021 and own["similarity_prev_year"] < 0.85
    assert own["content_copied"] is False
    assert own["quality_score"] > copy["quality_score"]
    assert q["bianhe_2021.txt"]["similarity_prev_year"] is None  # nothing earlier to compare with
    assert q["cangzhou_2018.txt"]["content_copied"] is None


def test_generated_quality_components(generated, tmp_path):
    db = tmp_path / "x.duckdb"
    build(generated, db)
    q = quality(db)
    assert set(q) == {*gen.QUALITY, gen.BROKEN_T4}
    for path, row in q.items():
        assert 0 <= row["quality_score"] <= 100, path
        assert 0 <= row["completeness"] <= 1, path
        # the generated tables fill every cell; a report without tables has no share
        assert row["blank_share"] == (None if row["tables_expected"] == 0 else 0), path
    # a 2021-format report with its six sections and three tables, every identity holding
    whole = q["bianhe_2022.txt"]
    assert (whole["sections_present"], whole["sections_expected"]) == (6, 6)
    assert (whole["tables_present"], whole["tables_expected"]) == (3, 3)
    assert whole["completeness"] == 1 and whole["consistency"] == 1
    assert whole["identities_checked"] == whole["identities_ok"] > 0
    # the Table 4 review total that does not add up (D4) lowers consistency and the score
    broken = q[gen.BROKEN_T4]
    assert broken["identities_checked"] == broken["identities_ok"] + 1
    assert broken["consistency"] < 1 and broken["quality_score"] < whole["quality_score"]
    # a pre-2019 prose report: no tables expected, topics instead of headings
    prose = q["cangzhou_2018.txt"]
    assert prose["tables_expected"] == 0 and prose["consistency"] is None
    assert prose["has_problem_section"] and prose["problem_statements"] >= 1
    # timeliness from the stated publication date (发布日期)
    for path in q:
        assert q[path]["timeliness_days"] is not None and 0 <= q[path]["punctuality"] <= 1, path
    con = duckdb.connect(str(db), read_only=True)
    assert failing_assertions(con) == {}
    con.close()


def test_generated_new_year_added_alone_is_compared_with_the_previous_year(generated, tmp_path):
    db = tmp_path / "x.duckdb"
    build(generated, db)
    text = (generated / "bianhe_2022.txt").read_text(encoding="utf-8")
    (generated / "bianhe_2024_copy.txt").write_text(shift_years(text, 2), encoding="utf-8")
    result = build(generated, db)
    assert (result.parsed, result.skipped) == (1, 5)  # only the new file was read
    copy = quality(db)["bianhe_2024_copy.txt"]
    assert copy["prev_year"] == 2023 and copy["similarity_prev_year"] < 0.85  # 2023 is its own text
    # a copy of the 2023 report one year on: compared with 2023 and flagged
    text = (generated / gen.BROKEN_T4).read_text(encoding="utf-8")
    (generated / "bianhe_2024_copy.txt").write_text(shift_years(text), encoding="utf-8")
    result = build(generated, db)
    assert (result.parsed, result.replaced) == (1, 1)
    copy = quality(db)["bianhe_2024_copy.txt"]
    assert copy["prev_year"] == 2023 and copy["similarity_prev_year"] >= 0.95 and copy["content_copied"]


def test_generated_changed_previous_report_recomputes_its_dependants(generated, tmp_path):
    """As test_changed_previous_report_recomputes_its_dependants: the 2023 copy of 2022 is flagged;
    2022 replaced by the 2021 text moved on a year: 2023 (not re-parsed) is no longer flagged, 2022 is."""
    db = tmp_path / "x.duckdb"
    original = (generated / "bianhe_2022.txt").read_text(encoding="utf-8")
    (generated / gen.BROKEN_T4).write_text(shift_years(original), encoding="utf-8")
    build(generated, db)
    assert quality(db)[gen.BROKEN_T4]["content_copied"] is True
    rewritten = shift_years((generated / "bianhe_2021.txt").read_text(encoding="utf-8"))
    (generated / "bianhe_2022.txt").write_text(rewritten, encoding="utf-8")
    result = build(generated, db)
    assert result.parsed == 1
    q = quality(db)
    assert q["bianhe_2022.txt"]["year"] == 2022 and q["bianhe_2022.txt"]["content_copied"] is True
    after = q[gen.BROKEN_T4]
    assert after["prev_year"] == 2022
    assert after["similarity_prev_year"] < 0.85 and after["content_copied"] is False


def test_generated_database_carries_the_dashboard_mart(generated, tmp_path):
    """The dashboard opens the built file as it is: no mart is built on open."""
    from dashboard import db as dashdb
    from dashboard import queries
    from dashboard.filters import Filters

    path = tmp_path / "x.duckdb"
    text = (generated / "bianhe_2022.txt").read_text(encoding="utf-8")
    (generated / "bianhe_2024_copy.txt").write_text(shift_years(text, 2), encoding="utf-8")
    build(generated, path)
    t = time.perf_counter()
    con = dashdb.open_database(path)
    opened = time.perf_counter() - t
    try:
        with dashdb.cursor(con) as cur:
            reports = cur.execute(
                "select count(*), count(quality_score), count(*) filter (where content_copied) from dash_reports"
            ).fetchone()
            assert reports == (6, 6, 0)
            # compared with a previous year: bianhe 2022, 2023, 2024 and cangzhou 2019
            assert queries.quality_summary(cur, Filters())["compared"] == 4
            assert not queries.quality_scores(cur, Filters()).empty
    finally:
        con.close()
    assert opened < 2.0


@pytest.mark.parametrize(
    "change, named",
    [
        ("drop table dash_reports", "dash_reports"),
        ("alter table dash_reports drop column map_city", "dash_reports.map_city"),
    ],
)
def test_outdated_database_is_refused_with_a_message(generated, tmp_path, change, named):
    from dashboard import db as dashdb

    path = tmp_path / "x.duckdb"
    build(generated, path)
    dashdb.open_database(path).close()
    con = duckdb.connect(str(path))
    con.execute(change)
    con.close()
    with pytest.raises(dashdb.OutdatedDatabase, match="xxgk build") as refused:
        dashdb.open_database(path)
    assert named in str(refused.value)
