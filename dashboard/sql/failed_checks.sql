-- 数据质量: the checks that did not pass (fail, then incomplete), newest first.
with scoped as (
    select r.rix, r.agency, r.agency_id, r.province, r.city, r.year, r.path
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
),

final as (
    select r.agency, r.agency_id, r.province, r.city, r.year, c.rule, c.status, c.detail, r.path
    from dash_check_failures c
    join scoped r using (rix)
)

select * from final
order by status, year desc, agency
limit $limit
