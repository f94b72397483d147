"""Maps (dashboard/maps.py, dashboard/sql/region_map*.sql): the package's boundaries keyed by code,
values joined by code at province and city level, 样本不足 below the minimum sample, the figure
with its boundary note, and the same numbers as a direct computation on the databases."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from plotly.colors import hex_to_rgb, unlabel_rgb

from dashboard import db, maps
from dashboard.filters import Filters


def city_code(code: str) -> str:
    """The map's city code of a 6-digit region code, written out independently of the SQL."""
    if code[:2] in ("11", "12", "31", "50"):
        return code[:2] + "0000"
    if code[2:4] == "90":
        return code
    return code[:4] + "00"


@pytest.fixture(scope="module")
def cur(synth_db):
    con = db.open_database(synth_db)
    with db.cursor(con) as c:
        yield c
    con.close()


@pytest.fixture(scope="module")
def latest_year(direct) -> int:
    return direct.execute(
        "select max(year) from dash_metrics where metric = 'disclosure_rate' and denominator > 0"
    ).fetchone()[0]


def region_fills(fig) -> list:
    return [t for t in fig.data if t.fill == "toself"]


def darkness(color: str) -> float:
    r, g, b = unlabel_rgb(color) if color.startswith("rgb") else hex_to_rgb(color)
    return 765 - (r + g + b)


# ---- boundaries -----------------------------------------------------------------------------------


def test_province_boundaries_are_keyed_by_gbt2260_codes():
    provinces = maps.boundaries("province")
    codes = [r.code for r in provinces]
    assert len(codes) == len(set(codes)) == 34  # 31 + Taiwan, Hong Kong, Macau
    assert all(len(c) == 6 and c.endswith("0000") for c in codes)
    by_code = {r.code: r.name for r in provinces}
    assert by_code["110000"] == "北京市" and by_code["650000"] == "新疆维吾尔自治区"
    assert maps.province_code("吉林省") == "220000" and maps.province_name("220000") == "吉林省"
    # every outline is drawable: rings of numbers separated by gaps, a label point inside its bounds
    for r in provinces:
        assert len(r.xs) == len(r.ys) >= 5 and np.isnan(r.xs).any()  # a closed ring, then a gap
        x0, y0, x1, y1 = r.bounds
        assert x0 <= r.label_x <= x1 and y0 <= r.label_y <= y1
    # Albers, north up: 黑龙江 north of 海南, 上海 east of 新疆
    c = {r.code: r for r in provinces}
    assert c["230000"].label_y > c["460000"].label_y
    assert c["310000"].label_x > c["650000"].label_x


def test_city_boundaries_of_a_province_and_of_a_municipality():
    hebei = maps.map_regions("city", "130000")
    assert [r.code for r in hebei] == [f"13{i:02d}00" for i in range(1, 12)]  # 石家庄 … 衡水
    assert {r.name for r in hebei} >= {"石家庄市", "保定市", "衡水市"}
    # county-level cities directly under the province are regions of their own
    assert {"419001", "429004"} <= {r.code for r in maps.boundaries("city")}
    # a municipality is one region at city level, under its province code
    assert [r.code for r in maps.map_regions("city", "110000")] == ["110000"]
    assert len(maps.map_regions("province")) == 34


def test_warm_loads_the_boundaries_in_the_background():
    for fn in (maps.boundaries, maps.border_lines):
        fn.cache_clear()
    thread = maps.warm()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert maps.boundaries.cache_info().currsize == len(maps.LEVELS)
    assert maps.border_lines.cache_info().currsize == 1


def test_the_geometry_is_stored_for_the_next_process(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    loaders = (maps.boundaries, maps.border_lines, maps.inset, maps._stored)
    for fn in loaders:
        fn.cache_clear()
    maps.warm().join(timeout=120)
    assert maps.stored_path().is_file() and maps.stored_path().is_relative_to(tmp_path)
    computed = maps.boundaries("province")
    for fn in loaders:  # a new process: the geometry comes from the stored file, nothing is computed
        fn.cache_clear()

    def computing(level):
        raise AssertionError("the geometry was computed again")

    monkeypatch.setattr(maps, "_features", computing)
    stored = maps.boundaries("province")
    assert [r.code for r in stored] == [r.code for r in computed]
    assert all(np.array_equal(a.xs, b.xs, equal_nan=True) for a, b in zip(stored, computed, strict=True))
    assert maps.inset()[1] and len(maps.border_lines()[0])
    for fn in loaders:
        fn.cache_clear()


def test_short_names():
    assert maps.short_name("内蒙古自治区") == "内蒙古"
    assert maps.short_name("广西壮族自治区") == "广西"
    assert maps.short_name("香港特别行政区") == "香港"
    assert maps.short_name("北京市") == "北京"
    assert maps.short_name("延边朝鲜族自治州") == "延边朝鲜族自治州"


# ---- the join by code -----------------------------------------------------------------------------


def test_join_by_code_at_province_level():
    regions = maps.map_regions("province")
    values = pd.DataFrame(
        {
            "code": ["130000", "110000", "990000", None],
            "name": ["河北省", "北京市", "?", None],
            "reports": [40, 3, 5, 7],
            "value": [0.62, 0.40, 0.5, 0.1],
            "sample": [120.0, 4.0, 50.0, 30.0],
            "eligible": [True, False, True, True],
        }
    )
    j = maps.join_values(regions, values).set_index("code")
    assert len(j) == 34
    assert j.loc["130000", "status"] == "ok" and j.loc["130000", "value"] == pytest.approx(0.62)
    assert j.loc["130000", "name"] == "河北省"
    assert j.loc["110000", "status"] == "short" and pd.isna(j.loc["110000", "value"])
    assert j.loc["110000", "sample"] == 4
    assert (j.drop(index=["130000", "110000"]).status == "none").all()
    # the unknown code and the reports without a code are not on the map, and counted
    assert maps.unplaced(regions, values) == 12


def test_join_by_code_at_city_level():
    regions = maps.map_regions("city", "220000")
    values = pd.DataFrame(
        {
            "code": ["220100", "222400", "130100"],
            "value": [10.0, 3.0, 99.0],
            "sample": [5, 2, 9],
            "eligible": [True, True, True],
            "reports": [5, 2, 9],
        }
    )
    j = maps.join_values(regions, values).set_index("code")
    assert set(j.index) == {r.code for r in regions} and "130100" not in j.index
    assert j.loc["220100", "value"] == 10 and j.loc["222400", "name"] == "延边朝鲜族自治州"
    assert maps.unplaced(regions, values) == 9


def test_region_values_match_a_direct_computation(cur, direct, latest_year):
    rows = direct.execute(
        """select r.region_code, m.numerator, m.denominator from dash_metrics m join dash_reports r using (rix)
           where m.metric = 'disclosure_rate' and m.year = ? and not r.is_aggregate""",
        [latest_year],
    ).df()
    rows["code"] = rows.region_code.str[:2] + "0000"
    want = rows.groupby("code")[["numerator", "denominator"]].sum()
    got = maps.region_values(cur, Filters(), "disclosure_rate", latest_year, "province", 10).set_index("code")
    assert set(got.index) == set(want.index)
    for code, w in want.iterrows():
        g = got.loc[code]
        assert g["denominator"] == pytest.approx(w.denominator)
        if w.denominator:
            assert g["value"] == pytest.approx(w.numerator / w.denominator)
        assert bool(g["eligible"]) == (w.denominator >= 10)


def test_city_values_of_a_province_match_a_direct_computation(cur, direct, big_province, latest_year):
    rows = direct.execute(
        """select r.region_code, m.value from dash_metrics m join dash_reports r using (rix)
           where m.metric = 'requests_received' and m.year = ? and r.province = ? and not r.is_aggregate""",
        [latest_year, big_province],
    ).df()
    rows = rows[~rows.region_code.str.endswith("0000")]
    want = rows.assign(code=rows.region_code.map(city_code)).groupby("code").value.sum()
    m = maps.metric_map(cur, Filters(province=big_province), "requests_received", latest_year)
    assert m.level == "city" and m.province == maps.province_code(big_province)
    got = m.table.set_index("code")
    assert set(got.index) == {r.code for r in maps.map_regions("city", m.province)}
    for code, v in want.items():
        assert got.loc[code, "status"] == "ok" and got.loc[code, "value"] == pytest.approx(v)
    assert (got.drop(index=list(want.index)).status == "none").all()


def test_a_chosen_city_shows_its_province(cur, big_province, direct, latest_year):
    city = direct.execute(
        "select city from reports where province = ? and city is not null limit 1", [big_province]
    ).fetchone()[0]
    level, code, scope = maps.map_scope(Filters(province=big_province, city=city))
    assert (level, code, scope.province, scope.city) == (
        "city",
        maps.province_code(big_province),
        big_province,
        None,
    )
    assert maps.map_scope(Filters())[:2] == ("province", None)
    assert maps.map_scope(Filters(), "130000")[2].province == "河北省"


def test_codes_of_the_real_etl_join_the_boundaries(generated_db):
    """On a database the ETL built (real division names and codes): every report with a province has
    a code, and its province and city code are regions of the package."""
    con = duckdb.connect(str(generated_db), read_only=True)
    try:
        rows = con.execute(
            "select region_code, province, city from dash_reports where province is not null"
        ).fetchall()
        year, metric = con.execute(
            "select year, metric from dash_metrics where denominator > 0 group by all order by count(*) desc limit 1"
        ).fetchone()
    finally:
        con.close()
    assert rows
    provinces = {r.code for r in maps.boundaries("province")}
    cities = {r.code for r in maps.boundaries("city")}
    for code, _province, city in rows:
        assert code[:2] + "0000" in provinces
        if city and not code.endswith("0000"):
            assert city_code(code) in cities, (code, city)
    con = db.open_database(generated_db)
    try:
        with db.cursor(con) as c:
            m = maps.metric_map(c, Filters(), metric, int(year), min_sample=1)
    finally:
        con.close()
    assert m.unplaced == 0
    assert (m.table.status == "ok").sum() >= 1


# ---- 样本不足 --------------------------------------------------------------------------------------


def test_small_samples_are_short(cur, latest_year):
    some = maps.metric_map(cur, Filters(), "disclosure_rate", latest_year, min_sample=1).table
    base = some[some.status == "ok"]
    assert len(base) >= 3
    cut = float(base["sample"].median())
    m = maps.metric_map(cur, Filters(), "disclosure_rate", latest_year, min_sample=cut + 0.5)
    t = m.table.set_index("code")
    for code, row in base.set_index("code").iterrows():
        assert t.loc[code, "status"] == ("ok" if row["sample"] >= cut + 0.5 else "short")
    assert (t.status == "short").sum() >= 1
    fills = {tr.meta["region"]: tr for tr in region_fills(m.figure)}
    short = t[t.status == "short"].index
    assert all(fills[c].fillcolor == maps.SHORT_COLOR for c in short)
    assert all(maps.SHORT in fills[c].text for c in short)
    assert maps.SHORT in [tr.name for tr in m.figure.data if tr.showlegend]
    points = next(tr for tr in m.figure.data if tr.customdata is not None)
    assert {row[0] for row in points.customdata if row[2] == maps.SHORT} == set(short)


def test_counts_need_no_denominator(cur, latest_year):
    t = maps.metric_map(cur, Filters(), "requests_received", latest_year, min_sample=10**6).table
    assert (t.status == "ok").sum() >= 1 and (t.status == "short").sum() == 0


# ---- the figure -----------------------------------------------------------------------------------


def test_the_figure_draws_every_region_with_the_note(cur, latest_year):
    m = maps.metric_map(cur, Filters(), "disclosure_rate", latest_year, min_sample=1)
    fig = m.figure
    assert len(region_fills(fig)) == 34
    assert {tr.meta["region"] for tr in region_fills(fig)} == {r.code for r in maps.boundaries("province")}
    notes = [a.text for a in fig.layout.annotations]
    assert maps.BOUNDARY_NOTE in notes
    assert "实质公开率" in fig.layout.title.text and str(latest_year) in fig.layout.title.text
    # darker for higher values; no data pale and hatched
    ok = m.table[m.table.status == "ok"].sort_values("value")
    fills = {tr.meta["region"]: tr for tr in region_fills(fig)}
    lo, hi = fills[ok.code.iloc[0]].fillcolor, fills[ok.code.iloc[-1]].fillcolor
    assert darkness(hi) > darkness(lo)
    none = m.table[m.table.status == "none"].code
    assert all(fills[c].fillpattern.shape == "/" for c in none)
    # the clickable points carry the code first
    points = next(tr for tr in fig.data if tr.customdata is not None)
    assert len(points.customdata) == 34 and all(len(row[0]) == 6 for row in points.customdata)


def test_the_briefing_figure(cur, big_province):
    fig = maps.province_map_figure(cur, Filters(), "disclosure_rate")
    assert len(region_fills(fig)) == 34 and maps.BOUNDARY_NOTE in [a.text for a in fig.layout.annotations]
    fig = maps.province_map_figure(cur, Filters(province=big_province), "disclosure_rate")
    code = maps.province_code(big_province)
    assert (
        len(region_fills(fig)) == len(maps.map_regions("city", code))
        and big_province in fig.layout.title.text
    )


def test_selected_code_reads_the_click():
    event = {
        "selection": {"points": [{"curve_number": 36, "customdata": ["130000", "河北省", "55.0%", "12"]}]}
    }
    assert maps.selected_code(event) == "130000"
    assert maps.selected_code({"selection": {"points": [{"customdata": None}]}}) is None
    assert maps.selected_code({"selection": {"points": []}}) is None
    assert maps.selected_code(None) is None


# ---- problems -------------------------------------------------------------------------------------


def test_problem_map_share_and_count(cur, direct):
    category, n = direct.execute(
        "select category, count(*) from dash_problem_cats group by 1 order by 2 desc limit 1"
    ).fetchone()
    rows = direct.execute(
        """select left(r.region_code, 2) || '0000' as code, count(*) as reports,
                  count(*) filter (where exists (select 1 from dash_problem_cats c
                                                 where c.rix = r.rix and c.category = ?)) as naming
           from dash_reports r where r.year is not null and r.region_code is not null group by 1""",
        [category],
    ).df()
    share = maps.problem_map(cur, Filters(), category, "某类问题", "share", min_sample=5).table.set_index(
        "code"
    )
    count = maps.problem_map(cur, Filters(), category, "某类问题", "naming", min_sample=5).table.set_index(
        "code"
    )
    for row in rows.itertuples():
        if row.reports >= 5:
            assert share.loc[row.code, "value"] == pytest.approx(row.naming / row.reports)
            assert count.loc[row.code, "value"] == row.naming
        else:
            assert share.loc[row.code, "status"] == "short"
    assert count.value.sum() <= n
    with pytest.raises(ValueError):
        maps.problem_map(cur, Filters(), category, "x", "median")


def test_the_national_map_has_the_south_china_sea_inset(cur, latest_year):
    x0, y0, x1, y1 = maps.inset()[1]

    def inside(xs, ys):
        ok = ~np.isnan(xs)
        return (ok & (xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)).sum()

    hainan = {r.code: r for r in maps.boundaries("province")}["460000"]
    assert inside(hainan.xs, hainan.ys) > 0  # its islands and coast in the inset …
    assert not (x0 <= hainan.label_x <= x1 and y0 <= hainan.label_y <= y1)  # … its label on the mainland
    bx, by, _ = maps.border_lines()
    assert inside(bx, by) > 10  # the dashed line
    xinjiang = {r.code: r for r in maps.boundaries("province")}["650000"]
    assert inside(xinjiang.xs, xinjiang.ys) == 0
    fig = maps.metric_map(cur, Filters(), "disclosure_rate", latest_year).figure
    frame = fig.layout.shapes[0]
    assert (frame.x0, frame.y0, frame.x1, frame.y1) == pytest.approx((x0, y0, x1, y1))
    assert "南海诸岛" in [a.text for a in fig.layout.annotations]
    # a city map has no inset
    assert not maps.metric_map(
        cur, Filters(province="河北省"), "disclosure_rate", latest_year
    ).figure.layout.shapes


@pytest.mark.parametrize(
    "code, province, city",
    [
        ("130102", "130000", "130100"),  # a district: its prefecture
        ("130100", "130000", "130100"),  # a prefecture
        ("130000", "130000", None),  # a province's own code: not on its city map
        ("110105", "110000", "110000"),  # a municipality as a whole
        ("500235", "500000", "500000"),
        ("419001", "410000", "419001"),  # a county-level city directly under its province
        ("429004", "420000", "429004"),
        ("13010", None, None),  # not six digits
        ("1301020", None, None),
        ("013010", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_map_codes(code, province, city):
    """Where a report's region is drawn on the province and city maps (the mart's map_province and
    map_city, from the macros in etl/sql/macros.sql)."""
    from etl.store.schema import SQL_DIR

    con = duckdb.connect()
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    got = con.execute("select map_province_code($c), map_city_code($c)", {"c": code}).fetchone()
    assert got == (province, city)
