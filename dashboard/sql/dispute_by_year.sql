-- 复议诉讼: per metric in $metrics and year, pooled rates (Σnumerator / Σdenominator) with Wilson
-- intervals, organ reports.
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
      and not r.is_aggregate
),

final as (
    select
        m.metric,
        m.year,
        sum(m.numerator) as numerator,
        sum(m.denominator) as denominator,
        sum(m.numerator) / nullif(sum(m.denominator), 0) as value,
        wilson_low(sum(m.numerator), sum(m.denominator)) as ci_low,
        wilson_high(sum(m.numerator), sum(m.denominator)) as ci_high
    from dash_metrics m
    join scoped r using (rix)
    where list_contains($metrics, m.metric)
    group by all
)

select * from final
order by metric, year
