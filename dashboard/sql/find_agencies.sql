-- 机构画像: the agencies in scope with the most reports (the profile's picker).
with scoped as (
    select r.agency_id, r.agency, r.province, r.city, r.year
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.agency_id is not null
),

final as (
    select
        agency_id,
        arg_max(agency, coalesce(year, 0)) as agency,
        any_value(province) as province,
        any_value(city) as city,
        count(*) as reports,
        min(year) as first_year,
        max(year) as last_year
    from scoped
    group by agency_id
)

select * from final
order by reports desc, agency
limit $limit
