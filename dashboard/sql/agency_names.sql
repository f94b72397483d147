-- 机构画像: every name the agency reported under, oldest first, with its years and report count.
select name, organ_id, first_year, last_year, n_reports
from src.agency_names
where agency_id = $agency_id
order by first_year nulls last, last_year nulls last, name
