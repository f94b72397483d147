-- 总览: how much the filters select (reports of unknown year count unless a year range is chosen).
with scoped as (
    select r.agency_id, r.region_code, r.year, r.province
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
        count(*) as reports,
        count(distinct agency_id) as agencies,
        count(distinct region_code) as regions,
        count(distinct year) as years,
        min(year) as year_min,
        max(year) as year_max,
        count(distinct province) as provinces
    from scoped
)

select * from final
