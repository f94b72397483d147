-- 排名: the years with values of `$metric` in scope (organ reports; the wrapper passes no years).
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and not r.is_aggregate
)

select distinct m.year
from dash_metrics m
join scoped r using (rix)
where m.metric = $metric and m.year is not null
order by 1
