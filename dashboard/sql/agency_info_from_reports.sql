-- 机构画像: an agency without an `agencies` row (a database made by a generator): its attributes
-- from its reports.
select
    agency_id,
    arg_max(agency, coalesce(year, 0)) as name,
    list(distinct agency) as names,
    any_value(province) as province,
    any_value(city) as city,
    any_value(county) as county,
    any_value(region_code) as region_code,
    any_value(level) as level,
    any_value(sector) as sector,
    min(year) as first_year,
    max(year) as last_year,
    count(*) as n_reports,
    count(*) as reports_loaded
from dash_reports
where agency_id = $agency_id
group by agency_id
