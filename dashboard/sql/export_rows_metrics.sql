-- 数据下载: how many rows the download of the metrics in scope holds (export_metrics.sql), exactly.
with scoped as (
    select r.rix
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
)

select count(*) as n_rows from dash_metrics m semi join scoped s using (rix)
