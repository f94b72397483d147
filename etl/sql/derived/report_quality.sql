-- One row per report: how careful the report itself is (README "Report quality").
-- Rebuilt as a whole after every ingest (it only reads stored signatures, never the texts), so a new
-- year's report and the reports following a changed one are always compared with the current data.
with reports_ as (
    select report_id, agency_id, year, format, doc_type, timeliness_days
    from reports
),

-- what the report has: 2019+ reports by section heading; free-form pre-2019 reports by topic
features as (
    select
        f.report_id,
        case when r.format in ('2019', '2021') then f.sections else f.topics end as found,
        f.has_problem_section, f.problem_statements, f.problem_specificity, f.text_signature, f.problem_signature
    from report_features f
    join reports_ r using (report_id)
),

-- sections and standard tables the report's format calls for
expected as (
    select
        report_id,
        case when doc_type = 'statistics' then []::varchar[]
             when format in ('2019', '2021') then ['overview', 'proactive', 'requests', 'review', 'problems', 'other']
             else ['overview', 'proactive', 'requests', 'fees', 'review', 'problems'] end as sections_expected,
        case when doc_type = 'statistics' or format in ('2019', '2021') then 3 else 0 end as tables_expected
    from reports_
),

table_cells as (
    select
        report_id,
        bool_or(key like 't2.%' or key like 't2\_2019.%' escape '\') as has_t2,
        bool_or(key like 't3.%') as has_t3,
        bool_or(key like 't4.%') as has_t4,
        count(*) as table_cells,
        count(*) filter (where is_blank) as blank_cells
    from facts
    where origin in ('table', 'sheet')
    group by report_id
),

identities as (
    select
        report_id,
        count(*) filter (where status = 'ok') as identities_ok,
        count(*) filter (where status = 'fail') as identities_failed,
        count(*) filter (where status = 'incomplete') as identities_incomplete
    from checks
    where rule in ('D1', 'D2', 'D3', 'D4')  -- the exact identities (metrics.md: consistency)
    group by report_id
),

-- the agency's previous report: its most recent earlier year with a report
agency_years as (
    select agency_id, year, lag(year) over (partition by agency_id order by year) as prev_year
    from (select distinct agency_id, year from reports_ where agency_id is not null and year is not null)
),

pairs as (
    select
        c.report_id,
        p.report_id as prev_report_id,
        p.year as prev_year,
        minhash_similarity(fc.text_signature, fp.text_signature) as s_text,
        minhash_similarity(fc.problem_signature, fp.problem_signature) as s_problems
    from reports_ c
    join agency_years ay on ay.agency_id = c.agency_id and ay.year = c.year
    join reports_ p on p.agency_id = c.agency_id and p.year = ay.prev_year
    left join features fc on fc.report_id = c.report_id
    left join features fp on fp.report_id = p.report_id
),

-- several reports of the agency that year (e.g. two versions): the closest one counts
previous as (
    select report_id, prev_report_id, prev_year, s_text, s_problems
    from (
        select *, row_number() over (
            partition by report_id order by s_text desc nulls last, s_problems desc nulls last, prev_report_id
        ) as pick
        from pairs
    )
    where pick = 1
),

components as (
    select
        r.report_id,
        r.agency_id,
        r.year,
        pv.prev_report_id,
        pv.prev_year,
        pv.s_text as similarity_prev_year,
        pv.s_problems as similarity_prev_year_problems,
        pv.s_text >= 0.85 as content_copied,
        pv.s_problems >= 0.85 as problems_copied,
        len(list_intersect(coalesce(f.found, []), e.sections_expected)) as sections_present,
        len(e.sections_expected) as sections_expected,
        list_filter(e.sections_expected, lambda s: not list_contains(coalesce(f.found, []), s)) as missing_sections,
        case when e.tables_expected = 0 then 0
             else coalesce(t.has_t2, false)::integer + coalesce(t.has_t3, false)::integer
                  + coalesce(t.has_t4, false)::integer end as tables_present,
        e.tables_expected,
        coalesce(i.identities_ok, 0) + coalesce(i.identities_failed, 0) as identities_checked,
        coalesce(i.identities_ok, 0) as identities_ok,
        coalesce(i.identities_incomplete, 0) as identities_incomplete,
        coalesce(t.table_cells, 0) as table_cells,
        coalesce(t.blank_cells, 0) as blank_cells,
        coalesce(f.has_problem_section, false) as has_problem_section,
        coalesce(f.problem_statements, 0) as problem_statements,
        f.problem_specificity,
        r.timeliness_days
    from reports_ r
    join expected e using (report_id)
    left join features f using (report_id)
    left join table_cells t using (report_id)
    left join identities i using (report_id)
    left join previous pv using (report_id)
),

scored as (
    select
        *,
        (sections_present + tables_present) / nullif(sections_expected + tables_expected, 0) as completeness,
        identities_ok / nullif(identities_checked, 0) as consistency,
        blank_cells / nullif(table_cells, 0) as blank_share,
        -- 1 up to similarity 0.5, falling linearly to 0 at 1.0 (whole text or section 五, the higher)
        case when similarity_prev_year is not null then least(1, greatest(0,
            (1 - greatest(similarity_prev_year, coalesce(similarity_prev_year_problems, 0))) / 0.5)) end as originality,
        -- 1 when published by the deadline, falling linearly to 0 at 90 days late
        case when timeliness_days is not null then least(1, greatest(0, 1 - timeliness_days / 90)) end as punctuality
    from components
),

final as (
    select
        report_id, agency_id, year, prev_report_id, prev_year,
        similarity_prev_year, similarity_prev_year_problems, content_copied, problems_copied,
        sections_present, sections_expected, missing_sections, tables_present, tables_expected, completeness,
        identities_checked, identities_ok, identities_incomplete, consistency,
        table_cells, blank_cells, blank_share,
        has_problem_section, problem_statements, problem_specificity,
        timeliness_days, originality, punctuality,
        round(100 * (
            25 * coalesce(completeness, 0) + 25 * coalesce(consistency, 0) + 10 * coalesce(1 - blank_share, 0)
            + 20 * coalesce(originality, 0) + 10 * coalesce(problem_specificity, 0) + 10 * coalesce(punctuality, 0)
        ) / nullif(
            25 * (completeness is not null)::integer + 25 * (consistency is not null)::integer
            + 10 * (blank_share is not null)::integer + 20 * (originality is not null)::integer
            + 10 * (problem_specificity is not null)::integer + 10 * (punctuality is not null)::integer, 0
        ), 1) as quality_score
    from scored
)

select * from final
