-- 对比: per unit in `$ids` and year, the pooled value of `$metric` (rates: Σnumerator /
-- Σdenominator with a Wilson interval; counts: Σvalue). `$unit` 'agency' (ids are agency ids) or
-- 'province', 'city', 'county' (ids are names; a region's value is the sum of its organs, never
-- with their whole-jurisdiction aggregate). The name is the agency's latest name or the region's.
with scoped as (
    select r.rix, r.agency_id, r.province, r.city, r.county, r.is_aggregate
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
),

units as (
    select
        rix,
        case $unit
            when 'agency' then agency_id
            when 'province' then province
            when 'city' then city
            when 'county' then county
        end as uid
    from scoped
    where $unit = 'agency' or not is_aggregate
),

series as (
    select
        u.uid,
        m.year,
        sum(m.numerator) as numerator,
        sum(m.denominator) as denominator,
        case when $is_rate then sum(m.numerator) / nullif(sum(m.denominator), 0) else sum(m.value) end as value,
        count(*) as reports
    from dash_metrics m
    join units u using (rix)
    where m.metric = $metric and list_contains($ids, u.uid)
    group by all
),

units_named as (
    -- every report of the unit names it, whatever the filters
    select
        case $unit
            when 'agency' then agency_id
            when 'province' then province
            when 'city' then city
            when 'county' then county
        end as uid,
        agency,
        year
    from dash_reports
),

names as (
    select
        uid,
        case when $unit = 'agency' then arg_max(agency, coalesce(year, 0)) else any_value(uid) end as name
    from units_named
    where list_contains($ids, uid)
    group by uid
),

final as (
    select
        s.uid, n.name, s.year, s.value, s.numerator, s.denominator, s.reports,
        case when $is_rate then wilson_low(s.numerator, s.denominator) end as ci_low,
        case when $is_rate then wilson_high(s.numerator, s.denominator) end as ci_high
    from series s
    join names n using (uid)
)

select * from final
order by name, year
