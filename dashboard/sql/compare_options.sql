-- 对比: candidates to compare, the most reported first: agencies (`$unit` 'agency': id and latest
-- name) or regions ('province', 'city', 'county': the name is the id).
with scoped as (
    select r.agency_id, r.agency, r.province, r.city, r.county, r.year
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
),

units as (
    select
        *,
        case $unit
            when 'agency' then agency_id
            when 'province' then province
            when 'city' then city
            when 'county' then county
        end as uid
    from scoped
),

final as (
    select
        uid,
        case when $unit = 'agency' then arg_max(agency, coalesce(year, 0)) else any_value(uid) end as name,
        count(*) as n
    from units
    where uid is not null
    group by uid
)

select * from final
order by n desc, name
limit $limit
