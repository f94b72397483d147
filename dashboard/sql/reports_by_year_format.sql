-- 总览: reports per year and format (unknown years skipped; a missing format is 'unknown').
with scoped as (
    select r.year, r.format
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
    select year, coalesce(format, 'unknown') as format, count(*) as reports
    from scoped
    group by all
)

select * from final
order by year, format
