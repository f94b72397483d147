-- 复议诉讼: per year, the Table 4 totals: reviews, lawsuits (direct and after review), corrected.
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
        m.year,
        sum(m.review_total) as reviews,
        sum(m.lit_direct_total) as lit_direct,
        sum(m.lit_after_review_total) as lit_after_review,
        sum(m.reviews_corrected) as reviews_corrected,
        sum(m.lawsuits_corrected) as lawsuits_corrected
    from dash_measures m
    join scoped r using (rix)
    group by m.year
)

select * from final
order by year
