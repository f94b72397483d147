-- 数据质量: 内容雷同, reports whose whole text or section 五 is at least as similar to the agency's
-- previous report as the threshold of etl/sql/derived/report_quality.sql; the most similar first.
with scoped as (
    select
        r.agency, r.agency_id, r.province, r.city, r.year, r.prev_year, r.similarity_prev_year,
        r.similarity_prev_year_problems, r.content_copied, r.problems_copied, r.quality_score, r.path
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
        agency, agency_id, province, city, year, prev_year, similarity_prev_year,
        similarity_prev_year_problems, content_copied, problems_copied, quality_score, path
    from scoped
    where content_copied or problems_copied
)

select * from final
order by greatest(similarity_prev_year, coalesce(similarity_prev_year_problems, 0)) desc, year desc, agency
limit $limit
