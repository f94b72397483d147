-- 数据质量: per year, the mean composite quality score and its components, and the 内容雷同 counts.
with scoped as (
    select
        r.year, r.quality_score, r.completeness, r.consistency, r.problem_specificity,
        r.similarity_prev_year, r.content_copied, r.problems_copied
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
),

final as (
    select
        year,
        count(*) as reports,
        avg(quality_score) as quality_score,
        avg(completeness) as completeness,
        avg(consistency) as consistency,
        avg(problem_specificity) as problem_specificity,
        avg(similarity_prev_year) as similarity_prev_year,
        count(*) filter (where content_copied) as copied,
        count(*) filter (where problems_copied) as problems_copied
    from scoped
    group by year
)

select * from final
order by year
