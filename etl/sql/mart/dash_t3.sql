-- Dashboard: Table 3 row totals and the applicant columns of new requests, keyed by rix.
with cells as (
    select
        f.report_id,
        regexp_extract(f.key, '^t3\.(.+)\.([a-z_]+)$', 1) as row_key,
        regexp_extract(f.key, '^t3\.(.+)\.([a-z_]+)$', 2) as col_key,
        f.value
    from facts f
    where f.key like 't3.%' and f.origin in ('table', 'sheet') and f.value is not null
      and (f.key like '%.total' or f.key like 't3.new_received.%')
),

final as (
    select r.rix, r.year, c.row_key, c.col_key, c.value
    from cells c
    join dash_reports r using (report_id)
)

select * from final
order by row_key, col_key, year
