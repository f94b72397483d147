-- 数据质量: per year, the reports with each kind of data problem.
with scoped as (
    select
        r.year, r.n_blank, r.n_fail, r.n_incomplete, r.n_warnings, r.format, r.has_t3
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
        sum(n_blank) as blank_cells,
        count(*) filter (where n_blank > 0) as reports_with_blanks,
        count(*) filter (where n_fail > 0) as reports_failing,
        count(*) filter (where n_incomplete > 0) as reports_incomplete,
        count(*) filter (where n_warnings > 0) as reports_with_warnings,
        count(*) filter (where format in ('2019', '2021') and not has_t3) as missing_tables
    from scoped
    group by year
)

select * from final
order by year
