-- Dashboard: whole-jurisdiction reports beside the sum of their organs (the region_aggregates view),
-- keyed by the aggregate report's rix.
with final as (
    select r.rix, v.*
    from region_aggregates v
    join dash_reports r using (report_id)
)

select * from final
order by year, region_code, rix, ord
