-- 数据质量: reports by composite quality score (README "Report quality") with its components;
-- $worst_first: the lowest scores first.
with scoped as (
    select
        r.report_id, r.agency, r.agency_id, r.province, r.city, r.year, r.format, r.quality_score, r.path
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.quality_score is not null
),

-- the page's rows first, then their components (one lookup per listed report, not per report in scope)
listed as (
    select *
    from scoped
    order by case when $worst_first then quality_score else -quality_score end, year desc, agency
    limit $limit
),

final as (
    select
        r.agency, r.agency_id, r.province, r.city, r.year, r.format, r.quality_score, q.completeness,
        q.missing_sections, q.tables_present, q.tables_expected, q.consistency, q.blank_cells,
        q.blank_share, q.similarity_prev_year, q.similarity_prev_year_problems, q.content_copied,
        q.problem_statements, q.problem_specificity, q.timeliness_days, r.path
    from listed r
    join src.report_quality q using (report_id)
)

select * from final
order by case when $worst_first then quality_score else -quality_score end, year desc, agency
limit $limit
