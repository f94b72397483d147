-- 申请办理: outcome groups by year from the Table 3 totals (2019+; pre-2019 prose gives only the
-- summary keys, see outcome_summary), organ reports.
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

cells as (
    select
        t.year,
        t.value,
        case
            when t.row_key = 'granted' then 'granted'
            when t.row_key = 'partial' then 'partial'
            when t.row_key like 'denied.%' then 'denied'
            when t.row_key like 'unable.%' then 'unable'
            when t.row_key like 'not_processed.%' then 'not_processed'
            when t.row_key = 'other' or t.row_key like 'other.%' then 'other'
        end as outcome
    from dash_t3 t
    join scoped r using (rix)
    where t.col_key = 'total'
),

final as (
    select year, outcome, sum(value) as requests
    from cells
    where outcome is not null
    group by all
)

select * from final
order by year, outcome
