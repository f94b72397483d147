"""Every SQL statement the dashboard runs.

Each public function takes a DuckDB cursor first (from `dashboard.db`), then plain, hashable
arguments (a `Filters`, strings, ints), and returns a small, already aggregated pandas DataFrame or a
dict. User input only ever reaches DuckDB as bound parameters. No Streamlit here, so the benchmark
and tests call the same functions the pages do.

The database file is attached read-only as `src` (the cursors' default catalog). Besides the loaded
tables it holds the dashboard's mart, materialised by `xxgk build` from `etl/sql/mart/` (one row per
report with its quality scores, the metrics sorted by metric and year, the problem categories and
runs, Table 3 cells), so pages never re-evaluate the pivot views.

Aggregates: a whole jurisdiction's report (`dash_reports.is_aggregate`, e.g. a city's report summing
every organ of the city) is counted as a report but never added into sums of organs or ranked beside
organs (`ORGANS`); `aggregate_vs_organs` shows it beside the sum of its organs.

Years: with no year range chosen (`Filters.year_from is None`, the default) reports of unknown year
are in scope and counted; an explicit range excludes them. Per-year results (trends, heatmaps)
always skip unknown years.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from dashboard.filters import Filters

Cursor = duckdb.DuckDBPyConnection
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# --------------------------------------------------------------------------------------------------
# Filters → SQL


def scope(f: Filters, alias: str = "r", years: bool = True) -> tuple[str, dict]:
    """SQL condition and named parameters for the shared filters on a dash_reports alias."""
    conds: list[str] = []
    params: dict = {}
    if f.province:
        conds.append(f"{alias}.province = $f_province")
        params["f_province"] = f.province
    if f.city:
        conds.append(f"{alias}.city = $f_city")
        params["f_city"] = f.city
    if f.levels:
        conds.append(f"list_contains($f_levels::varchar[], {alias}.level)")
        params["f_levels"] = list(f.levels)
    if f.sectors:
        conds.append(f"list_contains($f_sectors::varchar[], {alias}.sector)")
        params["f_sectors"] = list(f.sectors)
    if years and f.year_from is not None:
        conds.append(f"{alias}.year between $f_y0 and $f_y1")
        params["f_y0"], params["f_y1"] = int(f.year_from), int(f.year_to)
    if f.q:
        conds.append(f"strpos({alias}.agency, $f_q) > 0")
        params["f_q"] = f.q
    return (" and ".join(conds) or "true"), params


def organs(alias: str = "r") -> str:
    """SQL condition: an organ's own report, not a whole jurisdiction's aggregate (sums and rankings)."""
    return f"not {alias}.is_aggregate"


def by_year_scope(f: Filters, alias: str = "r") -> tuple[str, dict]:
    """`scope` for per-year results: reports of unknown year are skipped (they have no place on a
    year axis) even when the default filter counts them."""
    where, params = scope(f, alias)
    return f"{where} and {alias}.year is not null", params


def _used(sql: str, params: dict | None) -> dict:
    """Only the named parameters the statement uses (DuckDB rejects extra ones)."""
    names = set(_PARAM.findall(sql))
    return {k: v for k, v in (params or {}).items() if k in names}


def _df(cur: Cursor, sql: str, params: dict | None = None) -> pd.DataFrame:
    return cur.execute(sql, _used(sql, params)).df()


# --------------------------------------------------------------------------------------------------
# Whole database


def filter_options(cur: Cursor) -> dict:
    rows = cur.execute(
        "select province, city from dash_reports where province is not null "
        "group by all order by province, city"
    ).fetchall()
    provinces: list[str] = []
    cities: dict[str, list[str]] = {}
    for p, c in rows:
        if p not in cities:
            provinces.append(p)
            cities[p] = []
        if c is not None and c not in cities[p]:
            cities[p].append(c)
    order = ["central", "province", "city", "county", "township", "unknown"]
    levels = [
        r[0]
        for r in cur.execute("select distinct level from dash_reports where level is not null").fetchall()
    ]
    levels.sort(key=lambda x: order.index(x) if x in order else 99)
    sectors = [
        r[0]
        for r in cur.execute(
            "select sector from dash_reports where sector is not null group by 1 order by count(*) desc"
        ).fetchall()
    ]
    y = cur.execute("select min(year), max(year) from dash_reports where year is not null").fetchone()
    return {
        "provinces": provinces,
        "cities_by_province": cities,
        "levels": levels,
        "sectors": sectors,
        "year_min": int(y[0]) if y[0] is not None else 2008,
        "year_max": int(y[1]) if y[1] is not None else 2025,
    }


def build_info(cur: Cursor) -> dict[str, str]:
    return dict(cur.execute("select key, value from src.build_info").fetchall())


def metric_catalog(cur: Cursor) -> pd.DataFrame:
    return _df(
        cur,
        """
        select metric, label, kind, higher_is, definition from src.metric_catalog
        order by kind desc, metric""",
    )


# --------------------------------------------------------------------------------------------------
# 总览


def scope_counts(cur: Cursor, f: Filters) -> dict:
    where, p = scope(f)
    row = cur.execute(
        f"""
        select count(*), count(distinct agency_id), count(distinct region_code), count(distinct year),
               min(year), max(year), count(distinct province)
        from dash_reports r where {where}""",
        p,
    ).fetchone()
    keys = ("reports", "agencies", "regions", "years", "year_min", "year_max", "provinces")
    return dict(zip(keys, row, strict=True))


def yearly_kpis(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Per year: reports and pooled totals/rates of the main measures (rates pooled over reports)."""
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select m.year,
            count(*) as reports,
            count(distinct m.agency_id) as agencies,
            count(*) filter (where r.is_aggregate) as aggregates,
            sum(m.requests_received) filter (where {organs()}) as requests_received,
            sum(m.requests_processed) filter (where {organs()}) as requests_processed,
            sum(m.proactive_items) filter (where {organs()}) as proactive_items,
            sum(coalesce(m.granted, 0) + coalesce(m.partial, 0))
                filter (where m.requests_processed > 0 and {organs()})
                / nullif(sum(m.requests_processed) filter (where m.requests_processed > 0 and {organs()}), 0)
                as disclosure_rate,
            sum(m.reviews) filter (where {organs()}) as reviews,
            sum(m.lawsuits) filter (where {organs()}) as lawsuits
        from dash_measures m join dash_reports r using (report_id)
        where {where}
        group by m.year order by m.year""",
        p,
    )


def reports_by_year_format(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select year, coalesce(format, 'unknown') as format, count(*) as reports
        from dash_reports r where {where} group by all order by year, format""",
        p,
    )


def quality_summary(cur: Cursor, f: Filters) -> dict:
    where, p = scope(f)
    row = cur.execute(
        f"""
        select count(*),
            count(*) filter (where n_fail > 0),
            count(*) filter (where n_incomplete > 0 and n_fail = 0),
            count(*) filter (where n_blank > 0),
            count(*) filter (where n_warnings > 0),
            count(*) filter (where format in ('2019', '2021') and not has_t3),
            sum(n_blank),
            count(*) filter (where content_copied),
            count(*) filter (where problems_copied),
            count(*) filter (where similarity_prev_year is not null),
            avg(quality_score)
        from dash_reports r where {where}""",
        p,
    ).fetchone()
    keys = (
        "reports",
        "with_fail",
        "only_incomplete",
        "with_blanks",
        "with_warnings",
        "missing_tables",
        "blank_cells",
        "copied",
        "problems_copied",
        "compared",
    )
    out: dict = {k: int(v or 0) for k, v in zip(keys, row[:-1], strict=True)}
    out["mean_quality"] = None if row[-1] is None else float(row[-1])  # 0–100
    return out


def report_list(cur: Cursor, f: Filters, limit: int = 500, offset: int = 0) -> pd.DataFrame:
    where, p = scope(f)
    p = p | {"lim": int(limit), "off": int(offset)}
    return _df(
        cur,
        f"""
        select r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.sector, r.year,
            r.format, r.n_warnings, r.warnings_text, r.n_fail, r.n_incomplete, r.n_blank, r.path,
            r.similarity_prev_year, r.content_copied, r.quality_score
        from dash_reports r where {where}
        order by r.year desc nulls last, r.province, r.city, r.agency
        limit $lim offset $off""",
        p,
    )


def aggregate_vs_organs(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Whole-jurisdiction reports in scope (`dash_aggregates`, from the region_aggregates view): per
    report and measure, the total it reports beside the sum of the organ reports of its jurisdiction
    that year. The sum covers every organ report in the database, whatever the level or sector filter."""
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.rix, r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.year, a.ord, a.measure,
            a.reported, a.organs_total, a.organs_reporting, a.organ_reports, a.organs
        from dash_aggregates a join dash_reports r using (rix)
        where {where}
        order by r.year desc, r.province, r.city, r.agency, a.ord""",
        p,
    )


def aggregate_count(cur: Cursor, f: Filters, year: int | None = None) -> int:
    """Whole-jurisdiction reports in scope (in `year` when given): left out of sums and rankings."""
    where, p = scope(f, years=year is None)
    if year is not None:
        where += " and r.year = $year"
        p = p | {"year": int(year)}
    sql = f"select count(*) from dash_reports r where r.is_aggregate and {where}"
    return int(cur.execute(sql, _used(sql, p)).fetchone()[0])


# --------------------------------------------------------------------------------------------------
# 排名


def ranking_unit_column(f: Filters) -> tuple[str, str]:
    """For region rankings: which column is the unit, given the scope (and its Chinese name)."""
    if f.city:
        return "county", "区县"
    if f.province:
        return "city", "城市"
    return "province", "省份"


def ranking(
    cur: Cursor,
    f: Filters,
    metric: str,
    year: int,
    unit: str = "agency",
    min_denominator: int = 10,
    history: int = 6,
) -> pd.DataFrame:
    """League table for `metric` in `year` within the scope `f` (its year range is ignored).

    unit='agency' ranks agencies; unit='region' ranks the regions one level below the scope, pooling
    numerators and denominators. Rates below `min_denominator` are listed but not ranked. Columns:
    uid, name, province, city, value, numerator, denominator, ci_low, ci_high, eligible, rank,
    prev_rank, rank_change, spark (values of the last `history` years), outlier (-1/0/1), pooled.
    """
    where, p = scope(f, years=False)
    kind_row = cur.execute(
        "select kind, higher_is from src.metric_catalog where metric = $m", {"m": metric}
    ).fetchone()
    if kind_row is None:
        return pd.DataFrame()
    kind, higher_is = kind_row
    order = "asc" if higher_is == "worse" else "desc"
    if unit == "region":
        col, _ = ranking_unit_column(f)
        uid = f"coalesce(r.{col}, '（本级）')"
        name = uid
        extra = "any_value(r.province) as province, any_value(r.city) as city"
    else:
        uid = "r.agency_id"
        name = "arg_max(r.agency, coalesce(r.year, 0))"
        extra = "any_value(r.province) as province, any_value(r.city) as city"
    is_rate = kind == "rate"
    value_expr = "sum(m.numerator) / nullif(sum(m.denominator), 0)" if is_rate else "sum(m.value)"
    p = p | {
        "metric": metric,
        "year": int(year),
        "y0": int(year) - history + 1,
        "mind": float(min_denominator),
    }
    sql = f"""
    with base as (
        select {uid} as uid, {name} as name, {extra}, m.year,
            sum(m.numerator) as numerator, sum(m.denominator) as denominator, {value_expr} as value
        from dash_metrics m join dash_reports r using (rix)
        where m.metric = $metric and m.year between $y0 and $year and {where} and {organs()}
        group by {uid}, m.year
    ),
    elig as (
        select *, {"coalesce(denominator, 0) >= $mind" if is_rate else "value is not null"} as eligible
        from base
    ),
    ranked as (
        select *, case when eligible then rank() over (partition by year, eligible order by value {order}) end as rank
        from elig
    ),
    pooled as (
        select sum(numerator) / nullif(sum(denominator), 0) as pooled,
            quantile_cont(value, 0.25) as q1, quantile_cont(value, 0.75) as q3
        from ranked where year = $year and eligible
    ),
    spark as (
        select uid, list(value order by year) as spark from base group by uid
    )
    select c.uid, c.name, c.province, c.city, c.value, c.numerator, c.denominator,
        {"wilson_low(c.numerator, c.denominator)" if is_rate else "null::double"} as ci_low,
        {"wilson_high(c.numerator, c.denominator)" if is_rate else "null::double"} as ci_high,
        c.eligible, c.rank, pr.rank as prev_rank, pr.rank - c.rank as rank_change, s.spark,
        case
            when not c.eligible then 0
            when {"true" if is_rate else "false"} and wilson_low(c.numerator, c.denominator) > pooled.pooled then 1
            when {"true" if is_rate else "false"} and wilson_high(c.numerator, c.denominator) < pooled.pooled then -1
            when {"false" if is_rate else "true"} and c.value > pooled.q3 + 3 * (pooled.q3 - pooled.q1)
                 and pooled.q3 > pooled.q1 then 1
            else 0 end as outlier,
        pooled.pooled
    from ranked c
    left join ranked pr on pr.uid = c.uid and pr.year = c.year - 1
    left join spark s on s.uid = c.uid
    cross join pooled
    where c.year = $year
    order by c.eligible desc, c.rank nulls last, c.value {order} nulls last
    """
    return _df(cur, sql, p)


def metric_years(cur: Cursor, f: Filters, metric: str) -> list[int]:
    where, p = scope(f, years=False)
    rows = cur.execute(
        f"""
        select distinct m.year from dash_metrics m join dash_reports r using (rix)
        where m.metric = $metric and m.year is not null and {where} and {organs()} order by 1""",
        p | {"metric": metric},
    ).fetchall()
    return [int(r[0]) for r in rows]


# --------------------------------------------------------------------------------------------------
# 机构画像


def find_agencies(cur: Cursor, f: Filters, limit: int = 300) -> pd.DataFrame:
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.agency_id, arg_max(r.agency, coalesce(r.year, 0)) as agency, any_value(r.province) as province,
            any_value(r.city) as city, count(*) as reports, min(r.year) as first_year, max(r.year) as last_year
        from dash_reports r where {where} and r.agency_id is not null
        group by r.agency_id order by count(*) desc, agency limit $lim""",
        p | {"lim": int(limit)},
    )


def agency_info(cur: Cursor, agency_id: str) -> dict | None:
    df = _df(
        cur,
        """
        select a.*, (select count(*) from dash_reports r where r.agency_id = a.agency_id) as reports_loaded
        from src.agencies a where a.agency_id = $id""",
        {"id": agency_id},
    )
    if df.empty:
        df = _df(
            cur,
            """
            select agency_id, arg_max(agency, coalesce(year, 0)) as name, list(distinct agency) as names,
                any_value(province) as province, any_value(city) as city, any_value(county) as county,
                any_value(region_code) as region_code, any_value(level) as level, any_value(sector) as sector,
                min(year) as first_year, max(year) as last_year, count(*) as n_reports, count(*) as reports_loaded
            from dash_reports where agency_id = $id group by agency_id""",
            {"id": agency_id},
        )
    return None if df.empty else df.iloc[0].to_dict()


def resolve_agency(cur: Cursor, any_id: str) -> str | None:
    """The current agency_id for an agency_id, or for an organ id or agency name that a rename has since
    joined into an agency (old links keep working)."""
    row = cur.execute(
        """
        select agency_id from (
            select agency_id, 0 as pick from src.agencies where agency_id = $id
            union all
            select agency_id, 1 from src.agency_names where organ_id = $id
            union all
            select agency_id, 2 from src.agency_names where name = $id
        ) order by pick, agency_id limit 1""",
        {"id": any_id},
    ).fetchone()
    return None if row is None else row[0]


def agency_names(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Every name the agency reported under, oldest first, with its years and report count."""
    return _df(
        cur,
        """
        select name, organ_id, first_year, last_year, n_reports
        from src.agency_names where agency_id = $id
        order by first_year nulls last, last_year nulls last, name""",
        {"id": agency_id},
    )


def agency_lineage(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Links from and to the agency's organs: `direction` 'predecessor' (an organ before it, with the
    link's kind: rename inside the agency, merger or split from another agency) or 'successor'."""
    return _df(
        cur,
        """
        select 'predecessor' as direction, predecessor_agency_id as other_id, predecessor as other,
            successor as own, year, kind, source, evidence,
            predecessor_agency_id = successor_agency_id as internal
        from src.agency_lineage where successor_agency_id = $id
        union all
        select 'successor', successor_agency_id, successor, predecessor, year, kind, source, evidence,
            predecessor_agency_id = successor_agency_id
        from src.agency_lineage where predecessor_agency_id = $id and successor_agency_id <> $id
        order by year nulls last, direction, other""",
        {"id": agency_id},
    )


def lineage_members(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """The agencies of the agency's lineage group (joined by mergers or splits), oldest first."""
    return _df(
        cur,
        """
        select a.agency_id, a.name, a.first_year, a.last_year, a.n_reports
        from src.agencies a
        where a.lineage_group = (select lineage_group from src.agencies where agency_id = $id)
        order by a.first_year nulls last, a.name""",
        {"id": agency_id},
    )


def lineage_series(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """The time series following the lineage: per year, the summary measures summed over every agency
    of the lineage group (predecessors that merged, the successor after), with the agencies counted."""
    return _df(
        cur,
        """
        with grp as (
            select agency_id from src.agencies
            where lineage_group = (select lineage_group from src.agencies where agency_id = $id)
        )
        select m.year, count(*) as reports,
            string_agg(distinct r.agency, '、' order by r.agency) as agencies,
            sum(m.requests_received) as requests_received,
            sum(m.requests_processed) as requests_processed,
            sum(m.proactive_items) as proactive_items,
            sum(coalesce(m.granted, 0) + coalesce(m.partial, 0)) filter (where m.requests_processed > 0)
                / nullif(sum(m.requests_processed) filter (where m.requests_processed > 0), 0) as disclosure_rate,
            sum(m.reviews) as reviews,
            sum(m.lawsuits) as lawsuits
        from dash_measures m join dash_reports r using (report_id)
        where r.agency_id in (select agency_id from grp) and r.year is not null and not r.is_aggregate
        group by m.year order by m.year""",
        {"id": agency_id},
    )


def agency_reports(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return _df(
        cur,
        """
        select report_id, year, agency, format, scope, is_aggregate, path, published, timeliness_days,
            n_warnings, warnings_text, n_fail, n_incomplete, n_blank, n_problems, prev_year, similarity_prev_year,
            similarity_prev_year_problems, content_copied, problems_copied, completeness, consistency,
            problem_specificity, quality_score
        from dash_reports where agency_id = $id order by year nulls last, path""",
        {"id": agency_id},
    )


def agency_facts(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Every fact of the agency's reports (one agency: a few thousand rows at most)."""
    return _df(
        cur,
        """
        select r.year, f.report_id, f.key, f.value, f.is_blank, f.origin, f.span_start, f.span_end, f.page
        from src.facts f join dash_reports r using (report_id)
        where r.agency_id = $id and r.year is not null
        order by r.year, f.key""",
        {"id": agency_id},
    )


def agency_metrics(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return _df(
        cur,
        """
        select m.year, m.metric, c.label, c.kind, m.numerator, m.denominator, m.value,
            wilson_low(m.numerator, m.denominator) as ci_low,
            wilson_high(m.numerator, m.denominator) as ci_high
        from dash_metrics m join dash_reports r using (rix) join src.metric_catalog c using (metric)
        where r.agency_id = $id and m.year is not null order by m.metric, m.year""",
        {"id": agency_id},
    )


def agency_checks(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return _df(
        cur,
        """
        select r.year, c.rule, c.scope, c.status, c.detail
        from src.checks c join dash_reports r using (report_id)
        where r.agency_id = $id and r.year is not null order by r.year, c.rule""",
        {"id": agency_id},
    )


def agency_problems(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Problem statements by year; `recurring` marks a category also named the year before."""
    return _df(
        cur,
        """
        with s as (
            select r.year, p.report_id, p.kind, p.ordinal, p.text, p.categories, p.span_start, p.span_end
            from src.problems p join dash_reports r using (report_id)
            where r.agency_id = $id and r.year is not null
        ),
        prev as (
            select year, flatten(list(categories)) as cats from s where kind = 'problem' group by year
        )
        select s.*,
            case when s.kind = 'problem' then list_distinct(list_intersect(s.categories, coalesce(pv.cats, [])))
                 else []::varchar[] end as recurring
        from s left join prev pv on pv.year = s.year - 1
        order by s.year, s.kind desc, s.ordinal""",
        {"id": agency_id},
    )


def agency_problem_years(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return _df(
        cur,
        """
        select r.year, c.category, count(*) as statements
        from src.problems p join dash_reports r using (report_id), unnest(p.categories) as c(category)
        where r.agency_id = $id and p.kind = 'problem' and r.year is not null
        group by all order by r.year, c.category""",
        {"id": agency_id},
    )


def source_excerpt(cur: Cursor, report_id: str, start: int, end: int, context: int = 300) -> dict | None:
    """The report text around [start, end) split into before / span / after, plus file path and page."""
    row = cur.execute(
        """
        select substr(t.text, greatest(1, $s + 1 - $ctx), least($s, $ctx)),
               substr(t.text, $s + 1, $e - $s),
               substr(t.text, $e + 1, $ctx),
               r.path, r.title, r.year, length(t.text)
        from src.report_texts t join src.reports r using (report_id)
        where t.report_id = $rid""",
        {"rid": report_id, "s": int(start), "e": int(end), "ctx": int(context)},
    ).fetchone()
    if row is None:
        return None
    before, span, after, path, title, year, n = row
    return {
        "before": before,
        "span": span,
        "after": after,
        "path": path,
        "title": title,
        "year": year,
        "start": int(start),
        "end": int(end),
        "text_chars": n,
    }


# --------------------------------------------------------------------------------------------------
# 对比


def compare_options(cur: Cursor, f: Filters, unit: str, limit: int = 500) -> pd.DataFrame:
    """Candidates to compare: agencies (id, label) or regions (province/city/county names)."""
    where, p = scope(f)
    if unit == "agency":
        sql = f"""select r.agency_id as uid, arg_max(r.agency, coalesce(r.year, 0)) as name, count(*) as n
                  from dash_reports r where {where} and r.agency_id is not null
                  group by 1 order by n desc, name limit $lim"""
    else:
        col = {"province": "province", "city": "city", "county": "county"}[unit]
        sql = f"""select r.{col} as uid, r.{col} as name, count(*) as n from dash_reports r
                  where {where} and r.{col} is not null group by 1 order by n desc, name limit $lim"""
    return _df(cur, sql, p | {"lim": int(limit)})


def compare_series(cur: Cursor, f: Filters, metric: str, unit: str, ids: tuple[str, ...]) -> pd.DataFrame:
    """Per unit and year: pooled value (rates: Σnumerator/Σdenominator, counts: Σvalue) with CI."""
    if not ids:
        return pd.DataFrame(
            columns=["uid", "name", "year", "value", "numerator", "denominator", "ci_low", "ci_high"]
        )
    where, p = by_year_scope(f)
    col = {"agency": "agency_id", "province": "province", "city": "city", "county": "county"}[unit]
    name = "arg_max(r.agency, coalesce(r.year, 0))" if unit == "agency" else f"any_value(r.{col})"
    if unit != "agency":  # a region's value is the sum of its organs, never with their aggregate
        where = f"{where} and {organs()}"
    kind = cur.execute("select kind from src.metric_catalog where metric = $m", {"m": metric}).fetchone()
    is_rate = kind is not None and kind[0] == "rate"
    value = "sum(m.numerator) / nullif(sum(m.denominator), 0)" if is_rate else "sum(m.value)"
    return _df(
        cur,
        f"""
        with s as (
            select r.{col} as uid, m.year, sum(m.numerator) as numerator, sum(m.denominator) as denominator,
                {value} as value, count(*) as reports
            from dash_metrics m join dash_reports r using (rix)
            where m.metric = $metric and list_contains($ids::varchar[], r.{col}) and {where}
            group by all
        ), n as (
            select r.{col} as uid, {name} as name from dash_reports r
            where list_contains($ids::varchar[], r.{col}) group by 1
        )
        select s.uid, n.name, s.year, s.value, s.numerator, s.denominator, s.reports,
            {"wilson_low(s.numerator, s.denominator)" if is_rate else "null::double"} as ci_low,
            {"wilson_high(s.numerator, s.denominator)" if is_rate else "null::double"} as ci_high
        from s join n using (uid) order by n.name, s.year""",
        p | {"metric": metric, "ids": list(ids)},
    )


# --------------------------------------------------------------------------------------------------
# 申请办理

OUTCOME_GROUPS = """
    case when row_key = 'granted' then 'granted'
         when row_key = 'partial' then 'partial'
         when row_key like 'denied.%' then 'denied'
         when row_key like 'unable.%' then 'unable'
         when row_key like 'not_processed.%' then 'not_processed'
         when row_key = 'other' or row_key like 'other.%' then 'other'
    end"""


def request_volumes(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select m.year, count(*) as reports,
            sum(m.requests_received) as requests_received,
            sum(m.requests_processed) as requests_processed,
            sum(m.carried_in_total) as carried_in,
            sum(m.carried_out_total) as carried_out,
            sum(m.carried_out_total) / nullif(sum(m.new_received_total + coalesce(m.carried_in_total, 0))
                filter (where m.carried_out_total is not null), 0) as backlog_rate
        from dash_measures m join dash_reports r using (report_id)
        where {where} and {organs()} group by m.year order by m.year""",
        p,
    )


def applicant_mix(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select t.year, t.col_key, sum(t.value) as requests
        from dash_t3 t join dash_reports r using (rix)
        where t.row_key = 'new_received' and t.col_key <> 'total' and {where} and {organs()}
        group by all order by t.year, t.col_key""",
        p,
    )


def outcome_composition(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Outcome groups by year, from Table 3 totals (2019+) — pre-2019 prose gives only summary keys."""
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select t.year, {OUTCOME_GROUPS} as outcome, sum(t.value) as requests
        from dash_t3 t join dash_reports r using (rix)
        where t.col_key = 'total' and {where} and {organs()}
        group by all having outcome is not null order by t.year, outcome""",
        p,
    )


def outcome_summary(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Outcome groups by year from the summary measures (every era, pre-2019 included)."""
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        unpivot (
            select m.year, sum(m.granted) as granted, sum(m.partial) as partial, sum(m.denied) as denied,
                sum(m.unable) as unable, sum(m.not_processed) as not_processed
            from dash_measures m join dash_reports r using (report_id)
            where {where} and {organs()} group by m.year
        ) on granted, partial, denied, unable, not_processed into name outcome value requests
        order by year, outcome""",
        p,
    )


def reason_breakdown(cur: Cursor, f: Filters, prefix: str) -> pd.DataFrame:
    """Refusal (`denied`) or unable-to-provide (`unable`) reasons: totals over the scope's years."""
    where, p = scope(f)
    # a range on the sorted row_key column, so zone maps skip the other rows
    return _df(
        cur,
        f"""
        select t.row_key, sum(t.value) as requests
        from dash_t3 t join dash_reports r using (rix)
        where t.row_key >= $lo and t.row_key < $hi and t.col_key = 'total' and {where} and {organs()}
        group by all order by requests desc""",
        p | {"lo": prefix + ".", "hi": prefix + "/"},
    )


# --------------------------------------------------------------------------------------------------
# 复议诉讼

DISPUTE_METRICS = (
    "review_rate",
    "litigation_rate",
    "review_correction_rate",
    "litigation_correction_rate",
    "dispute_correction_rate",
)


def dispute_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select m.metric, m.year, sum(m.numerator) as numerator, sum(m.denominator) as denominator,
            sum(m.numerator) / nullif(sum(m.denominator), 0) as value,
            wilson_low(sum(m.numerator), sum(m.denominator)) as ci_low,
            wilson_high(sum(m.numerator), sum(m.denominator)) as ci_high
        from dash_metrics m join dash_reports r using (rix)
        where list_contains($metrics::varchar[], m.metric) and {where} and {organs()}
        group by all order by m.metric, m.year""",
        p | {"metrics": list(DISPUTE_METRICS)},
    )


def dispute_by_group(cur: Cursor, f: Filters, group: str) -> pd.DataFrame:
    """Pooled dispute rates with Wilson intervals by region one level below the scope, or by level."""
    where, p = scope(f)
    col = {"region": ranking_unit_column(f)[0], "level": "level", "sector": "sector"}[group]
    return _df(
        cur,
        f"""
        select coalesce(r.{col}, '（本级）') as grp, m.metric,
            sum(m.numerator) as numerator, sum(m.denominator) as denominator,
            sum(m.numerator) / nullif(sum(m.denominator), 0) as value,
            wilson_low(sum(m.numerator), sum(m.denominator)) as ci_low,
            wilson_high(sum(m.numerator), sum(m.denominator)) as ci_high
        from dash_metrics m join dash_reports r using (rix)
        where list_contains($metrics::varchar[], m.metric) and {where} and {organs()}
        group by all order by grp, m.metric""",
        p | {"metrics": list(DISPUTE_METRICS)},
    )


def dispute_totals(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select m.year, sum(m.review_total) as reviews, sum(m.lit_direct_total) as lit_direct,
            sum(m.lit_after_review_total) as lit_after_review,
            sum(m.reviews_corrected) as reviews_corrected, sum(m.lawsuits_corrected) as lawsuits_corrected
        from dash_measures m join dash_reports r using (report_id)
        where {where} and {organs()} group by m.year order by m.year""",
        p,
    )


# --------------------------------------------------------------------------------------------------
# 问题分析


def problem_heatmap(cur: Cursor, f: Filters, group: str = "region") -> pd.DataFrame:
    """Share of reports naming each category, by group (region below scope, or sector) × year."""
    where, p = by_year_scope(f)
    col = ranking_unit_column(f)[0] if group == "region" else group
    return _df(
        cur,
        f"""
        with den as (
            select coalesce(r.{col}, '（本级）') as grp, r.year, count(*) as reports
            from dash_reports r where {where} group by all
        ), num as (
            select c.category, coalesce(r.{col}, '（本级）') as grp, c.year, count(*) as naming
            from dash_problem_cats c join dash_reports r using (rix) where {where} group by all
        )
        select n.category, n.grp, n.year, n.naming, d.reports, n.naming / d.reports as share
        from num n join den d using (grp, year)
        order by n.category, n.grp, n.year""",
        p,
    )


def problem_category_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Category × year: share of reports naming it and how many provinces it appears in (spread)."""
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        with den as (
            select r.year, count(*) as reports, count(distinct r.province) as provinces
            from dash_reports r where {where} group by r.year
        ), num as (
            select c.category, c.year, count(*) as naming, count(distinct r.province) as provinces
            from dash_problem_cats c join dash_reports r using (rix) where {where} group by all
        )
        select n.category, n.year, n.naming, d.reports, n.naming / d.reports as share,
            n.provinces, d.provinces as provinces_reporting
        from num n join den d using (year)
        order by n.category, n.year""",
        p,
    )


def chronic_problems(cur: Cursor, f: Filters, min_run: int = 2, limit: int = 500) -> pd.DataFrame:
    """Same agency, same category, consecutive years: runs of length >= min_run (longest first).

    Uses the precomputed runs (`dash_problem_runs`), clipped to the year range; agency filters apply
    to the agency's latest attributes."""
    where, p = scope(f, "a", years=False)
    y0 = f.year_from if f.year_from is not None else 0
    y1 = f.year_to if f.year_to is not None else 9999
    return _df(
        cur,
        f"""
        with clipped as (
            select agency_id, category, greatest(first_year, $y0) as first_year,
                least(last_year, $y1) as last_year
            from dash_problem_runs where last_year >= $y0 and first_year <= $y1
        )
        select c.agency_id, c.category, c.first_year, c.last_year,
            c.last_year - c.first_year + 1 as run_length, a.agency, a.province, a.city
        from clipped c join dash_agencies a using (agency_id)
        where c.last_year - c.first_year + 1 >= $minrun and {where}
        order by run_length desc, c.last_year desc, a.agency limit $lim""",
        p | {"minrun": int(min_run), "lim": int(limit), "y0": int(y0), "y1": int(y1)},
    )


def problem_statements(
    cur: Cursor,
    f: Filters,
    category: str,
    year: int | None = None,
    group_value: str | None = None,
    group: str = "region",
    limit: int = 200,
) -> pd.DataFrame:
    where, p = scope(f)
    col = ranking_unit_column(f)[0] if group == "region" else group
    extra = ""
    params = p | {"cat": category, "lim": int(limit)}
    if year is not None:
        extra += " and r.year = $year"
        params["year"] = int(year)
    if group_value is not None:
        extra += f" and coalesce(r.{col}, '（本级）') = $gv"
        params["gv"] = group_value
    return _df(
        cur,
        f"""
        select r.agency, r.agency_id, r.province, r.city, r.year, p.text, p.categories, r.path,
            p.report_id, p.span_start, p.span_end
        from src.problems p join dash_reports r using (report_id)
        where p.kind = 'problem' and list_contains(p.categories, $cat) and {where} {extra}
        order by r.year desc, r.agency limit $lim""",
        params,
    )


# --------------------------------------------------------------------------------------------------
# 数据质量


def check_summary(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select c.rule, c.status, count(*) as n
        from src.checks c join dash_reports r using (report_id)
        where {where} group by all order by c.rule, c.status""",
        p,
    )


def failed_checks(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.agency, r.agency_id, r.province, r.city, r.year, c.rule, c.status, c.detail, r.path
        from src.checks c join dash_reports r using (report_id)
        where c.status <> 'ok' and {where}
        order by c.status, r.year desc, r.agency limit $lim""",
        p | {"lim": int(limit)},
    )


def quality_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select year, count(*) as reports, sum(n_blank) as blank_cells,
            count(*) filter (where n_blank > 0) as reports_with_blanks,
            count(*) filter (where n_fail > 0) as reports_failing,
            count(*) filter (where n_incomplete > 0) as reports_incomplete,
            count(*) filter (where n_warnings > 0) as reports_with_warnings,
            count(*) filter (where format in ('2019', '2021') and not has_t3) as missing_tables
        from dash_reports r where {where} group by year order by year""",
        p,
    )


def warning_list(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.agency, r.agency_id, r.year, r.format, r.warnings_text,
            (r.format in ('2019', '2021') and not r.has_t3) as missing_tables, r.path
        from dash_reports r
        where (r.n_warnings > 0 or (r.format in ('2019', '2021') and not r.has_t3)) and {where}
        order by r.year desc, r.agency limit $lim""",
        p | {"lim": int(limit)},
    )


def copied_reports(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    """内容雷同: reports whose whole text or section 五 is ≥ 0.85 similar to the agency's previous report."""
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.agency, r.agency_id, r.province, r.city, r.year, r.prev_year, r.similarity_prev_year,
            r.similarity_prev_year_problems, r.content_copied, r.problems_copied, r.quality_score, r.path
        from dash_reports r
        where (r.content_copied or r.problems_copied) and {where}
        order by greatest(r.similarity_prev_year, coalesce(r.similarity_prev_year_problems, 0)) desc,
            r.year desc, r.agency
        limit $lim""",
        p | {"lim": int(limit)},
    )


def quality_scores(cur: Cursor, f: Filters, limit: int = 500, worst_first: bool = True) -> pd.DataFrame:
    """Reports by composite quality score (README "Report quality") with its components."""
    where, p = scope(f)
    order = "asc" if worst_first else "desc"
    return _df(
        cur,
        f"""
        select r.agency, r.agency_id, r.province, r.city, r.year, r.format, r.quality_score, q.completeness,
            q.missing_sections, q.tables_present, q.tables_expected, q.consistency, q.blank_cells,
            q.blank_share, q.similarity_prev_year, q.similarity_prev_year_problems, q.content_copied,
            q.problem_statements, q.problem_specificity, q.timeliness_days, r.path
        from dash_reports r join src.report_quality q using (report_id)
        where {where} and r.quality_score is not null
        order by r.quality_score {order}, r.year desc, r.agency
        limit $lim""",
        p | {"lim": int(limit)},
    )


def quality_score_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Per year: mean composite quality score and its components, and the 内容雷同 count."""
    where, p = by_year_scope(f)
    return _df(
        cur,
        f"""
        select r.year, count(*) as reports, avg(r.quality_score) as quality_score,
            avg(r.completeness) as completeness, avg(r.consistency) as consistency,
            avg(r.problem_specificity) as problem_specificity,
            avg(r.similarity_prev_year) as similarity_prev_year,
            count(*) filter (where r.content_copied) as copied,
            count(*) filter (where r.problems_copied) as problems_copied
        from dash_reports r where {where} group by r.year order by r.year""",
        p,
    )


def ingest_errors(cur: Cursor, limit: int = 500) -> pd.DataFrame:
    return _df(
        cur,
        """select path, stage, message, occurred_at from src.ingest_errors
                       order by occurred_at desc limit $lim""",
        {"lim": int(limit)},
    )


def missing_reports(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    """Agency-years inside an agency's first..last year with no report, while peers (same province
    and level) did report that year."""
    where, p = scope(f, years=False)
    params = p | {"lim": int(limit)}
    yr = ""
    if f.year_from is not None:
        yr = "and g.year between $y0 and $y1"
        params |= {"y0": int(f.year_from), "y1": int(f.year_to)}
    return _df(
        cur,
        f"""
        with a as (
            select r.agency_id, arg_max(r.agency, coalesce(r.year, 0)) as agency, any_value(r.province) as province,
                any_value(r.level) as level, min(r.year) as y0, max(r.year) as y1, list(r.year) as years
            from dash_reports r where {where} and r.year is not null and r.agency_id is not null
            group by r.agency_id
        ), g as (
            select a.agency_id, a.agency, a.province, a.level, y.year
            from a, range(a.y0, a.y1 + 1) as y(year)
            where not list_contains(a.years, y.year)
        ), peers as (
            select province, level, year, count(distinct agency_id) as peers_reporting
            from dash_reports group by all
        )
        select g.agency, g.agency_id, g.province, g.level, g.year, coalesce(peers.peers_reporting, 0) as peers_reporting
        from g left join peers on peers.province is not distinct from g.province and peers.level = g.level
            and peers.year = g.year
        where coalesce(peers.peers_reporting, 0) > 0 {yr}
        order by g.year desc, g.agency limit $lim""",
        params,
    )


# --------------------------------------------------------------------------------------------------
# 数据下载


def export_reports(cur: Cursor, f: Filters) -> pd.DataFrame:
    """One row per report in scope: identity, summary measures and quality counts."""
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.region_code, r.level,
            r.sector, r.year, r.format, r.scope, r.path, r.published,
            m.* exclude (report_id, agency_id, agency, province, city, county, region_code, level, sector, year,
                         format, scope),
            r.n_warnings, r.warnings_text, r.n_fail, r.n_incomplete, r.n_blank, r.n_problems,
            r.similarity_prev_year, r.similarity_prev_year_problems, r.content_copied, r.problems_copied,
            r.completeness, r.consistency, r.problem_specificity, r.quality_score
        from dash_reports r left join dash_measures m using (report_id)
        where {where} order by r.year, r.province, r.city, r.agency""",
        p,
    )


def export_metrics(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select r.report_id, r.agency_id, r.agency, r.province, r.city, r.year, m.metric, m.numerator,
            m.denominator, m.value,
            wilson_low(m.numerator, m.denominator) as ci_low,
            wilson_high(m.numerator, m.denominator) as ci_high
        from dash_metrics m join dash_reports r using (rix)
        where {where} order by r.year, r.agency, m.metric""",
        p,
    )


def export_facts(cur: Cursor, f: Filters) -> pd.DataFrame:
    where, p = scope(f)
    return _df(
        cur,
        f"""
        select f.report_id, r.agency, r.year, f.key, f.value, f.is_blank, f.origin, f.span_start, f.span_end,
            f.page, f.evidence
        from src.facts f join dash_reports r using (report_id)
        where {where} order by r.year, r.agency, f.key""",
        p,
    )


def count_export(cur: Cursor, f: Filters) -> dict:
    where, p = scope(f)
    row = cur.execute(
        f"""
        select count(*), coalesce(sum(n_table_facts), 0) from dash_reports r where {where}""",
        p,
    ).fetchone()
    return {"reports": int(row[0]), "table_facts": int(row[1])}
