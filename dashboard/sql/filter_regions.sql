-- Sidebar options: every (province, city) pair with reports, provinces in order.
with final as (
    select province, city
    from dash_reports
    where province is not null
    group by all
)

select * from final
order by province, city
