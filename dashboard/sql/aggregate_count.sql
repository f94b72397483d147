-- 排名: whole-jurisdiction reports in scope (in `$year` when given), left out of sums and rankings.
with scoped as (
    select r.year, r.is_aggregate
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
)

select count(*) as aggregates
from scoped
where is_aggregate and ($year is null or year = $year)
