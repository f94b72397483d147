-- Whole-jurisdiction reports (scope 'aggregate', e.g. a city's report summing every organ of the city)
-- beside the sum of the organ reports of their jurisdiction in the same year: one row per aggregate
-- report and summary measure. The jurisdiction is the aggregate's region: a province's reports by
-- the first 2 digits of the region code, a city's by 4, a county's by all 6. `organ_reports` is how
-- many organ reports that year are in the database (it rarely holds every organ), `organs_reporting`
-- how many of them state the measure.
with measures as (
    select
        report_id, agency_id, agency, province, city, county, region_code, level, year, scope,
        requests_received, requests_processed, granted, partial, denied, proactive_items, reviews, lawsuits
    from report_measures
),

aggregates as (
    select
        *,
        case level when 'province' then left(region_code, 2) when 'city' then left(region_code, 4)
            else region_code end as code_prefix
    from measures
    where scope = 'aggregate' and region_code is not null and year is not null
),

long_aggregates as (
    unpivot aggregates
    on requests_received, requests_processed, granted, partial, denied, proactive_items, reviews, lawsuits
    into name measure value reported
),

-- every jurisdiction an organ report lies in (its province, city and county code prefixes), so the
-- aggregates find their organs by an equi-join instead of comparing every pair of a year's reports
organ_prefixes as (
    select o.*, unnest(list_distinct([left(o.region_code, 2), left(o.region_code, 4), o.region_code]))
        as code_prefix
    from measures o
    where o.scope <> 'aggregate' and o.region_code is not null and o.year is not null
),

organ_reports as (
    select a.report_id, o.* exclude (code_prefix)
    from aggregates a
    join organ_prefixes o on o.year = a.year and o.code_prefix = a.code_prefix
),

organ_counts as (
    select report_id, count(*) as organ_reports, count(distinct agency_id) as organs
    from organ_reports
    group by report_id
),

long_organs as (
    unpivot (
        select report_id, requests_received, requests_processed, granted, partial, denied, proactive_items,
            reviews, lawsuits
        from organ_reports
    )
    on requests_received, requests_processed, granted, partial, denied, proactive_items, reviews, lawsuits
    into name measure value v
),

organ_totals as (
    select report_id, measure, sum(v) as organs_total, count(v) as organs_reporting
    from long_organs
    group by all
),

measure_names as (
    select * from (values
        (1, 'requests_received'), (2, 'requests_processed'), (3, 'granted'), (4, 'partial'),
        (5, 'denied'), (6, 'proactive_items'), (7, 'reviews'), (8, 'lawsuits')
    ) as t(ord, measure)
),

final as (
    select
        a.report_id, a.agency_id, a.agency, a.province, a.city, a.county, a.region_code, a.level, a.year,
        m.ord, m.measure, l.reported, t.organs_total,
        coalesce(t.organs_reporting, 0) as organs_reporting,
        coalesce(c.organ_reports, 0) as organ_reports,
        coalesce(c.organs, 0) as organs
    from aggregates a
    cross join measure_names m
    left join long_aggregates l on l.report_id = a.report_id and l.measure = m.measure
    left join organ_totals t on t.report_id = a.report_id and t.measure = m.measure
    left join organ_counts c on c.report_id = a.report_id
)

select * from final
