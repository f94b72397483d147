-- 机构画像: the time series following the lineage: per year, the summary measures summed over every
-- agency of the lineage group (predecessors that merged, the successor after), the agencies named.
with lineage_group as (
    select agency_id
    from src.agencies
    where lineage_group = (select lineage_group from src.agencies where agency_id = $agency_id)
),

reports as (
    select rix, agency
    from dash_reports
    where agency_id in (select agency_id from lineage_group) and year is not null and not is_aggregate
),

final as (
    select
        m.year,
        count(*) as reports,
        string_agg(distinct r.agency, '、' order by r.agency) as agencies,
        sum(m.requests_received) as requests_received,
        sum(m.requests_processed) as requests_processed,
        sum(m.proactive_items) as proactive_items,
        sum(coalesce(m.granted, 0) + coalesce(m.partial, 0)) filter (where m.requests_processed > 0)
            / nullif(sum(m.requests_processed) filter (where m.requests_processed > 0), 0) as disclosure_rate,
        sum(m.reviews) as reviews,
        sum(m.lawsuits) as lawsuits
    from dash_measures m
    join reports r using (rix)
    group by m.year
)

select * from final
order by year
