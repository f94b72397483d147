-- Report × problem category it names (distinct): the one definition the recurrence views and the
-- dashboard mart count from. Improvement measures do not count.
with final as (
    select distinct p.report_id, c.category
    from problems p, unnest(p.categories) as c(category)
    where p.kind = 'problem'
)

select * from final
