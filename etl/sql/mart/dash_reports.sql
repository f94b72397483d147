-- Dashboard: one row per report with its identity, quality counts and report-quality scores.
-- `is_aggregate`: a whole jurisdiction's report, left out of organ sums and rankings.
-- `rix` (0-based) is the integer key the other dash_ tables use, in the order of the agency's province
-- and city (its latest, from `agencies`), agency, year: an agency's reports are one run of rix, and so
-- (but for reports filed under another region than their agency's latest) are a city's and a
-- province's. The tables stored in rix order (dash_check_counts, dash_problems, dash_measures; dash_metrics
-- within a metric and year) are then read only in that run's row groups when a query joins them to
-- the reports of one agency or region.
-- `map_province`, `map_city`: where the report is drawn on the province map and on a province's city
-- map (macros map_province_code, map_city_code in etl/sql/macros.sql); null without a province or a
-- usable code (dashboard/maps.py, dashboard/sql/region_map*.sql).
with fact_counts as (
    select
        report_id,
        count(*) filter (where is_blank) as n_blank,
        count(*) filter (where origin in ('table', 'sheet')) as n_table_facts,
        bool_or(key like 't3.%' and origin in ('table', 'sheet')) as has_t3,
        bool_or(key like 't4.%' and origin in ('table', 'sheet')) as has_t4
    from facts
    group by report_id
),

check_counts as (
    select
        report_id,
        count(*) as n_checks,
        count(*) filter (where status = 'fail') as n_fail,
        count(*) filter (where status = 'incomplete') as n_incomplete
    from checks
    group by report_id
),

problem_counts as (
    select report_id, count(*) filter (where kind = 'problem') as n_problems
    from problems
    group by report_id
),

final as (
    select
        (
            row_number() over (
                -- an agency's own region even where it is null (a coalesce with the report's would
                -- split the agency's run when its latest report names no province)
                order by
                    if(a.agency_id is null, r.province, a.province),
                    if(a.agency_id is null, r.city, a.city),
                    r.agency_id, r.year, r.report_id
            ) - 1
        )::integer as rix,
        r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.region_code, r.level, r.sector,
        r.year, r.format, r.path, r.title, r.published, r.timeliness_days, r.text_chars,
        coalesce(len(r.warnings), 0) as n_warnings,
        coalesce(array_to_string(r.warnings, '；'), '') as warnings_text,
        coalesce(f.n_blank, 0) as n_blank,
        coalesce(f.n_table_facts, 0) as n_table_facts,
        coalesce(f.has_t3, false) as has_t3,
        coalesce(f.has_t4, false) as has_t4,
        coalesce(c.n_checks, 0) as n_checks,
        coalesce(c.n_fail, 0) as n_fail,
        coalesce(c.n_incomplete, 0) as n_incomplete,
        coalesce(p.n_problems, 0) as n_problems,
        q.prev_year,
        q.similarity_prev_year,
        q.similarity_prev_year_problems,
        coalesce(q.content_copied, false) as content_copied,
        coalesce(q.problems_copied, false) as problems_copied,
        q.completeness,
        q.consistency,
        q.problem_specificity,
        q.quality_score,
        coalesce(r.scope, 'organ') as scope,
        coalesce(r.scope = 'aggregate', false) as is_aggregate,
        r.organ_id,
        case when r.province is not null then map_province_code(r.region_code) end as map_province,
        case when r.province is not null then map_city_code(r.region_code) end as map_city
    from reports r
    left join fact_counts f using (report_id)
    left join check_counts c using (report_id)
    left join problem_counts p using (report_id)
    left join report_quality q using (report_id)
    left join agencies a on a.agency_id = r.agency_id
)

select * from final
order by rix
