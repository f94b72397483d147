-- 申请办理: refusal or unable-to-provide reasons: Table 3 totals per row between $row_from and
-- $row_to ('denied.' up to 'denied/': a range on the sorted row_key column, so zone maps skip the
-- other rows), over the scope's years, organ reports.
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and not r.is_aggregate
),

final as (
    select t.row_key, sum(t.value) as requests
    from dash_t3 t
    join scoped r using (rix)
    where t.row_key >= $row_from and t.row_key < $row_to and t.col_key = 'total'
    group by all
)

select * from final
order by requests desc, row_key
