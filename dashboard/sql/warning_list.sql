-- 数据质量: reports with parser warnings, or in a 2019+ format without Table 3, newest first.
with scoped as (
    select
        r.agency, r.agency_id, r.year, r.format, r.warnings_text, r.n_warnings, r.has_t3, r.path
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
        agency, agency_id, year, format, warnings_text,
        format in ('2019', '2021') and not has_t3 as missing_tables,
        path
    from scoped
    where n_warnings > 0 or (format in ('2019', '2021') and not has_t3)
)

select * from final
order by year desc, agency
limit $limit
