-- Dashboard: every check of every report keyed by rix, in rix order (an agency's or a region's
-- checks are one run of row groups: agency_checks, check_summary, failed_checks read only those).
with final as (
    select r.rix, c.rule, c.scope, c.status, c.detail
    from checks c
    join dash_reports r using (report_id)
)

select * from final
order by rix, rule, scope
