-- Sidebar options: the sectors with reports, the most frequent first.
select sector
from dash_reports
where sector is not null
group by sector
order by count(*) desc, sector
