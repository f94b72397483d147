-- Sidebar options: the levels with reports (ordered in Python, central first).
select distinct level
from dash_reports
where level is not null
