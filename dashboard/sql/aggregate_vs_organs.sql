-- 总览: whole-jurisdiction reports in scope beside the sum of the organ reports of their
-- jurisdiction that year (`dash_aggregates`, from the region_aggregates view). The sum covers every
-- organ report in the database, whatever the level or sector filter.
with scoped as (
    select
        r.rix, r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.year
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
        r.rix, r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.year,
        a.ord, a.measure, a.reported, a.organs_total, a.organs_reporting, a.organ_reports, a.organs
    from dash_aggregates a
    join scoped r using (rix)
)

select * from final
order by year desc, province, city, agency, ord
