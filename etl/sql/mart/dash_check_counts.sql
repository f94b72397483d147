-- Dashboard: how many checks of each rule a report passed, failed or could not complete, keyed by rix
-- in rix order (check_summary reads only the run of row groups of the region in scope).
with counted as (
    select report_id, rule, status, count(*)::integer as n
    from checks
    group by all
),

final as (
    select r.rix, c.rule, c.status, c.n
    from counted c
    join dash_reports r using (report_id)
)

select * from final
order by rix, rule, status
