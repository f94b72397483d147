-- 数据下载: every fact of the reports in scope with its evidence.
with scoped as (
    select r.report_id, r.agency, r.year
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
        f.report_id, r.agency, r.year, f.key, f.value, f.is_blank, f.origin, f.span_start, f.span_end,
        f.page, f.evidence
    from src.facts f
    join scoped r using (report_id)
)

select * from final
order by year, agency, key
