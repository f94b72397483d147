-- 总览 and 数据质量: counts of reports with each kind of data problem, and the mean quality score.
with scoped as (
    select
        r.n_fail, r.n_incomplete, r.n_blank, r.n_warnings, r.format, r.has_t3, r.content_copied,
        r.problems_copied, r.similarity_prev_year, r.quality_score
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
        count(*) as reports,
        count(*) filter (where n_fail > 0) as with_fail,
        count(*) filter (where n_incomplete > 0 and n_fail = 0) as only_incomplete,
        count(*) filter (where n_blank > 0) as with_blanks,
        count(*) filter (where n_warnings > 0) as with_warnings,
        count(*) filter (where format in ('2019', '2021') and not has_t3) as missing_tables,
        sum(n_blank) as blank_cells,
        count(*) filter (where content_copied) as copied,
        count(*) filter (where problems_copied) as problems_copied,
        count(*) filter (where similarity_prev_year is not null) as compared,
        avg(quality_score) as mean_quality
    from scoped
)

select * from final
