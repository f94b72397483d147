-- 数据下载: how many reports and table facts the downloads would hold.
with scoped as (
    select r.n_table_facts
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
)

select count(*) as reports, coalesce(sum(n_table_facts), 0) as table_facts
from scoped
