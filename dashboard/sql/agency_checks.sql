-- 机构画像: the checks of the agency's reports of known year (a build stores checks in report order:
-- DuckDB reads only the row groups holding the agency's report ids).
select r.year, c.rule, c.scope, c.status, c.detail
from src.checks c
join dash_reports r using (report_id)
where r.agency_id = $agency_id and r.year is not null
order by r.year, c.rule, c.scope
