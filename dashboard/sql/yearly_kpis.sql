-- 总览: per year, reports and the pooled totals and rates of the main measures. Whole-jurisdiction
-- reports count as reports but never enter the sums (`is_aggregate`).
with scoped as (
    select r.rix, r.is_aggregate
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.year is not null
),

measures as (
    select m.*, r.is_aggregate, not r.is_aggregate as is_organ
    from dash_measures m
    join scoped r using (rix)
),

final as (
    select
        year,
        count(*) as reports,
        count(distinct agency_id) as agencies,
        count(*) filter (where is_aggregate) as aggregates,
        sum(requests_received) filter (where is_organ) as requests_received,
        sum(requests_processed) filter (where is_organ) as requests_processed,
        sum(proactive_items) filter (where is_organ) as proactive_items,
        sum(coalesce(granted, 0) + coalesce(partial, 0)) filter (where requests_processed > 0 and is_organ)
            / nullif(sum(requests_processed) filter (where requests_processed > 0 and is_organ), 0)
            as disclosure_rate,
        sum(reviews) filter (where is_organ) as reviews,
        sum(lawsuits) filter (where is_organ) as lawsuits
    from measures
    group by year
)

select * from final
order by year
