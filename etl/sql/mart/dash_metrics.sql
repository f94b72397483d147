-- Dashboard: metric rows keyed by the integer report index, sorted by metric and year (zone maps).
with final as (
    select r.rix, m.year, m.metric, m.numerator, m.denominator, m.value
    from report_metrics m
    join dash_reports r using (report_id)
)

select * from final
order by metric, year, rix
