-- 问题分析: per problem category and year, the share of reports naming it and how many provinces
-- it appears in (its spread) beside how many provinces reported.
with scoped as (
    select r.rix, r.year, r.province
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
),

reports as (
    select year, count(*) as reports, count(distinct province) as provinces
    from scoped
    group by year
),

naming as (
    select c.category, c.year, count(*) as naming, count(distinct r.province) as provinces
    from dash_problem_cats c
    join scoped r using (rix)
    group by all
),

final as (
    select
        n.category, n.year, n.naming, d.reports, n.naming / d.reports as share,
        n.provinces, d.provinces as provinces_reporting
    from naming n
    join reports d using (year)
)

select * from final
order by category, year
