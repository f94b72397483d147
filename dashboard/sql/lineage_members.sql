-- 机构画像: the agencies of the agency's lineage group (joined by mergers or splits), oldest first.
select a.agency_id, a.name, a.first_year, a.last_year, a.n_reports
from src.agencies a
where a.lineage_group = (select lineage_group from src.agencies where agency_id = $agency_id)
order by a.first_year nulls last, a.name
