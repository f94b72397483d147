-- 申请办理: outcome groups by year from the summary measures (every era, pre-2019 included), organ
-- reports; one row per year and outcome.
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

totals as (
    select
        m.year,
        sum(m.granted) as granted,
        sum(m.partial) as partial,
        sum(m.denied) as denied,
        sum(m.unable) as unable,
        sum(m.not_processed) as not_processed
    from dash_measures m
    join scoped r using (rix)
    group by m.year
),

final as (
    unpivot totals
    on granted, partial, denied, unable, not_processed
    into name outcome value requests
)

select * from final
order by year, outcome
