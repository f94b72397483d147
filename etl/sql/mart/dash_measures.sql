-- Dashboard: the summary measures of every report (report_measures), keyed by rix.
with final as (
    select r.rix, m.*
    from report_measures m
    join dash_reports r using (report_id)
)

select * from final
order by rix
