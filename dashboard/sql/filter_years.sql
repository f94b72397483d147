-- Sidebar options: the range of known years.
select min(year) as year_min, max(year) as year_max
from dash_reports
where year is not null
