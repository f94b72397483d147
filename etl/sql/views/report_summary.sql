-- Summary keys (spec/metrics.md §3), one row per report and key.
-- For reports with tables the key is derived from the table cells; where the tables give nothing
-- (pre-2019 reports, tables lost as images) the number stated in the prose or appendix is used.
with cells as (
    select report_id, key, value
    from facts
    where origin in ('table', 'sheet') and value is not null
),

-- Row totals; when a report leaves the 总计 cell blank but fills the applicant columns, the row
-- total is the sum of those columns.
t3_row_totals as (
    select
        report_id,
        regexp_extract(key, '^t3\.(.+)\.[a-z_]+$', 1) as row_id,
        coalesce(
            max(value) filter (where key like '%.total'),
            sum(value) filter (where key not like '%.total')
        ) as value
    from cells
    where key like 't3.%'
    group by all
),

table_derived as (
    select report_id, 's.requests_received' as key, max(value) as value
    from t3_row_totals where row_id = 'new_received' group by all
    union all
    select report_id, 's.requests_processed', max(value)
    from t3_row_totals where row_id = 'total_processed' group by all
    union all
    select report_id, 's.granted', max(value)
    from t3_row_totals where row_id = 'granted' group by all
    union all
    select report_id, 's.partial', max(value)
    from t3_row_totals where row_id = 'partial' group by all
    union all
    select report_id, 's.denied', sum(value)
    from t3_row_totals where row_id like 'denied.%' group by all
    union all
    select report_id, 's.unable', sum(value)
    from t3_row_totals where row_id like 'unable.%' group by all
    union all
    select report_id, 's.not_processed', sum(value)
    from t3_row_totals where row_id like 'not_processed.%' or row_id = 'other' or row_id like 'other.%'
    group by all
    union all
    select report_id, 's.reviews', max(value)
    from cells where key = 't4.review.total' group by all
    union all
    select report_id, 's.reviews_corrected', max(value)
    from cells where key = 't4.review.corrected' group by all
    union all
    select report_id, 's.lawsuits', sum(value)
    from cells where key in ('t4.lit_direct.total', 't4.lit_after_review.total') group by all
    union all
    select report_id, 's.lawsuits_corrected', sum(value)
    from cells where key in ('t4.lit_direct.corrected', 't4.lit_after_review.corrected') group by all
    union all
    select report_id, 's.normative_docs_made', max(value)
    from cells where key in ('t2.normative_docs.made', 't2_2019.normative_docs.new_made') group by all
),

stated as (
    select report_id, key, max(value) as value
    from facts
    where key like 's.%' and value is not null
    group by all
),

final as (
    select
        coalesce(d.report_id, s.report_id) as report_id,
        coalesce(d.key, s.key) as key,
        coalesce(d.value, s.value) as value,
        case when d.value is not null then 'table' else 'stated' end as derived_from
    from table_derived as d
    full outer join stated as s using (report_id, key)
    where coalesce(d.value, s.value) is not null
)

select * from final
