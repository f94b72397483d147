"""Every query the dashboard runs, as Python functions over the SQL files of `dashboard/sql/`.

Each public function takes a DuckDB cursor first (from `dashboard.db`), then plain, hashable
arguments (a `Filters`, strings, ints), and returns a small, already aggregated pandas DataFrame or a
dict. The statements live in `dashboard/sql/<name>.sql`, one per query, each a static text with
named parameters (`dashboard.sql` runs them); these functions only choose the parameters, check
choices against fixed lists, and shape the result. No Streamlit here, so the benchmark, the
briefing pack and the tests call the same functions the pages do.

The database file is attached read-only as `src` (the cursors' default catalog). Besides the loaded
tables it holds the dashboard's mart, materialised by `xxgk build` from `etl/sql/mart/` (one row per
report with its quality scores, the metrics sorted by metric and year, the problem categories and
runs, Table 3 cells), so pages never re-evaluate the pivot views.

Aggregates: a whole jurisdiction's report (`dash_reports.is_aggregate`, e.g. a city's report summing
every organ of the city) is counted as a report but never added into sums of organs or ranked beside
organs; `aggregate_vs_organs` shows it beside the sum of its organs.

Years: with no year range chosen (`Filters.year_from is None`, the default) reports of unknown year
are in scope and counted; an explicit range excludes them. Per-year results (trends, heatmaps)
always skip unknown years.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import sql
from dashboard.filters import Filters
from dashboard.formats import plain_list
from dashboard.labels import LEVEL_ORDER

Cursor = duckdb.DuckDBPyConnection

# Choices that change a query's shape: only these values reach the SQL (as bound parameters).
RANKING_UNITS = ("agency", "region")
COMPARE_UNITS = ("agency", "province", "city", "county")
DISPUTE_GROUPS = ("region", "level", "sector")
PROBLEM_GROUPS = ("region", "sector")

DISPUTE_METRICS = (
    "review_rate",
    "litigation_rate",
    "review_correction_rate",
    "litigation_correction_rate",
    "dispute_correction_rate",
)


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")
    return value


def _scope(f: Filters) -> dict:
    return sql.scope(f)


def ranking_unit_column(f: Filters) -> tuple[str, str]:
    """For region rankings and groups: the regions one level below the scope (and their Chinese name)."""
    if f.city:
        return "county", "区县"
    if f.province:
        return "city", "城市"
    return "province", "省份"


def _group_column(f: Filters, group: str) -> str:
    """'region' → the regions below the scope; 'level', 'sector' as they are."""
    return ranking_unit_column(f)[0] if group == "region" else group


def _metric_kind(cur: Cursor, metric: str) -> tuple[str, str] | None:
    """(kind, higher_is) of a metric of the catalog, or None for an unknown one."""
    return sql.one(cur, "metric_kind", metric=metric)


# --------------------------------------------------------------------------------------------------
# Whole database


def filter_options(cur: Cursor) -> dict:
    provinces: list[str] = []
    cities: dict[str, list[str]] = {}
    for p, c in sql.rows(cur, "filter_regions"):
        if p not in cities:
            provinces.append(p)
            cities[p] = []
        if c is not None and c not in cities[p]:
            cities[p].append(c)
    levels = [r[0] for r in sql.rows(cur, "filter_levels")]
    levels.sort(key=lambda x: LEVEL_ORDER.index(x) if x in LEVEL_ORDER else 99)
    sectors = [r[0] for r in sql.rows(cur, "filter_sectors")]
    y0, y1 = sql.one(cur, "filter_years")
    return {
        "provinces": provinces,
        "cities_by_province": cities,
        "levels": levels,
        "sectors": sectors,
        "year_min": int(y0) if y0 is not None else 2008,
        "year_max": int(y1) if y1 is not None else 2025,
    }


def build_info(cur: Cursor) -> dict[str, str]:
    return dict(sql.rows(cur, "build_info"))


def metric_catalog(cur: Cursor) -> pd.DataFrame:
    return sql.run(cur, "metric_catalog")


# --------------------------------------------------------------------------------------------------
# 总览


def scope_counts(cur: Cursor, f: Filters) -> dict:
    keys = ("reports", "agencies", "regions", "years", "year_min", "year_max", "provinces")
    return dict(zip(keys, sql.one(cur, "scope_counts", **_scope(f)), strict=True))


def yearly_kpis(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Per year: reports and pooled totals/rates of the main measures (rates pooled over reports)."""
    return sql.run(cur, "yearly_kpis", **_scope(f))


def reports_by_year_format(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "reports_by_year_format", **_scope(f))


def quality_summary(cur: Cursor, f: Filters) -> dict:
    result = sql.execute(cur, "quality_summary", **_scope(f))
    row = dict(zip((d[0] for d in result.description), result.fetchone(), strict=True))
    mean = row.pop("mean_quality")
    out: dict = {k: int(v or 0) for k, v in row.items()}
    out["mean_quality"] = None if mean is None else float(mean)  # 0–100
    return out


def report_list(cur: Cursor, f: Filters, limit: int = 500, offset: int = 0) -> pd.DataFrame:
    return sql.run(cur, "report_list", **_scope(f), limit=int(limit), offset=int(offset))


def aggregate_vs_organs(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Whole-jurisdiction reports in scope beside the sum of the organ reports of their jurisdiction."""
    return sql.run(cur, "aggregate_vs_organs", **_scope(f))


def aggregate_count(cur: Cursor, f: Filters, year: int | None = None) -> int:
    """Whole-jurisdiction reports in scope (in `year` when given, the scope's years then unused)."""
    scope = f if year is None else f.without_years()
    year = None if year is None else int(year)
    return int(sql.one(cur, "aggregate_count", **_scope(scope), year=year)[0])


# --------------------------------------------------------------------------------------------------
# 排名


# Arrow's BIGINT columns as pandas' nullable integers (as DuckDB's DataFrames give the ranks)
_NULLABLE_INTEGERS = {pa.int64(): pd.Int64Dtype()}


def ranking(
    cur: Cursor,
    f: Filters,
    metric: str,
    year: int,
    unit: str = "agency",
    min_denominator: int = 10,
) -> pd.DataFrame:
    """League table for `metric` in `year` within the scope `f` (its year range is ignored).

    unit='agency' ranks agencies; unit='region' ranks the regions one level below the scope, pooling
    numerators and denominators. Rates below `min_denominator` are listed but not ranked. Columns:
    uid, name, province, city, value, numerator, denominator, ci_low, ci_high, eligible, rank,
    prev_rank, rank_change, spark (values of the last six years), outlier (-1/0/1), pooled.
    Read from the mart's values per agency and year (`dash_agency_metrics`).
    """
    _choice(unit, RANKING_UNITS, "unit")
    kind = _metric_kind(cur, metric)
    if kind is None:
        return pd.DataFrame()
    table = sql.arrow(
        cur,
        "ranking",
        **_scope(f.without_years()),
        metric=metric,
        year=int(year),
        unit=unit,
        region_col=ranking_unit_column(f)[0],
        is_rate=kind[0] == "rate",
        descending=kind[1] != "worse",
        min_denominator=float(min_denominator),
    )
    # sparks as plain lists (None for a missing value) rather than one NumPy array per row: a
    # nationwide table has ~70,000 rows, and the page's cache pickles them (0.26 s as arrays); read
    # through Arrow, whose lists come out as lists (DuckDB's DataFrame makes arrays: 0.1 s more)
    df = table.drop_columns(["spark"]).to_pandas(types_mapper=_NULLABLE_INTEGERS.get)
    df.insert(table.column_names.index("spark"), "spark", [plain_list(v) for v in table["spark"].to_pylist()])
    return df


def metric_years(cur: Cursor, f: Filters, metric: str) -> list[int]:
    return [int(r[0]) for r in sql.rows(cur, "metric_years", **_scope(f.without_years()), metric=metric)]


# --------------------------------------------------------------------------------------------------
# 机构画像


def find_agencies(cur: Cursor, f: Filters, limit: int = 300) -> pd.DataFrame:
    return sql.run(cur, "find_agencies", **_scope(f), limit=int(limit))


def agency_info(cur: Cursor, agency_id: str) -> dict | None:
    df = sql.run(cur, "agency_info", agency_id=agency_id)
    if df.empty:
        df = sql.run(cur, "agency_info_from_reports", agency_id=agency_id)
    return None if df.empty else df.iloc[0].to_dict()


def resolve_agency(cur: Cursor, any_id: str) -> str | None:
    """The current agency_id for an agency_id, or for an organ id or agency name that a rename has since
    joined into an agency (old links keep working)."""
    row = sql.one(cur, "resolve_agency", any_id=any_id)
    return None if row is None else row[0]


def agency_names(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Every name the agency reported under, oldest first, with its years and report count."""
    return sql.run(cur, "agency_names", agency_id=agency_id)


def agency_lineage(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Links from and to the agency's organs (`direction` 'predecessor' or 'successor')."""
    return sql.run(cur, "agency_lineage", agency_id=agency_id)


def lineage_members(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """The agencies of the agency's lineage group (joined by mergers or splits), oldest first."""
    return sql.run(cur, "lineage_members", agency_id=agency_id)


def lineage_series(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Per year, the summary measures summed over every agency of the lineage group."""
    return sql.run(cur, "lineage_series", agency_id=agency_id)


def agency_reports(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return sql.run(cur, "agency_reports", agency_id=agency_id)


def agency_facts(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Every fact of the agency's reports (one agency: a few thousand rows at most)."""
    return sql.run(cur, "agency_facts", agency_id=agency_id)


def agency_metrics(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return sql.run(cur, "agency_metrics", agency_id=agency_id)


def agency_checks(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return sql.run(cur, "agency_checks", agency_id=agency_id)


def agency_problems(cur: Cursor, agency_id: str) -> pd.DataFrame:
    """Problem statements by year; `recurring` marks a category also named the year before."""
    return sql.run(cur, "agency_problems", agency_id=agency_id)


def agency_problem_years(cur: Cursor, agency_id: str) -> pd.DataFrame:
    return sql.run(cur, "agency_problem_years", agency_id=agency_id)


def source_excerpt(cur: Cursor, report_id: str, start: int, end: int, context: int = 300) -> dict | None:
    """The report text around [start, end) split into before / span / after, plus file path and page."""
    row = sql.one(
        cur, "source_excerpt", report_id=report_id, start=int(start), end=int(end), context=int(context)
    )
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
    _choice(unit, COMPARE_UNITS, "unit")
    return sql.run(cur, "compare_options", **_scope(f), unit=unit, limit=int(limit))


def compare_series(cur: Cursor, f: Filters, metric: str, unit: str, ids: tuple[str, ...]) -> pd.DataFrame:
    """Per unit and year: pooled value (rates: Σnumerator/Σdenominator, counts: Σvalue) with CI."""
    _choice(unit, COMPARE_UNITS, "unit")
    if not ids:
        return pd.DataFrame(
            columns=["uid", "name", "year", "value", "numerator", "denominator", "ci_low", "ci_high"]
        )
    kind = _metric_kind(cur, metric)
    return sql.run(
        cur,
        "compare_series",
        **_scope(f),
        metric=metric,
        unit=unit,
        ids=list(ids),
        is_rate=kind is not None and kind[0] == "rate",
    )


# --------------------------------------------------------------------------------------------------
# 申请办理


def request_volumes(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "request_volumes", **_scope(f))


def applicant_mix(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "applicant_mix", **_scope(f))


def outcome_composition(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Outcome groups by year, from Table 3 totals (2019+) — pre-2019 prose gives only summary keys."""
    return sql.run(cur, "outcome_composition", **_scope(f))


def outcome_summary(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Outcome groups by year from the summary measures (every era, pre-2019 included)."""
    return sql.run(cur, "outcome_summary", **_scope(f))


def reason_breakdown(cur: Cursor, f: Filters, prefix: str) -> pd.DataFrame:
    """Refusal (`denied`) or unable-to-provide (`unable`) reasons: totals over the scope's years."""
    return sql.run(cur, "reason_breakdown", **_scope(f), row_from=prefix + ".", row_to=prefix + "/")


# --------------------------------------------------------------------------------------------------
# 复议诉讼


def dispute_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "dispute_by_year", **_scope(f), metrics=list(DISPUTE_METRICS))


def dispute_by_group(cur: Cursor, f: Filters, group: str) -> pd.DataFrame:
    """Pooled dispute rates with Wilson intervals by region one level below the scope, level or sector."""
    _choice(group, DISPUTE_GROUPS, "group")
    return sql.run(
        cur,
        "dispute_by_group",
        **_scope(f),
        metrics=list(DISPUTE_METRICS),
        group_col=_group_column(f, group),
    )


def dispute_totals(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "dispute_totals", **_scope(f))


# --------------------------------------------------------------------------------------------------
# 问题分析


def problem_heatmap(cur: Cursor, f: Filters, group: str = "region") -> pd.DataFrame:
    """Share of reports naming each category, by group (region below scope, or sector) × year."""
    _choice(group, PROBLEM_GROUPS, "group")
    return sql.run(cur, "problem_heatmap", **_scope(f), group_col=_group_column(f, group))


def problem_category_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Category × year: share of reports naming it and how many provinces it appears in (spread)."""
    return sql.run(cur, "problem_category_year", **_scope(f))


def chronic_problems(cur: Cursor, f: Filters, min_run: int = 2, limit: int = 500) -> pd.DataFrame:
    """Same agency, same category, consecutive years: runs of length >= min_run (longest first).

    Uses the precomputed runs (`dash_problem_runs`), clipped to the year range; agency filters apply
    to the agency's latest attributes."""
    return sql.run(cur, "chronic_problems", **_scope(f), min_run=int(min_run), limit=int(limit))


def problem_statements(
    cur: Cursor,
    f: Filters,
    category: str,
    year: int | None = None,
    group_value: str | None = None,
    group: str = "region",
    limit: int = 200,
) -> pd.DataFrame:
    _choice(group, PROBLEM_GROUPS, "group")
    return sql.run(
        cur,
        "problem_statements",
        **_scope(f),
        category=category,
        year=None if year is None else int(year),
        group_col=_group_column(f, group),
        group_value=group_value,
        limit=int(limit),
    )


# --------------------------------------------------------------------------------------------------
# 数据质量


def check_summary(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "check_summary", **_scope(f))


def failed_checks(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    return sql.run(cur, "failed_checks", **_scope(f), limit=int(limit))


def quality_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "quality_by_year", **_scope(f))


def warning_list(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    return sql.run(cur, "warning_list", **_scope(f), limit=int(limit))


def copied_reports(cur: Cursor, f: Filters, limit: int = 500) -> pd.DataFrame:
    """内容雷同: reports whose whole text or section 五 is at least `labels.COPIED_THRESHOLD` similar to the
    agency's previous report."""
    return sql.run(cur, "copied_reports", **_scope(f), limit=int(limit))


def quality_scores(cur: Cursor, f: Filters, limit: int = 500, worst_first: bool = True) -> pd.DataFrame:
    """Reports by composite quality score (README "Report quality") with its components."""
    return sql.run(cur, "quality_scores", **_scope(f), limit=int(limit), worst_first=bool(worst_first))


def quality_score_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Per year: mean composite quality score and its components, and the 内容雷同 count."""
    return sql.run(cur, "quality_score_by_year", **_scope(f))


def ingest_errors(cur: Cursor, limit: int = 500) -> pd.DataFrame:
    return sql.run(cur, "ingest_errors", limit=int(limit))


def _roster(entries: tuple) -> list[dict] | None:
    keys = ("line", "name", "year", "province", "city")
    return [dict(zip(keys, e, strict=True)) for e in entries] or None


def missing_reports(cur: Cursor, f: Filters, limit: int = 500, roster: tuple = ()) -> pd.DataFrame:
    """Unit-years (an agency with its lineage group) with no report where one is expected: reported
    the year before and after (`adjacent`), listed in the user's roster (`in_roster`; `roster`: the
    entries of `dashboard.roster.parse_roster`, line, name, year, province, city), or inside its
    first..last year while peers (same province and level) reported; a year range limits the
    missing years."""
    return sql.run(cur, "missing_reports", **_scope(f), limit=int(limit), roster=_roster(roster))


def missing_roster_unmatched(cur: Cursor, f: Filters, roster: tuple = ()) -> pd.DataFrame:
    """The roster's lines `missing_reports` cannot check: naming no agency (`unmatched`), agencies of
    several units (`ambiguous`), or outside the filters or the year range (`out_of_scope`)."""
    return sql.run(cur, "missing_roster_unmatched", **_scope(f), roster=_roster(roster))


def late_reports(cur: Cursor, f: Filters, min_days: int = 0, limit: int = 500) -> pd.DataFrame:
    """Reports published more than `min_days` days after the legal deadline, latest year first."""
    return sql.run(cur, "late_reports", **_scope(f), min_days=int(min_days), limit=int(limit))


def late_reports_by_year(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Per year: dated reports, late ones (and their share), later than 30 days, median and longest delay."""
    return sql.run(cur, "late_reports_by_year", **_scope(f))


# --------------------------------------------------------------------------------------------------
# 数据下载


def export_reports(cur: Cursor, f: Filters) -> pd.DataFrame:
    """One row per report in scope: identity, summary measures and quality counts."""
    return sql.run(cur, "export_reports", **_scope(f))


def export_metrics(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "export_metrics", **_scope(f))


def export_facts(cur: Cursor, f: Filters) -> pd.DataFrame:
    return sql.run(cur, "export_facts", **_scope(f))


def count_export(cur: Cursor, f: Filters) -> dict:
    reports, table_facts = sql.one(cur, "count_export", **_scope(f))
    return {"reports": int(reports), "table_facts": int(table_facts)}


# The download page's tables: dataset → query (`export_<dataset>.sql`).
EXPORTS = {"reports": "export_reports", "metrics": "export_metrics", "facts": "export_facts"}


def _export(dataset: str) -> str:
    return EXPORTS[_choice(dataset, tuple(EXPORTS), "dataset")]


def export_rows(cur: Cursor, f: Filters, dataset: str) -> int:
    """The exact number of rows the download of `dataset` holds for the scope."""
    if _export(dataset) == "export_reports":
        return count_export(cur, f)["reports"]
    if dataset == "metrics":
        return int(sql.one(cur, "export_rows_metrics", **_scope(f))[0])
    return int(sql.one(cur, "export_rows_facts", **_scope(f))[0])


def export_file(cur: Cursor, f: Filters, dataset: str, path, fmt: str) -> int:
    """Write the download of `dataset` into `path` as CSV or Parquet (DuckDB's COPY); rows written."""
    return sql.copy(cur, _export(dataset), path, fmt, **_scope(f))


def export_batches(cur: Cursor, f: Filters, dataset: str, rows: int = 50_000):
    """The download of `dataset` as a stream of Arrow record batches (for the XLSX writer)."""
    return sql.batches(cur, _export(dataset), rows, **_scope(f))
