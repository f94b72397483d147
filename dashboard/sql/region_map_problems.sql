-- 地图（问题分析）: per region of the map, how many reports in scope name problem category `$category`
-- and their share of the region's reports (reports of unknown year left out, as on the page). `$level`
-- and the codes as in region_map.sql; eligible from `$min_sample` reports up.
with scoped as (
    select r.rix, r.map_province, r.map_city, r.province, r.city
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
),

coded as (
    select
        rix,
        case when $level = 'province' then map_province else map_city end as code,
        case when $level = 'province' then province else city end as name
    from scoped
),

naming as (
    select distinct p.rix
    from dash_problem_cats p
    join coded c using (rix)
    where p.category = $category
),

final as (
    select
        c.code,
        mode(c.name) as name,
        count(*) as reports,
        count(n.rix) as naming,
        count(n.rix) / count(*) as share,
        count(*) as sample,
        count(*) >= $min_sample as eligible
    from coded c
    left join naming n using (rix)
    group by c.code
)

select * from final
order by code nulls last
