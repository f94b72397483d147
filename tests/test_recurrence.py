"""Problem recurrence views (issue 5): category frequency by group and year, chronic problems (runs of
consecutive years), spread across provinces — on hand-made rows with known answers, and the
dashboard mart's runs agree with the view."""

from __future__ import annotations

import duckdb
import pytest

from etl.store.schema import build_derived_tables, create_schema

# (report, agency_id, province, city, level, sector, year, categories named in its problem statements)
REPORTS = [
    ("a18", "A", "吉林省", "白城市", "city", "education", 2018, [["training"], ["awareness"]]),
    ("a19", "A", "吉林省", "白城市", "city", "education", 2019, [["training", "platform"]]),
    ("a20", "A", "吉林省", "白城市", "city", "education", 2020, [["training"]]),
    ("a22", "A", "吉林省", "白城市", "city", "education", 2022, [["training"]]),  # after a gap
    ("b19", "B", "福建省", "福州市", "county", "government", 2019, [["training"], ["timeliness"]]),
    ("b20", "B", "福建省", "福州市", "county", "government", 2020, [["timeliness"]]),
    ("c19", "C", "福建省", "福州市", "county", "education", 2019, []),  # names nothing
    ("d19", "D", None, None, "central", "education", 2019, [["training"]]),  # central: no province
    ("x19", None, None, None, None, None, None, [["training"]]),  # unknown agency and year
]


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect(":memory:")
    create_schema(c)
    for rid, aid, prov, city, level, sector, year, statements in REPORTS:
        c.execute(
            "insert into reports (report_id, source_sha256, path, part, parts, agency, agency_id, province, city,"
            " level, sector, year, doc_type) values (?, 'sha', ?, 0, 1, ?, ?, ?, ?, ?, ?, ?, 'annual_report')",
            [rid, rid + ".txt", f"机构{aid}", aid, prov, city, level, sector, year],
        )
        for i, cats in enumerate(statements):
            c.execute(
                "insert into problems (report_id, kind, ordinal, text, categories) values (?, 'problem', ?, ?, ?)",
                [rid, i, "问题", cats],
            )
        c.execute(
            "insert into problems (report_id, kind, ordinal, text, categories) values (?, 'improvement', 0, ?, ?)",
            [rid, "下一步将加强培训", ["training"]],  # improvements never count
        )
    c.execute(
        "insert into agencies (agency_id, name) select distinct agency_id, agency from reports where agency_id is not null"
    )
    build_derived_tables(c)
    yield c
    c.close()


def rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def test_frequency_share_of_reports_naming_a_category(con):
    nationwide = dict(
        (cat, (naming, reports, share))
        for cat, naming, reports, share in rows(
            con,
            "select category, reports_naming, reports, share from problem_frequency "
            "where dimension = 'all' and year = 2019",
        )
    )
    # 2019: a19, b19, c19, d19 are the reports; a19, b19 and d19 name training (once each)
    assert nationwide["training"] == (3, 4, 0.75)
    assert nationwide["platform"] == (1, 4, 0.25)
    assert "awareness" not in nationwide
    by_province = rows(
        con,
        "select value, reports_naming, reports, share from problem_frequency "
        "where dimension = 'province' and year = 2019 and category = 'training' order by value",
    )
    assert by_province == [("吉林省", 1, 1, 1.0), ("福建省", 1, 2, 0.5)]
    city = rows(
        con,
        "select province, value, share from problem_frequency "
        "where dimension = 'city' and year = 2020 and category = 'timeliness'",
    )
    assert city == [("福建省", "福州市", 1.0)]
    levels = dict(
        rows(
            con,
            "select value, share from problem_frequency "
            "where dimension = 'level' and year = 2019 and category = 'training'",
        )
    )
    assert levels == {"city": 1.0, "county": 0.5, "central": 1.0}
    sectors = dict(
        rows(
            con,
            "select value, share from problem_frequency "
            "where dimension = 'sector' and year = 2019 and category = 'training'",
        )
    )
    assert sectors == {"education": pytest.approx(2 / 3), "government": 1.0}
    # unknown years have no place in a per-year table
    assert rows(con, "select count(*) from problem_frequency where year is null") == [(0,)]


def test_chronic_problems_are_runs_of_consecutive_years(con):
    runs = rows(
        con,
        "select agency_id, agency, category, first_year, last_year, run_length from problem_chronic "
        "order by agency_id, category, first_year",
    )
    assert runs == [
        ("A", "机构A", "training", 2018, 2020, 3),  # 2022 stands alone after the 2021 gap
        ("B", "机构B", "timeliness", 2019, 2020, 2),
    ]
    mart = rows(
        con, "select agency_id, category, first_year, last_year, run_length from dash_problem_runs order by 1"
    )
    assert mart == [(a, c, f, la, n) for a, _, c, f, la, n in runs]


def test_spread_counts_provinces_in_the_same_year(con):
    spread = {
        cat: (provinces, reporting, share, rank)
        for cat, provinces, reporting, share, rank in rows(
            con,
            "select category, provinces, provinces_reporting, province_share, spread_rank "
            "from problem_spread where year = 2019",
        )
    }
    # 2019: reports from 吉林 and 福建 (the central one has no province)
    assert spread["training"] == (2, 2, 1.0, 1)
    assert spread["platform"][:3] == (1, 2, 0.5)
    assert spread["timeliness"][:3] == (1, 2, 0.5)
    assert spread["training"][3] < spread["platform"][3]


def test_on_the_synthetic_database():
    """At scale the views answer and stay consistent with the raw rows."""
    import tempfile
    from pathlib import Path

    from bench.synth import make_synthetic_db

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.duckdb"
        make_synthetic_db(path, 400, seed=5)
        c = duckdb.connect(str(path), read_only=True)
        try:
            bad = rows(c, "select count(*) from problem_frequency where share <= 0 or share > 1")
            assert bad == [(0,)]
            assert rows(c, "select count(*) from problem_chronic where run_length < 2") == [(0,)]
            assert rows(c, "select count(*) from problem_chronic")[0][0] > 0
            assert rows(c, "select count(*) from problem_spread where provinces > provinces_reporting") == [
                (0,)
            ]
            # run length equals the number of years the agency names the category within the run
            mismatch = rows(
                c,
                """select count(*) from problem_chronic ch
                   where ch.run_length <> (
                       select count(distinct r.year) from problems p join reports r using (report_id)
                       where r.agency_id = ch.agency_id and p.kind = 'problem'
                         and list_contains(p.categories, ch.category)
                         and r.year between ch.first_year and ch.last_year)""",
            )
            assert mismatch == [(0,)]
        finally:
            c.close()
