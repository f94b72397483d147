-- Dashboard: one row per agency with its latest attributes (filters on agency-level tables) and its
-- lineage group (agencies joined by mergers or splits, `agencies.lineage_group`).
with latest as (
    select
        agency_id,
        arg_max(agency, coalesce(year, 0)) as agency,
        arg_max(province, coalesce(year, 0)) as province,
        arg_max(city, coalesce(year, 0)) as city,
        arg_max(county, coalesce(year, 0)) as county,
        arg_max(level, coalesce(year, 0)) as level,
        arg_max(sector, coalesce(year, 0)) as sector
    from dash_reports
    group by agency_id
),

final as (
    select l.*, coalesce(a.lineage_group, l.agency_id) as lineage_group
    from latest l
    left join agencies a using (agency_id)
)

select * from final
