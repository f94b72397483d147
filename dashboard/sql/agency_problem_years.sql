-- 机构画像: per year and problem category, how many of the agency's statements name it.
select r.year, c.category, count(*) as statements
from dash_problems p
join dash_reports r using (rix), unnest(p.categories) as c(category)
where r.agency_id = $agency_id and p.kind = 'problem' and r.year is not null
group by all
order by r.year, c.category
