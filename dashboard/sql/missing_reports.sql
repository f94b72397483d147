-- 数据质量: agency-years inside an agency's first..last year with no report, while peers (same
-- province and level) did report that year. The filters choose the agencies; the year range, when
-- given, the missing years.
with scoped as (
    select r.agency_id, r.agency, r.province, r.level, r.year
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
      and r.agency_id is not null
),

agencies as (
    select
        agency_id,
        arg_max(agency, coalesce(year, 0)) as agency,
        any_value(province) as province,
        any_value(level) as level,
        min(year) as first_year,
        max(year) as last_year,
        list(year) as years
    from scoped
    group by agency_id
),

gaps as (
    select a.agency_id, a.agency, a.province, a.level, y.year
    from agencies a, range(a.first_year, a.last_year + 1) as y(year)
    where not list_contains(a.years, y.year)
),

peers as (
    select province, level, year, count(distinct agency_id) as peers_reporting
    from dash_reports
    group by all
),

final as (
    select
        g.agency, g.agency_id, g.province, g.level, g.year,
        coalesce(p.peers_reporting, 0) as peers_reporting
    from gaps g
    left join peers p
        on p.province is not distinct from g.province and p.level = g.level and p.year = g.year
    where coalesce(p.peers_reporting, 0) > 0
      and ($year_from is null or g.year between $year_from and $year_to)
)

select * from final
order by year desc, agency
limit $limit
