-- 数据质量: per year, the reports with a publication date (`dated`), those published after the legal
-- deadline (`late`, `late_share` of the dated ones), later than 30 days (`late_30`), and the median
-- and longest delay of the late ones in days (`timeliness_days`, etl/parse.py).
with scoped as (
    select r.year, r.timeliness_days
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
),

final as (
    select
        year,
        count(*) as reports,
        count(timeliness_days) as dated,
        count(*) filter (where timeliness_days > 0) as late,
        count(*) filter (where timeliness_days > 30) as late_30,
        count(*) filter (where timeliness_days > 0) / nullif(count(timeliness_days), 0) as late_share,
        median(timeliness_days) filter (where timeliness_days > 0) as median_days_late,
        max(timeliness_days) filter (where timeliness_days > 0) as max_days_late
    from scoped
    group by year
)

select * from final
order by year
