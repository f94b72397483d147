-- 问题分析: the same agency naming the same category in consecutive years: the precomputed runs
-- (`dash_problem_runs`) clipped to the year range, at least `$min_run` years long, longest first.
-- The filters apply to the agency's latest attributes (`dash_agencies`), the years to the runs.
with agencies as (
    select a.agency_id, a.agency, a.province, a.city
    from dash_agencies a
    where ($province is null or a.province = $province)
      and ($city is null or a.city = $city)
      and ($levels is null or list_contains($levels, a.level))
      and ($sectors is null or list_contains($sectors, a.sector))
      and ($q is null or strpos(a.agency, $q) > 0)
),

clipped as (
    select
        agency_id,
        category,
        greatest(first_year, coalesce($year_from, first_year)) as first_year,
        least(last_year, coalesce($year_to, last_year)) as last_year
    from dash_problem_runs
    where ($year_from is null or last_year >= $year_from)
      and ($year_to is null or first_year <= $year_to)
),

final as (
    select
        c.agency_id, c.category, c.first_year, c.last_year,
        c.last_year - c.first_year + 1 as run_length,
        a.agency, a.province, a.city
    from clipped c
    join agencies a using (agency_id)
    where c.last_year - c.first_year + 1 >= $min_run
)

select * from final
order by run_length desc, last_year desc, agency
limit $limit
