-- 数据质量: checks in scope per rule and status.
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
),

final as (
    select c.rule, c.status, sum(c.n)::bigint as n
    from dash_check_counts c
    join scoped r using (rix)
    group by all
)

select * from final
order by rule, status
