-- 机构画像: the agency's metrics per year with their Wilson intervals.
select
    m.year, m.metric, c.label, c.kind, m.numerator, m.denominator, m.value,
    wilson_low(m.numerator, m.denominator) as ci_low,
    wilson_high(m.numerator, m.denominator) as ci_high
from dash_metrics m
join dash_reports r using (rix)
join src.metric_catalog c using (metric)
where r.agency_id = $agency_id and m.year is not null
order by m.metric, m.year
