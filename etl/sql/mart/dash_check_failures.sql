-- Dashboard: the checks that did not pass (fail or incomplete), keyed by rix in rix order
-- (failed_checks; the passed ones stay in `checks`, read by report).
with final as (
    select r.rix, c.rule, c.scope, c.status, c.detail
    from checks c
    join dash_reports r using (report_id)
    where c.status <> 'ok'
)

select * from final
order by rix, rule, scope
