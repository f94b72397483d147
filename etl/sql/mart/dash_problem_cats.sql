-- Dashboard: report × problem category named (distinct), keyed by rix.
with named as (
    select distinct p.report_id, c.category
    from problems p, unnest(p.categories) as c(category)
    where p.kind = 'problem'
),

final as (
    select r.rix, n.category, r.year
    from named n
    join dash_reports r using (report_id)
)

select * from final
order by category, year
