-- Dashboard: report × problem category named (the problem_categories view), keyed by rix.
with final as (
    select r.rix, n.category, r.year
    from problem_categories n
    join dash_reports r using (report_id)
)

select * from final
order by category, year
