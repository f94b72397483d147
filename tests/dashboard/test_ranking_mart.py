"""The league table read from the mart's values per agency and year (`dash_agency_metrics`) equals a
direct computation from the report rows, also where an agency's year has several reports (in one part
or in two) and for a report without an agency."""

from __future__ import annotations

import math
import shutil

import duckdb
import pandas as pd
import pytest

from dashboard import queries
from dashboard.filters import Filters
from etl.store.schema import SQL_DIR


@pytest.fixture(scope="module")
def edited(synth_db, tmp_path_factory):
    """The synthetic database with an agency's year in two parts, another's two reports in one part and
    a report without an agency; the mart's table rebuilt from its file. Returns (path, notes)."""
    path = tmp_path_factory.mktemp("ranking_mart") / "edited.duckdb"
    shutil.copy(synth_db, path)
    con = duckdb.connect(str(path))
    organ = "select rix, agency_id, year, county from dash_reports where not is_aggregate and agency_id is not null"
    # two agencies reporting in the same year from different counties: the second's report joins the first
    a, b, year = con.execute(
        f"""select x.rix, y.rix, x.year from ({organ}) x join ({organ}) y
            on x.year = y.year and x.agency_id < y.agency_id and x.county is distinct from y.county
            order by x.year desc, x.rix limit 1"""
    ).fetchone()
    con.execute(
        """update dash_reports set agency_id = a.agency_id, agency = a.agency
           from (select agency_id, agency from dash_reports where rix = $a) a where rix = $b""",
        {"a": a, "b": b},
    )
    # another pair: the second report takes over all of the first's attributes (one part of two reports)
    c, d = con.execute(
        f"""select x.rix, y.rix from ({organ}) x join ({organ}) y
            on x.year = y.year and x.agency_id < y.agency_id and x.rix not in ($a, $b) and y.rix not in ($a, $b)
            order by x.year desc, x.rix desc limit 1""",
        {"a": a, "b": b},
    ).fetchone()
    con.execute(
        """update dash_reports set agency_id = c.agency_id, agency = c.agency, province = c.province,
               city = c.city, county = c.county, level = c.level, sector = c.sector
           from (select * from dash_reports where rix = $c) c where dash_reports.rix = $d""",
        {"c": c, "d": d},
    )
    # a report without an agency
    e = con.execute(
        f"select rix from ({organ}) where rix not in ($a, $b, $c, $d) and year = $y order by rix limit 1",
        {"a": a, "b": b, "c": c, "d": d, "y": year},
    ).fetchone()[0]
    con.execute("update dash_reports set agency_id = null where rix = $e", {"e": e})
    body = (SQL_DIR / "mart" / "dash_agency_metrics.sql").read_text(encoding="utf-8")
    con.execute(f"create or replace table dash_agency_metrics as\n{body}")
    parts = con.execute(
        "select count(*) filter (where not whole_year and aix is not null), count(*) filter (where aix is null) "
        "from dash_agency_metrics"
    ).fetchone()
    con.close()
    assert parts[0] > 0 and parts[1] > 0, parts  # the edits made parts and a row without an agency
    return path, {"year": year, "no_agency": e}


def _cursor(path) -> duckdb.DuckDBPyConnection:
    """The tables the ranking reads, attached read-only as `src` (as dashboard.db does)."""
    con = duckdb.connect(":memory:")
    con.execute("attach $p as src (read_only)", {"p": str(path)})
    con.execute("use src")
    return con


def reference(con, f: Filters, metric: str, year: int, unit: str, min_den: int) -> pd.DataFrame:
    """The league table's values computed from the report rows (dash_metrics × dash_reports) in pandas."""
    kind, higher = con.execute(
        "select kind, higher_is from metric_catalog where metric = ?", [metric]
    ).fetchone()
    is_rate, desc = kind == "rate", higher != "worse"
    rows = con.execute(
        """select r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.sector, m.year,
                  m.numerator, m.denominator, m.value
           from dash_metrics m join dash_reports r using (rix)
           where m.metric = ? and not r.is_aggregate and m.year between ? and ?""",
        [metric, year - 5, year],
    ).df()
    keep = pd.Series(True, index=rows.index)
    if f.province:
        keep &= rows.province == f.province
    if f.city:
        keep &= rows.city == f.city
    if f.levels:
        keep &= rows.level.isin(f.levels)
    if f.sectors:
        keep &= rows.sector.isin(f.sectors)
    if f.q:
        keep &= rows.agency.fillna("").str.contains(f.q, regex=False)
    rows = rows[keep].copy()
    if unit == "agency":
        rows = rows[rows.agency_id.notna()]
        rows["uid"] = rows.agency_id
    else:
        rows["uid"] = rows[queries.ranking_unit_column(f)[0]].fillna("（本级）")
    g = rows.groupby(["uid", "year"]).agg(
        numerator=("numerator", lambda s: s.sum(min_count=1)),
        denominator=("denominator", lambda s: s.sum(min_count=1)),
        total=("value", lambda s: s.sum(min_count=1)),
    )
    if is_rate:
        g["value"] = g.numerator / g.denominator.where(g.denominator != 0)
        g["eligible"] = g.denominator.fillna(0) >= min_den
    else:
        g["value"] = g.total
        g["eligible"] = g.value.notna()
    g = g.reset_index()
    g["rank"] = g[g.eligible].groupby("year").value.rank(method="min", ascending=not desc)
    spark = g.sort_values("year").groupby("uid").value.agg(list)
    now = g[g.year == year].set_index("uid")
    prev = g[g.year == year - 1].set_index("uid")["rank"]
    now["prev_rank"] = prev.reindex(now.index)
    now["spark"] = spark.reindex(now.index)
    return now


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    missing = [x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) for x in (a, b)]
    return all(missing) if any(missing) else a == pytest.approx(b)


@pytest.mark.parametrize("metric", ["disclosure_rate", "requests_received"])
@pytest.mark.parametrize("unit", ["agency", "region"])
@pytest.mark.parametrize("scope", ["nation", "province", "city", "levels", "q"])
def test_ranking_equals_a_direct_computation(edited, big_province, metric, unit, scope):
    path, notes = edited
    with _cursor(path) as cur:
        city = cur.execute(
            "select city from dash_reports where province = ? and city is not null group by 1 order by count(*) desc",
            [big_province],
        ).fetchone()[0]
        f = {
            "nation": Filters(),
            "province": Filters(province=big_province),
            "city": Filters(province=big_province, city=city),
            "levels": Filters(levels=("county", "city")),
            "q": Filters(q="局"),
        }[scope]
        year = notes["year"]
        got = queries.ranking(cur, f, metric, year, unit, 3).set_index("uid")
        want = reference(cur, f, metric, year, unit, 3)
    assert len(want) and sorted(got.index) == sorted(want.index)
    for uid, row in want.iterrows():
        mine = got.loc[uid]
        for col in ("value", "numerator", "denominator", "eligible", "rank", "prev_rank", "spark"):
            assert _same(mine[col], row[col]), (uid, col, mine[col], row[col])


def test_a_report_without_an_agency_is_not_ranked_as_one(edited):
    """It used to be ranked as an agency without a name (every such report of the year pooled)."""
    path, notes = edited
    with _cursor(path) as cur:
        metric = cur.execute(
            "select metric from dash_metrics where rix = ? and numerator is not null limit 1",
            [notes["no_agency"]],
        ).fetchone()[0]
        ranked = queries.ranking(cur, Filters(), metric, notes["year"], "agency", 1)
        regions = queries.ranking(cur, Filters(), metric, notes["year"], "region", 1)
    assert len(ranked) and ranked.uid.notna().all() and ranked.name.notna().all()
    assert len(regions)
