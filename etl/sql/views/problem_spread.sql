-- Spread: in how many provinces each problem category was named in the same year (central agencies,
-- with no province, count as reports but not as provinces). `spread_rank` 1 = the most widespread.
with reports_ as (
    select report_id, year, province
    from reports
    where year is not null and doc_type = 'annual_report'
),

named as (
    select report_id, category from problem_categories
),

years as (
    select year, count(distinct province) as provinces_reporting, count(*) as reports
    from reports_
    group by year
),

categories as (
    select r.year, n.category, count(distinct r.province) as provinces, count(*) as reports_naming
    from named n join reports_ r using (report_id)
    group by all
),

final as (
    select
        c.year, c.category, c.provinces, y.provinces_reporting,
        c.provinces / nullif(y.provinces_reporting, 0) as province_share,
        c.reports_naming, y.reports, c.reports_naming / y.reports as share,
        rank() over (partition by c.year order by c.provinces desc, c.reports_naming desc) as spread_rank
    from categories c
    join years y using (year)
)

select * from final
