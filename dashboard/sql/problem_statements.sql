-- 问题分析: problem statements naming $category in scope, newest first; in $year and in the
-- group $group_value of $group_col ('province', 'city', 'county', 'sector') when those are given.
with scoped as (
    select
        r.rix, r.report_id, r.agency, r.agency_id, r.province, r.city, r.year, r.path,
        coalesce(
            case $group_col
                when 'province' then r.province
                when 'city' then r.city
                when 'county' then r.county
                when 'sector' then r.sector
            end,
            '（本级）'
        ) as grp
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and ($year is null or r.year = $year)
),

final as (
    select
        r.agency, r.agency_id, r.province, r.city, r.year, p.text, p.categories, r.path,
        r.report_id, p.span_start, p.span_end
    from dash_problems p
    join scoped r using (rix)
    where p.kind = 'problem'
      and list_contains(p.categories, $category)
      and ($group_value is null or r.grp = $group_value)
)

select * from final
order by year desc, agency
limit $limit
