-- Problem recurrence: the share of annual reports naming each problem category, per year, nationwide
-- (dimension 'all') and by province, city, level and sector. `province` qualifies a city.
with reports_ as (
    select report_id, year, province, city, level, sector
    from reports
    where year is not null and doc_type = 'annual_report'
),

named as (
    select report_id, category from problem_categories
),

grouped as (
    select report_id, year, 'all' as dimension, null::varchar as province, '全国' as value from reports_
    union all
    select report_id, year, 'province', province, province from reports_ where province is not null
    union all
    select report_id, year, 'city', province, city from reports_ where city is not null
    union all
    select report_id, year, 'level', null, level from reports_ where level is not null
    union all
    select report_id, year, 'sector', null, sector from reports_ where sector is not null
),

denominators as (
    select dimension, province, value, year, count(*) as reports
    from grouped
    group by all
),

numerators as (
    select g.dimension, g.province, g.value, g.year, n.category, count(*) as reports_naming
    from grouped g join named n using (report_id)
    group by all
),

final as (
    select
        n.dimension, n.province, n.value, n.year, n.category, n.reports_naming, d.reports,
        n.reports_naming / d.reports as share
    from numerators n
    join denominators d
        on d.dimension = n.dimension and d.province is not distinct from n.province
        and d.value = n.value and d.year = n.year
)

select * from final
