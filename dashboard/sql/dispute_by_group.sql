-- 复议诉讼: pooled rates of the metrics in $metrics with Wilson intervals per group: $group_col
-- 'province', 'city' or 'county' (the regions one level below the scope), 'level' or 'sector'.
-- Organ reports, over the scope's years.
with scoped as (
    select r.rix, r.province, r.city, r.county, r.level, r.sector
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and not r.is_aggregate
),

groups as (
    select
        rix,
        coalesce(
            case $group_col
                when 'province' then province
                when 'city' then city
                when 'county' then county
                when 'level' then level
                when 'sector' then sector
            end,
            '（本级）'
        ) as grp
    from scoped
),

final as (
    select
        g.grp,
        m.metric,
        sum(m.numerator) as numerator,
        sum(m.denominator) as denominator,
        sum(m.numerator) / nullif(sum(m.denominator), 0) as value,
        wilson_low(sum(m.numerator), sum(m.denominator)) as ci_low,
        wilson_high(sum(m.numerator), sum(m.denominator)) as ci_high
    from dash_metrics m
    join groups g using (rix)
    where list_contains($metrics, m.metric)
    group by all
)

select * from final
order by grp, metric
