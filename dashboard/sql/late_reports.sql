-- 数据质量: reports published after the legal deadline, by more than `$min_days` days
-- (`timeliness_days`: days after 31 January, or 31 March, of the next year; etl/parse.py), the latest
-- year first and the latest report first; `deadline` is the date it counts from. `$limit` rows.
with scoped as (
    select
        r.agency_id, r.agency, r.province, r.city, r.level, r.sector, r.year, r.published,
        r.timeliness_days, r.path
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.timeliness_days > $min_days
),

final as (
    select
        agency_id, agency, province, city, level, sector, year,
        (published - timeliness_days)::date as deadline,
        published,
        timeliness_days,
        path
    from scoped
)

select * from final
order by year desc nulls last, timeliness_days desc, agency
limit $limit
