-- 总览: the reports in scope, newest first (unknown years last), one page of them.
with scoped as (
    select
        r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.sector, r.year,
        r.format, r.n_warnings, r.warnings_text, r.n_fail, r.n_incomplete, r.n_blank, r.path,
        r.similarity_prev_year, r.content_copied, r.quality_score
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
        report_id, agency_id, agency, province, city, county, level, sector, year, format,
        n_warnings, warnings_text, n_fail, n_incomplete, n_blank, path,
        similarity_prev_year, content_copied, quality_score
    from scoped
)

select * from final
order by year desc nulls last, province, city, agency
limit $limit offset $offset
