-- 数据下载: one row per report in scope: identity, summary measures and quality columns.
with scoped as (
    select
        r.rix, r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.region_code, r.level,
        r.sector, r.year, r.format, r.scope, r.path, r.published, r.n_warnings, r.warnings_text, r.n_fail,
        r.n_incomplete, r.n_blank, r.n_problems, r.similarity_prev_year, r.similarity_prev_year_problems,
        r.content_copied, r.problems_copied, r.completeness, r.consistency, r.problem_specificity,
        r.quality_score
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
),

final as (
    select
        r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.region_code, r.level,
        r.sector, r.year, r.format, r.scope, r.path, r.published,
        m.* exclude (rix, report_id, agency_id, agency, province, city, county, region_code, level, sector,
                     year, format, scope),
        r.n_warnings, r.warnings_text, r.n_fail, r.n_incomplete, r.n_blank, r.n_problems,
        r.similarity_prev_year, r.similarity_prev_year_problems, r.content_copied, r.problems_copied,
        r.completeness, r.consistency, r.problem_specificity, r.quality_score
    from scoped r
    left join dash_measures m using (rix)
)

select * from final
order by year, province, city, agency
