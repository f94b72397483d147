-- 机构画像: every fact of the agency's reports of known year (one agency: a few thousand rows).
select r.year, f.report_id, f.key, f.value, f.is_blank, f.origin, f.span_start, f.span_end, f.page
from src.facts f
join dash_reports r using (report_id)
where r.agency_id = $agency_id and r.year is not null
order by r.year, f.key
