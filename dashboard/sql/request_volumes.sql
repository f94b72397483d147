-- 申请办理: per year, requests received and processed, carried in and out, and the backlog rate
-- (carried out / (new + carried in), 2019+ tables), over organ reports.
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
      and not r.is_aggregate
),

final as (
    select
        m.year,
        count(*) as reports,
        sum(m.requests_received) as requests_received,
        sum(m.requests_processed) as requests_processed,
        sum(m.carried_in_total) as carried_in,
        sum(m.carried_out_total) as carried_out,
        sum(m.carried_out_total)
            / nullif(sum(m.new_received_total + coalesce(m.carried_in_total, 0))
                filter (where m.carried_out_total is not null), 0) as backlog_rate
    from dash_measures m
    join scoped r using (rix)
    group by m.year
)

select * from final
order by year
