-- Dashboard: the years a unit has no report inside the span of years it reported (first..last), with
-- `adjacent`: it reported the year before and the year after. A unit is an agency (one across renames)
-- with its lineage group (agencies joined by mergers or splits: dash_agencies.lineage_group), named by
-- the group's agency. The part of missing_reports (dashboard/sql/missing_reports.sql) that no filter or
-- roster changes.
with units as (
    select agency_id, lineage_group as unit_id
    from dash_agencies
),

unit_years as (
    select distinct u.unit_id, r.year
    from dash_reports r
    join units u using (agency_id)
    where r.year is not null
),

spans as (
    select unit_id, min(year) as first_year, max(year) as last_year, list(year) as years
    from unit_years
    group by unit_id
),

final as (
    select
        s.unit_id,
        y.year,
        list_contains(s.years, y.year - 1) and list_contains(s.years, y.year + 1) as adjacent
    from spans s, range(s.first_year, s.last_year + 1) as y(year)
    where not list_contains(s.years, y.year)
)

select * from final
order by unit_id, year
