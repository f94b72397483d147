-- Dashboard: chronic problems (runs of consecutive years naming the same category), from the
-- problem_chronic view.
with final as (
    select agency_id, category, first_year, last_year, run_length
    from problem_chronic
)

select * from final
