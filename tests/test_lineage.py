"""One agency across renames (issue 11, part 4) and whole-jurisdiction reports kept out of organ sums
(part 3), on a build of the Putian corpus: 221 real reports of 10 city departments and the city
government, 2008–2025, in 12 site columns (the file-name prefix).

The build is made once per session (`putian_db`, shared with tests/dashboard/test_putian_pages.py)
and copied where a test builds again on top of it.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from dashboard import queries
from dashboard.filters import Filters
from etl.build import build
from etl.store.assertions import failing_assertions
from etl.store.lineage import is_abbreviation, read_curated, read_user_links, site_column
from tests import generated as gen
from tests.conftest import PUTIAN, putian_rows

# Site columns that hold one organ each, under one or more names (ptcg: 城市管理执法局 → 城市管理行政执法局
# → 城市管理局; yjglj: 安全生产监督管理局 → 应急管理局).
SINGLE_ORGAN_COLUMNS = (
    "ptcg",
    "yjglj",
    "pthyyyyj",
    "ptkjj",
    "ptsjj",
    "ptslyj",
    "ptsmzj",
    "ptsslj",
    "ptstjj",
    "ptstyj",
)
RENAMED = {"ptcg": 3, "yjglj": 2}  # names per renamed column (INDEX.csv)

_BUILT: dict[str, Path] = {}  # one Putian build per test session, whichever module asks first


def column(path: str) -> str:
    return Path(path).name.split("_", 1)[0]


@pytest.fixture(scope="session")
def putian_db(tmp_path_factory) -> Path:
    """The Putian corpus built into a fresh database (once per session)."""
    putian_rows()  # skips when the corpus is absent
    if "db" not in _BUILT:
        db = tmp_path_factory.mktemp("putian") / "putian.duckdb"
        result = build(PUTIAN / "files", db, jobs=min(4, os.cpu_count() or 1))
        assert result.failed == 0, result.errors
        _BUILT["db"] = db
    return _BUILT["db"]


@pytest.fixture(scope="module")
def con(putian_db):
    c = duckdb.connect(str(putian_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def dash(putian_db):
    """The dashboard's own connection to the Putian build (the file attached read-only as `src`)."""
    from dashboard import db

    c = db.open_database(putian_db)
    yield c
    c.close()


def by_column(con, sql: str) -> dict[str, list[tuple]]:
    """Rows of `sql` (first column: the report path) grouped by site column."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for path, *rest in con.execute(sql).fetchall():
        out[column(path)].append(tuple(rest))
    return out


# ---- pure helpers ---------------------------------------------------------------------------------


def test_site_column_is_the_path_up_to_the_date_folder():
    url = "https://www.putian.gov.cn/zfxxgk/bmzfxxgk/ptcg/zfxxgk/zfxxgknb/201604/t20160421_461715.htm"
    assert site_column(url) == "putian.gov.cn/zfxxgk/bmzfxxgk/ptcg/zfxxgk/zfxxgknb/"
    # the city's 2019 reports moved to another column; '2019n…' is not a date folder
    assert (
        site_column("https://www.putian.gov.cn/zfxxgk/zfxxgkndbg/2019nzfxxgkndbg/ptsrmzfbgs/202102/t1_1.htm")
        == "putian.gov.cn/zfxxgk/zfxxgkndbg/2019nzfxxgkndbg/ptsrmzfbgs/"
    )
    assert site_column("http://x.gov.cn/art/2020/1/5/art_1_2.html") == "x.gov.cn/art/"
    assert site_column("http://x.gov.cn/col/list.html") == "x.gov.cn/col/"
    assert site_column(None) is None and site_column("not a url") is None


def test_abbreviation_rule():
    assert is_abbreviation("安监局", "安全生产监督管理局")
    assert is_abbreviation("城市管理执法局", "城市管理行政执法局")
    assert not is_abbreviation("旅游局", "旅游发展委员会")  # a rename the curated table knows
    assert not is_abbreviation("人民政府", "人民政府办公室")  # the government and its office: two organs
    assert not is_abbreviation("局", "审计局")


def test_curated_table_is_well_formed():
    rules = read_curated()
    assert rules
    for r in rules:
        assert r.kind in ("rename", "merger", "split") and r.from_year <= r.to_year and r.note
        assert r.predecessor != r.successor
    pairs = {(r.predecessor, r.successor): r.kind for r in rules}
    assert pairs[("安全生产监督管理局", "应急管理局")] == "rename"
    assert pairs[("卫生和计划生育委员会", "卫生健康委员会")] == "rename"
    assert pairs[("城市管理行政执法局", "城市管理局")] == "rename"
    assert pairs[("文化广电新闻出版局", "文化和旅游局")] == "merger"
    assert pairs[("旅游局", "文化和旅游局")] == "merger"


def test_user_links_file_reports_bad_lines(tmp_path):
    path = tmp_path / "agency_links.csv"
    path.write_text(
        "action,predecessor,successor,year,kind,note\n"
        "link,甲局,乙局,2019,merger,好\n"
        "unlink,丙局,丁局,,,\n"
        "move,甲局,乙局,,,\n"
        "link,甲局,乙局,,fusion,\n"
        "link,甲局,,,,\n"
        "link,甲局,乙局,二〇一九,,\n",
        encoding="utf-8",
    )
    links, problems = read_user_links(path)
    assert [(u.action, u.predecessor, u.successor, u.kind, u.year) for u in links] == [
        ("link", "甲局", "乙局", "merger", 2019),
        ("unlink", "丙局", "丁局", "rename", None),
    ]
    assert len(problems) == 4 and all(p.startswith("第 ") for p in problems)


# ---- the Putian build -----------------------------------------------------------------------------


@pytest.mark.parametrize("col", SINGLE_ORGAN_COLUMNS)
def test_single_organ_column_is_one_agency(con, col, record_property):
    rows = by_column(con, "select path, organ_id, agency_id from reports")[col]
    assert rows, f"no reports of {col}"
    organs = {o for o, _ in rows}
    agencies = {a for _, a in rows}
    record_property(f"putian_{col}_organs", len(organs))
    record_property(f"putian_{col}_agencies", len(agencies))
    assert None not in agencies, f"{col}: reports without an agency"
    assert len(agencies) == 1, f"{col}: {sorted(agencies)}"


@pytest.mark.parametrize("col", sorted(RENAMED))
def test_renamed_organ_keeps_every_name_with_its_years(con, col):
    """agency_names holds each name of the renamed column with the years INDEX.csv gives it."""
    expected: dict[str, list[int]] = defaultdict(list)
    for row in putian_rows():
        if column(row["file"]) == col:
            expected[row["agency"]].append(int(row["year_covered"]))
    assert len(expected) == RENAMED[col]
    (aid,) = {a for (a,) in by_column(con, "select path, agency_id from reports")[col]}
    got = {
        name: (first, last)
        for name, first, last in con.execute(
            "select name, first_year, last_year from agency_names where agency_id = ?", [aid]
        ).fetchall()
    }
    assert got == {name: (min(ys), max(ys)) for name, ys in expected.items()}
    names = con.execute("select names from agencies where agency_id = ?", [aid]).fetchone()[0]
    assert names == sorted(expected, key=lambda n: min(expected[n]))  # oldest first
    # the organs are linked by renames, one after another
    kinds = con.execute(
        "select kind from agency_lineage where predecessor_agency_id = ? and successor_agency_id = ?",
        [aid, aid],
    ).fetchall()
    assert [k for (k,) in kinds] == ["rename"] * (RENAMED[col] - 1) or col == "yjglj"


def test_merger_column_is_a_lineage_of_three_organs(con, dash, record_property):
    """ptwgj: 文化广电新闻出版局 (2008–2018) and 旅游局 (2008–2017) / 旅游发展委员会 (2018) merged into
    文化和旅游局 (2019–): three agencies, the successor with two merger predecessors, one lineage group."""
    rows = by_column(con, "select path, agency, agency_id, year from reports")["ptwgj"]
    agencies: dict[str, set[str]] = defaultdict(set)
    for name, aid, _ in rows:
        agencies[aid].add(name)
    record_property("putian_ptwgj_agencies", len(agencies))
    assert len(agencies) == 3, dict(agencies)
    by_name = {name: aid for aid, names in agencies.items() for name in names}
    culture, tourism, successor = (
        by_name["莆田市文化广电新闻出版局"],
        by_name["莆田市旅游局"],
        by_name["莆田市文化和旅游局"],
    )
    assert by_name.get("莆田市旅游发展委员会", tourism) == tourism  # 旅游局 → 旅游发展委员会 is a rename
    links = con.execute(
        """select predecessor_agency_id, successor_agency_id, kind, year from agency_lineage
           where predecessor_agency_id <> successor_agency_id and successor_agency_id = ?""",
        [successor],
    ).fetchall()
    assert sorted(links) == sorted(
        [(culture, successor, "merger", 2019), (tourism, successor, "merger", 2019)]
    )
    groups = dict(
        con.execute(
            "select agency_id, lineage_group from agencies where agency_id in (?, ?, ?)",
            [culture, tourism, successor],
        ).fetchall()
    )
    assert set(groups.values()) == {successor}
    # the series following the lineage sums the predecessors' reports of each year
    from dashboard import db

    with db.cursor(dash) as cur:
        series = queries.lineage_series(cur, culture).set_index("year")
    organs_2015 = con.execute(
        """select count(*) from reports where agency_id in (?, ?) and year = 2015""", [culture, tourism]
    ).fetchone()[0]
    assert series.loc[2015, "reports"] == organs_2015 == 2
    assert series.index.max() >= 2019


def test_city_government_and_its_office_stay_apart(con):
    rows = by_column(con, "select path, agency_id, year from reports")["city"]
    in_2019 = {aid for aid, year in rows if year == 2019}
    assert len(in_2019) == 2


def test_column_checks_hold_on_the_putian_build(con):
    assert failing_assertions(con) == {}


def test_no_agency_reports_twice_in_a_year_unless_the_sources_do(con):
    """A rename never puts two organs' reports into one agency-year."""
    dup = con.execute(
        """select agency_id, year, count(distinct organ_id) from reports
           where agency_id is not null and year is not null group by all having count(distinct organ_id) > 1"""
    ).fetchall()
    assert dup == []


# ---- aggregates -----------------------------------------------------------------------------------


def test_city_wide_reports_are_aggregates(con):
    rows = by_column(con, "select path, year, scope from reports")["city"]
    assert {y: s for y, s in rows if y is not None and y <= 2018} == dict.fromkeys(
        range(2008, 2019), "aggregate"
    )
    assert [s for y, s in rows if y == 2019] == ["organ", "organ"]
    assert {
        s
        for col, rs in by_column(con, "select path, scope from reports").items()
        if col != "city"
        for (s,) in rs
    } == {"organ"}


def test_aggregates_never_add_into_organ_sums_or_rankings(dash):
    """Whatever the parser marks as an aggregate is kept out of the overview sums and the rankings, and
    shown beside the sum of its organs."""
    from dashboard import db

    with db.cursor(dash) as cur:
        years = [
            y
            for (y,) in cur.execute(
                "select distinct year from dash_reports where is_aggregate and year is not null order by 1"
            ).fetchall()
        ]
        assert years, "the city-wide reports are marked as aggregates (test_city_wide_reports_are_aggregates)"
        kpis = queries.yearly_kpis(cur, Filters()).set_index("year")
        for year in years:
            organ_sum = cur.execute(
                """select sum(m.requests_received) from dash_measures m join dash_reports r using (report_id)
                   where r.year = ? and not r.is_aggregate""",
                [year],
            ).fetchone()[0]
            got = kpis.loc[year, "requests_received"]
            assert (organ_sum is None and got != got) or got == pytest.approx(organ_sum)
            ranked = queries.ranking(cur, Filters(), "requests_received", year, "agency")
            aggregate_ids = {
                a
                for (a,) in cur.execute(
                    "select agency_id from dash_reports where is_aggregate and year = ?", [year]
                ).fetchall()
            }
            organ_ids = {
                a
                for (a,) in cur.execute(
                    "select agency_id from dash_reports where not is_aggregate and year = ?", [year]
                ).fetchall()
            }
            assert not (set(ranked.uid) & (aggregate_ids - organ_ids))
            region = queries.ranking(cur, Filters(), "requests_received", year, "region")
            assert region.value.sum() == pytest.approx(organ_sum or 0)
        table = queries.aggregate_vs_organs(cur, Filters())
        assert set(table.year) == set(years)
        row = table[(table.measure == "requests_received") & (table.year == years[-1])].iloc[0]
        reported = cur.execute(
            """select m.requests_received from dash_measures m join dash_reports r using (report_id)
               where r.rix = ?""",
            [int(row.rix)],
        ).fetchone()[0]
        assert row.reported == reported
        organ_sum = cur.execute(
            """select sum(m.requests_received), count(*) from dash_measures m join dash_reports r
               using (report_id) where r.year = ? and not r.is_aggregate and r.region_code like '3503%'""",
            [years[-1]],
        ).fetchone()
        assert (row.organs_total, row.organ_reports) == (organ_sum[0], organ_sum[1])


def _city_report_as_aggregate(data, path):
    """The parse with the scope forced, put in place of `etl.build.parse_bytes` (the build's forked
    workers inherit the replacement)."""
    from etl.parse import parse_bytes

    reports = parse_bytes(data, path)
    for r in reports:
        r.scope = "aggregate" if path.startswith("city_") else "organ"
    return reports


def test_forced_aggregate_is_left_out_of_sums(tmp_path, monkeypatch):
    """Parser-independent: the city's 2017 report made an aggregate by the parse; the departments'
    2017 reports are summed and ranked without it, and the overview table puts it beside their sum."""
    import etl.build as build_module
    from dashboard import db

    putian_rows()
    folder = tmp_path / "in"
    folder.mkdir()
    picked = ["city_202002_1448448.txt"]  # 莆田市2017年度政府信息公开工作年度报告
    for row in putian_rows():
        if row["year_covered"] == "2017" and column(row["file"]) in ("ptsjj", "ptstjj", "ptsslj", "ptkjj"):
            picked.append(row["file"])
    for name in picked:
        shutil.copy(PUTIAN / "files" / name, folder / name)
    monkeypatch.setattr(build_module, "parse_bytes", _city_report_as_aggregate)
    dbf = tmp_path / "x.duckdb"
    build(folder, dbf, jobs=1)
    c = db.open_database(dbf)
    try:
        with db.cursor(c) as cur:
            organ_sum, organ_n = cur.execute(
                """select sum(m.requests_received), count(*) from dash_measures m join dash_reports r
                   using (report_id) where not r.is_aggregate"""
            ).fetchone()
            assert organ_n == len(picked) - 1
            kpis = queries.yearly_kpis(cur, Filters()).set_index("year")
            assert kpis.loc[2017, "reports"] == len(picked)  # counted as a report …
            assert kpis.loc[2017, "aggregates"] == 1
            assert kpis.loc[2017, "requests_received"] == pytest.approx(organ_sum)  # … not as a sum
            ranked = queries.ranking(cur, Filters(), "requests_received", 2017, "agency")
            assert "350300:人民政府" not in set(ranked.uid) and len(ranked) == organ_n
            assert queries.aggregate_count(cur, Filters(), 2017) == 1
            vol = queries.request_volumes(cur, Filters()).set_index("year")
            assert vol.loc[2017, "requests_received"] == pytest.approx(organ_sum)
            table = queries.aggregate_vs_organs(cur, Filters())
            row = table[table.measure == "requests_received"].iloc[0]
            assert row.agency.startswith("莆田市") and row.year == 2017
            assert (row.organs_total, row.organ_reports) == (organ_sum, organ_n)
            # the compare page's regions sum organs only; an agency compared on its own keeps its numbers
            city = queries.compare_series(cur, Filters(), "requests_received", "city", ("莆田市",))
            assert city.value.iloc[0] == pytest.approx(organ_sum)
    finally:
        c.close()


# ---- the user's links file and rebuilds -----------------------------------------------------------


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    c = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "reports": c.execute("select report_id, organ_id, agency_id from reports order by 1").fetchall(),
            "names": c.execute("select * from agency_names order by all").fetchall(),
            "lineage": c.execute("select * from agency_lineage order by all").fetchall(),
            "agencies": c.execute(
                "select agency_id, name, names, lineage_group from agencies order by 1"
            ).fetchall(),
        }
    finally:
        c.close()


def test_user_links_add_and_undo_and_rebuilds_are_idempotent(putian_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(putian_db, db)
    before = _snapshot(putian_db)
    again = build(PUTIAN / "files", db)
    assert again.parsed == 0 and again.skipped == 221
    assert _snapshot(db) == before  # rebuilt from the stored rows: the same organs, agencies, lineage

    links = tmp_path / "links.csv"
    with open(links, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["action", "predecessor", "successor", "year", "kind", "note"])
        w.writerow(
            ["unlink", "莆田市城市管理执法局", "莆田市城市管理行政执法局", "", "", "测试：撤销一次更名"]
        )
        w.writerow(["link", "莆田市海洋与渔业局", "莆田市林业局", "2020", "merger", "测试：人为添加"])
        w.writerow(["link", "莆田市审计局", "", "", "", ""])  # a bad line: reported, the rest applies
    result = build(PUTIAN / "files", db, links=links)
    assert result.parsed == 0 and len(result.link_problems) == 1
    c = duckdb.connect(str(db), read_only=True)
    try:
        ptcg = by_column(c, "select path, agency, agency_id from reports")["ptcg"]
        agency_of = {name: aid for name, aid in ptcg}
        assert len(set(agency_of.values())) == 2
        assert agency_of["莆田市城市管理执法局"] != agency_of["莆田市城市管理行政执法局"]
        assert agency_of["莆田市城市管理行政执法局"] == agency_of["莆田市城市管理局"]
        added = c.execute(
            "select predecessor, successor, year, kind, source from agency_lineage where source = 'user'"
        ).fetchall()
        assert added == [("莆田市海洋与渔业局", "莆田市林业局", 2020, "merger", "user")]
        errors = c.execute("select stage, message from ingest_errors where stage = 'links'").fetchall()
        assert len(errors) == 1 and "第 4 行" in errors[0][1]
        info = dict(c.execute("select key, value from build_info").fetchall())
        assert "links.csv" in info["agency_lineage"]
        assert failing_assertions(c) == {}
    finally:
        c.close()
    # without the file the build goes back to the evidence alone
    build(PUTIAN / "files", db)
    assert _snapshot(db) == before


def test_links_file_in_the_input_folder_is_read_not_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("cangzhou_2018.txt", "cangzhou_2019.txt", "bianhe_2021.txt"):
        (folder / name).write_bytes(gen.render(gen.inbox_item(name)))
    (folder / "agency_links.csv").write_text(
        "action,predecessor,successor,year,kind,note\n", encoding="utf-8"
    )
    db = tmp_path / "x.duckdb"
    result = build(folder, db)
    assert result.files == 3 and result.failed == 0
    assert result.links == str(folder / "agency_links.csv")
    c = duckdb.connect(str(db), read_only=True)
    try:
        paths = {p for (p,) in c.execute("select path from sources").fetchall()}
        assert "agency_links.csv" not in paths
    finally:
        c.close()
