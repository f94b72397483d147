-- Dashboard: the problem and improvement statements keyed by rix, in rix order (one agency's or
-- region's statements are one run of row groups: agency_problems, problem_statements).
with final as (
    select r.rix, p.kind, p.ordinal, p.text, p.categories, p.span_start, p.span_end
    from problems p
    join dash_reports r using (report_id)
)

select * from final
order by rix, kind, ordinal
