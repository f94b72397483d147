-- Chronic problems: the same agency naming the same problem category in two or more consecutive
-- years (gaps and islands), one row per run with its length.
with named as (
    select distinct r.agency_id, c.category, r.year
    from problems p
    join reports r using (report_id), unnest(p.categories) as c(category)
    where p.kind = 'problem' and r.agency_id is not null and r.year is not null
),

islands as (
    select *, year - row_number() over (partition by agency_id, category order by year) as island
    from named
),

runs as (
    select agency_id, category, min(year) as first_year, max(year) as last_year, count(*) as run_length
    from islands
    group by agency_id, category, island
    having count(*) >= 2
),

final as (
    select r.agency_id, a.name as agency, a.province, a.city, a.level, a.sector,
        r.category, r.first_year, r.last_year, r.run_length
    from runs r
    left join agencies a using (agency_id)
)

select * from final
