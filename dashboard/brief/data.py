"""The briefing pack's numbers: everything the slides show, from the dashboard's query functions.

`collect(cur, filters)` returns a `BriefData`; nothing here draws or writes text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import duckdb
import pandas as pd

from dashboard import queries
from dashboard.filters import Filters

RANKED_METRIC = "disclosure_rate"
MIN_DENOMINATOR = 10  # rates below it are listed but not ranked (as on the 排名 page)
MIN_RANKED_REGIONS = 3  # fewer regions than this ranked: rank agencies instead
SOURCE_FILES_UP_TO = 200_000  # count the distinct source files only for scopes up to this many reports


@dataclass
class BriefData:
    filters: Filters
    scope: str
    counts: dict
    info: dict
    db_name: str
    yk: pd.DataFrame
    formats: pd.DataFrame
    outcomes: pd.DataFrame
    disputes: pd.DataFrame
    problems: pd.DataFrame
    checks: pd.DataFrame
    quality: dict
    errors: pd.DataFrame
    catalog: pd.DataFrame
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    rank_year: int | None = None
    rank_unit: str = "region"
    rank_unit_name: str = ""
    source_files: int | None = None
    region_map: object | None = None  # dashboard.maps.RegionMap of the ranked metric in rank_year

    @property
    def latest(self) -> pd.Series | None:
        """The yearly KPIs of the latest year in scope."""
        return None if self.yk.empty else self.yk.iloc[-1]

    @property
    def previous(self) -> pd.Series | None:
        """The yearly KPIs of the year before the latest (None when that year has no reports)."""
        if self.yk.empty:
            return None
        prev = self.yk[self.yk.year == self.yk.year.iloc[-1] - 1]
        return None if prev.empty else prev.iloc[0]


def clamp_years(cur: duckdb.DuckDBPyConnection, f: Filters) -> Filters:
    """Clip an open-ended year range (e.g. 0–2023 from `xxgk brief --year 2023`) to the data's years."""
    if f.year_from is None:
        return f
    c = queries.scope_counts(cur, f.without_years())
    if c["year_min"] is None:
        return f
    lo = max(int(f.year_from), int(c["year_min"]))
    hi = min(int(f.year_to), int(c["year_max"]))
    if lo > hi:
        return f
    return replace(f, year_from=lo, year_to=hi)


def ranked_years(years: list[int], f: Filters) -> list[int]:
    """The years of the ranked metric inside the filter's year range."""
    return [
        y
        for y in years
        if (f.year_to is None or y <= f.year_to) and (f.year_from is None or y >= f.year_from)
    ]


def collect(cur: duckdb.DuckDBPyConnection, f: Filters, db_name: str = "") -> BriefData:
    """Everything the pack shows, from the dashboard's query functions."""
    f = clamp_years(cur, f)
    counts = queries.scope_counts(cur, f)
    data = BriefData(
        filters=f,
        scope=f.describe(),
        counts=counts,
        info=queries.build_info(cur),
        db_name=db_name,
        yk=queries.yearly_kpis(cur, f).dropna(subset=["year"]).reset_index(drop=True),
        formats=queries.reports_by_year_format(cur, f),
        outcomes=queries.outcome_summary(cur, f),
        disputes=queries.dispute_by_year(cur, f),
        problems=queries.problem_category_year(cur, f),
        checks=queries.check_summary(cur, f),
        quality=queries.quality_summary(cur, f),
        errors=queries.ingest_errors(cur),
        catalog=queries.metric_catalog(cur),
    )
    if counts["reports"] and counts["reports"] <= SOURCE_FILES_UP_TO:
        paths = queries.report_list(cur, f, int(counts["reports"]))["path"]
        data.source_files = int(paths.nunique())
    years = ranked_years(queries.metric_years(cur, f, RANKED_METRIC), f)
    if years:
        data.rank_year = years[-1]
        _, name = queries.ranking_unit_column(f)
        rk = queries.ranking(cur, f, RANKED_METRIC, data.rank_year, "region", MIN_DENOMINATOR)
        data.rank_unit, data.rank_unit_name = "region", name
        if rk.empty or int(rk.eligible.sum()) < MIN_RANKED_REGIONS:
            rk = queries.ranking(cur, f, RANKED_METRIC, data.rank_year, "agency", MIN_DENOMINATOR)
            data.rank_unit, data.rank_unit_name = "agency", "机构"
        data.ranking = rk
        data.region_map = _region_map(cur, f, data.rank_year)
    return data


def _region_map(cur: duckdb.DuckDBPyConnection, f: Filters, year: int):
    """The ranked metric by province (by city within a chosen province); None when no region of the
    map has a value (e.g. reports without region codes)."""
    from dashboard import maps

    m = maps.metric_map(cur, f, RANKED_METRIC, year, min_sample=MIN_DENOMINATOR)
    return m if m.table["value"].notna().any() else None
