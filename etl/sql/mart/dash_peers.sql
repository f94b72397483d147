-- Dashboard: how many agencies of a province and level reported in a year (missing_reports lists a
-- unit's gap year only where peers reported, unless its neighbours or the user's roster say so).
with final as (
    select province, level, year, count(distinct agency_id) as peers_reporting
    from dash_reports
    group by all
)

select * from final
order by province, level, year
