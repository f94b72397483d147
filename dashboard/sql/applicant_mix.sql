-- 申请办理: per year and applicant column of Table 3, the new requests (organ reports, 2019+).
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
      and not r.is_aggregate
),

final as (
    select t.year, t.col_key, sum(t.value) as requests
    from dash_t3 t
    join scoped r using (rix)
    where t.row_key = 'new_received' and t.col_key <> 'total'
    group by all
)

select * from final
order by year, col_key
