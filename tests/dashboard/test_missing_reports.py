"""Who has not reported (issue 16): missing agency-years from the neighbouring years across renames and
from a user's roster, the roster's unmatched rows, and late reports by timeliness, on a database built
by the real build from generated report files with known names, years and publication dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from dashboard import db, queries
from dashboard.filters import Filters
from dashboard.roster import RosterError, parse_roster, parse_years
from tests.generated import item, render

# rawgen's seed-0 stream (text): 丽水市 renames 环境保护局 → 生态环境局 in 2019 (one agency); 吉林市's
# 文化广电新闻出版局 becomes 文化和旅游局 in 2019 (a merger in the curated lineage: two agencies, one
# lineage group). 丽水市's 2019 report (item 133) is left out: reported 2018 under the old name and 2020
# under the new one, so 2019 is missing. 吉林市 reports 2018–2020; 方山县人力资源和社会保障局 2019–2023,
# three of them late.
LISHUI = (132, 134, 135)  # 2018 丽水市环境保护局, 2020 and 2021 丽水市生态环境局
JILIN = (204, 205, 206)  # 2018 吉林市文化广电新闻出版局, 2019 and 2020 吉林市文化和旅游局
FANGSHAN = (295, 296, 297, 298, 299)
ITEMS = (*LISHUI, *JILIN, *FANGSHAN)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from etl.build import build

    folder = tmp_path_factory.mktemp("missing") / "in"
    folder.mkdir()
    for i in ITEMS:
        (folder / f"r{i}.txt").write_bytes(render(item(i)))
    path = folder.parent / "xxgk.duckdb"
    result = build(folder, path, None)
    assert result.failed == 0 and result.reports == len(ITEMS), result.errors
    return path


@pytest.fixture(scope="module")
def cur(built):
    con = db.open_database(built)
    with db.cursor(con) as c:
        yield c
    con.close()


def test_the_fixture_has_the_renames(cur):
    """The premise of the lineage tests: a rename is one agency across its names, the merger two
    agencies of one lineage group."""
    rows = cur.execute(
        """select a.lineage_group, list(distinct r.agency_id), list(distinct r.agency order by r.agency)
           from dash_reports r join dash_agencies a using (agency_id) group by 1"""
    ).fetchall()
    groups = {tuple(sorted(names)): len(ids) for _, ids, names in rows}
    assert groups == {
        tuple(sorted(("丽水市环境保护局", "丽水市生态环境局"))): 1,
        tuple(sorted(("吉林市文化广电新闻出版局", "吉林市文化和旅游局"))): 2,
        ("方山县人力资源和社会保障局",): 1,
    }


def test_a_year_between_two_reports_across_a_rename_is_missing(cur):
    mr = queries.missing_reports(cur, Filters())
    assert [(r.agency, r.year, r.basis, bool(r.adjacent)) for r in mr.itertuples()] == [
        ("丽水市生态环境局", 2019, "adjacent", True)
    ]
    assert mr.province.tolist() == ["浙江省"]
    # the filters choose the agencies, the year range the missing years
    assert queries.missing_reports(cur, Filters(province="吉林省")).empty
    assert queries.missing_reports(cur, Filters(year_from=2020, year_to=2021)).empty
    assert len(queries.missing_reports(cur, Filters(year_from=2019, year_to=2019))) == 1


def test_roster_lists_an_organ_without_its_report(cur):
    roster = parse_roster(
        "机构名称,年份,省\n吉林市文化和旅游局,2021,吉林\n丽水市 生态环境局,2021-2022,\n".encode()
    )
    assert roster.rows == 2 and not roster.errors
    mr = queries.missing_reports(cur, Filters(), roster=roster.entries)
    listed = {(r.agency, r.year): r for r in mr.itertuples()}
    # 吉林市文化和旅游局 has no 2021 report; 丽水市生态环境局 reported 2021 (not listed) but not 2022
    assert set(listed) == {
        ("吉林市文化和旅游局", 2021),
        ("丽水市生态环境局", 2022),
        ("丽水市生态环境局", 2019),
    }
    assert listed["吉林市文化和旅游局", 2021].basis == "roster"
    assert listed["吉林市文化和旅游局", 2021].roster_name == "吉林市文化和旅游局"
    assert listed["丽水市生态环境局", 2022].in_roster
    assert listed["丽水市生态环境局", 2019].basis == "adjacent"
    assert queries.missing_roster_unmatched(cur, Filters(), roster.entries).empty


def test_a_renamed_organ_is_not_missing_under_its_old_name(cur):
    """The roster names the organ as it was called before the rename; it reported under its new name."""
    roster = parse_roster(
        "机构名称,起始年份,结束年份\n吉林市文化广电新闻出版局,2018,2020\n丽水市环境保护局,2020,2021\n".encode()
    )
    assert len(roster.entries) == 5
    mr = queries.missing_reports(cur, Filters(), roster=roster.entries)
    assert not mr.in_roster.any()  # a rename (one agency) and a merger (its lineage group) reported
    assert "吉林市文化和旅游局" not in set(mr.agency)
    assert queries.missing_roster_unmatched(cur, Filters(), roster.entries).empty
    # one year later than its last report it is listed, under its current name
    later = parse_roster("机构名称,年份\n吉林市文化广电新闻出版局,2021\n".encode())
    mr = queries.missing_reports(cur, Filters(), roster=later.entries)
    assert [(r.agency, r.year, r.roster_name) for r in mr[mr.in_roster].itertuples()] == [
        ("吉林市文化和旅游局", 2021, "吉林市文化广电新闻出版局")
    ]


def test_roster_rows_that_match_nothing_are_reported(cur):
    roster = parse_roster(
        "机构名称,年份,市\n不存在的机构,2020,\n吉林市文化和旅游局,2021,长春市\n丽水市生态环境局,2022,丽水\n".encode()
    )
    um = queries.missing_roster_unmatched(cur, Filters(), roster.entries)
    assert [(r.line, r.name, r.status, list(r.years)) for r in um.itertuples()] == [
        (2, "不存在的机构", "unmatched", [2020]),
        (3, "吉林市文化和旅游局", "unmatched", [2021]),  # the city does not agree
    ]
    mr = queries.missing_reports(cur, Filters(), roster=roster.entries)
    assert {(r.agency, r.year) for r in mr[mr.in_roster].itertuples()} == {("丽水市生态环境局", 2022)}
    # with filters: lines of agencies outside them, or of years outside the range, are out of scope
    um = queries.missing_roster_unmatched(cur, Filters(province="吉林省"), roster.entries)
    assert dict(zip(um.line, um.status, strict=True)) == {2: "unmatched", 3: "unmatched", 4: "out_of_scope"}
    um = queries.missing_roster_unmatched(cur, Filters(year_from=2018, year_to=2021), roster.entries)
    assert dict(zip(um.line, um.status, strict=True)) == {2: "unmatched", 3: "unmatched", 4: "out_of_scope"}


def test_roster_input_is_data_not_sql(cur):
    hostile = "x'); drop table reports; --"
    roster = parse_roster(f'机构名称,年份\n"{hostile}",2020\n'.encode())
    um = queries.missing_roster_unmatched(cur, Filters(), roster.entries)
    assert um.name.tolist() == [hostile.replace(" ", "")]
    assert cur.execute("select count(*) from reports").fetchone()[0] == len(ITEMS)


def test_roster_parsing():
    assert parse_years("2019-2021") == [2019, 2020, 2021]
    assert parse_years("2019年至2021年") == [2019, 2020, 2021]
    assert parse_years("2018、2020") == [2018, 2020]
    assert parse_years("２０２２") == [2022]
    with pytest.raises(ValueError):
        parse_years("去年")
    r = parse_roster(
        "单位名称\t年度\t省份\n莆田市  教育局\t2020\t福建省\n\t2021\t\n莆田市卫健委\t明年\t\n".encode(
            "gb18030"
        )
    )
    assert r.entries == ((2, "莆田市教育局", 2020, "福建省", None),)
    assert r.rows == 3 and len(r.errors) == 2 and "第 3 行" in r.errors[0] and "第 4 行" in r.errors[1]
    with pytest.raises(RosterError, match="机构名称"):
        parse_roster("名字,年份\n甲,2020\n".encode())
    with pytest.raises(RosterError, match="年份"):
        parse_roster("机构名称\n甲\n".encode())


# ---- late reports ---------------------------------------------------------------------------------


def _expected_delays() -> dict[tuple[str, int], int]:
    """Days after the legal deadline of each report in the fixture, from the generator's dates."""
    out = {}
    for i in ITEMS:
        it = item(i)
        department = it.agency.sector != "government"
        deadline = dt.date(it.year + 1, 1 if it.year >= 2019 and department else 3, 31)
        out[it.name, it.year] = (dt.date.fromisoformat(it.published) - deadline).days
    return out


def test_late_reports_list_and_counts(cur):
    delays = _expected_delays()
    late = {k: d for k, d in delays.items() if d > 0}
    assert len(late) == 4, "the fixture has late reports"
    lr = queries.late_reports(cur, Filters())
    assert {(r.agency, r.year): r.timeliness_days for r in lr.itertuples()} == late
    for r in lr.itertuples():
        assert (r.published - r.deadline).days == r.timeliness_days
    assert lr.year.is_monotonic_decreasing
    longer = queries.late_reports(cur, Filters(), min_days=max(late.values()) - 1)
    assert len(longer) == Counter(late.values())[max(late.values())]

    by_year = queries.late_reports_by_year(cur, Filters())
    want = Counter(y for (_, y) in late)
    got = {int(r.year): (int(r.reports), int(r.dated), int(r.late)) for r in by_year.itertuples()}
    per_year = Counter(y for (_, y) in delays)
    assert got == {y: (n, n, want.get(y, 0)) for y, n in per_year.items()}
    for r in by_year.itertuples():
        year_late = sorted(d for (_, y), d in late.items() if y == r.year)
        if year_late:
            assert r.max_days_late == year_late[-1]
            assert r.late_share == pytest.approx(len(year_late) / r.dated)
    # the filters apply
    jl = queries.late_reports_by_year(cur, Filters(province="吉林省"))
    assert set(jl.year) == {2018, 2019, 2020}
