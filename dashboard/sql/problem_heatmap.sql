-- 问题分析: share of reports naming each problem category, by group × year: $group_col
-- 'province', 'city' or 'county' (the regions one level below the scope) or 'sector'.
with scoped as (
    select
        r.rix,
        r.year,
        coalesce(
            case $group_col
                when 'province' then r.province
                when 'city' then r.city
                when 'county' then r.county
                when 'sector' then r.sector
            end,
            '（本级）'
        ) as grp
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
    select grp, year, count(*) as reports
    from scoped
    group by all
),

naming as (
    select c.category, r.grp, c.year, count(*) as naming
    from dash_problem_cats c
    join scoped r using (rix)
    group by all
),

final as (
    select n.category, n.grp, n.year, n.naming, d.reports, n.naming / d.reports as share
    from naming n
    join reports d using (grp, year)
)

select * from final
order by category, grp, year
