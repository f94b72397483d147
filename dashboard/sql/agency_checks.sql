-- 机构画像: the checks of the agency's reports of known year.
select r.year, c.rule, c.scope, c.status, c.detail
from dash_checks c
join dash_reports r using (rix)
where r.agency_id = $agency_id and r.year is not null
order by r.year, c.rule, c.scope
