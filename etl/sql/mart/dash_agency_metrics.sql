-- Dashboard: the league table's values (dashboard/sql/ranking.sql), pooled per metric, year and agency
-- from its organ reports (whole-jurisdiction reports left out), so that a ranking reads one row per
-- agency and year instead of joining and grouping report rows.
-- One row per metric, year and part: the agency's reports of the year that share its name, region,
-- level and sector (what the ranking filters and groups by: so a part is in a scope or out of it as
-- a whole); nearly always one part of one report. `rix`: the part's first report (its attributes in
-- dash_reports); `aix`: the agency's first report, its key (null for reports without an agency);
-- `whole_year`: the part is the agency's whole year (its only part). `value`: for a rate
-- Σnumerator / Σdenominator, for a count the sum of the values (the kind from metric_catalog).
-- Stored in rix order within a metric and year.
with agency_keys as (
    select agency_id, min(rix) as aix
    from dash_reports
    where agency_id is not null
    group by agency_id
),

organ_reports as (
    select
        r.rix,
        a.aix,
        min(r.rix) over part as part_rix,
        count(*) over part as part_reports,
        a.aix is not null and count(*) over part = count(*) over (partition by r.agency_id, r.year)
            as whole_year
    from dash_reports r
    left join agency_keys a using (agency_id)
    where not r.is_aggregate and r.year is not null
    window part as (
        partition by r.agency_id, r.year, r.agency, r.province, r.city, r.county, r.level, r.sector
    )
),

-- a part of one report is its metric row
parts as (
    select m.metric, m.year, m.rix, r.aix, r.whole_year, m.numerator, m.denominator, m.value
    from dash_metrics m
    join organ_reports r using (rix)
    where r.part_reports = 1
    union all
    select
        m.metric,
        m.year,
        min(m.rix) as rix,
        any_value(r.aix) as aix,
        any_value(r.whole_year) as whole_year,
        sum(m.numerator) as numerator,
        sum(m.denominator) as denominator,
        sum(m.value) as value
    from dash_metrics m
    join organ_reports r using (rix)
    where r.part_reports > 1
    group by m.metric, m.year, r.part_rix
),

final as (
    select
        p.metric,
        p.year,
        p.rix,
        p.aix,
        p.whole_year,
        p.numerator,
        p.denominator,
        case when c.kind = 'rate' then p.numerator / nullif(p.denominator, 0) else p.value end as value
    from parts p
    left join metric_catalog c using (metric)
)

select * from final
order by metric, year, rix
