-- 机构画像: the agency's row of `agencies` and how many of its reports are loaded.
with loaded as (
    select count(*) as reports_loaded
    from dash_reports
    where agency_id = $agency_id
)

select a.*, l.reports_loaded
from src.agencies a
cross join loaded l
where a.agency_id = $agency_id
