-- 地图: `$metric` in `$year` by region within the scope (the scope's years are not used: the wrapper
-- passes none), keyed by the GB/T 2260 code of the map's regions: `$level` 'province' the report's
-- `dash_reports.map_province`, 'city' its `map_city` (the rule: macros map_province_code and
-- map_city_code, etl/sql/macros.sql). Reports without a usable code end up in the row `code` null.
-- `$is_rate`: pooled Σnumerator / Σdenominator, eligible from `$min_sample` (the denominator) up;
-- counts are summed and eligible when there is a value. Whole-jurisdiction reports are left out.
with scoped as (
    select r.rix, r.map_province, r.map_city, r.province, r.city
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and not r.is_aggregate
),

coded as (
    select
        rix,
        case when $level = 'province' then map_province else map_city end as code,
        case when $level = 'province' then province else city end as name
    from scoped
),

base as (
    select
        c.code,
        mode(c.name) as name,
        count(distinct m.rix) as reports,
        sum(m.numerator) as numerator,
        sum(m.denominator) as denominator,
        case when $is_rate then sum(m.numerator) / nullif(sum(m.denominator), 0) else sum(m.value) end as value
    from dash_metrics m
    join coded c using (rix)
    where m.metric = $metric and m.year = $year
    group by c.code
),

final as (
    select
        code,
        name,
        reports,
        numerator,
        denominator,
        value,
        case when $is_rate then coalesce(denominator, 0) else reports end as sample,
        case when $is_rate then coalesce(denominator, 0) >= $min_sample else value is not null end as eligible
    from base
)

select * from final
order by code nulls last
