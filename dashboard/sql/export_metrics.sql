-- 数据下载: one row per report in scope and metric, with the Wilson interval.
with scoped as (
    select r.rix, r.report_id, r.agency_id, r.agency, r.province, r.city, r.year
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
),

final as (
    select
        r.report_id, r.agency_id, r.agency, r.province, r.city, r.year, m.metric, m.numerator,
        m.denominator, m.value,
        wilson_low(m.numerator, m.denominator) as ci_low,
        wilson_high(m.numerator, m.denominator) as ci_high
    from dash_metrics m
    join scoped r using (rix)
)

select * from final
order by year, agency, metric
