-- One row per report: identity, summary counts and the raw cells the derived metrics need.
-- `scope` 'aggregate': a whole jurisdiction's report; never add it to the sums of its organs.
with summary as (
    select
        report_id,
        max(value) filter (where key = 's.proactive_items') as proactive_items,
        max(value) filter (where key = 's.normative_docs_made') as normative_docs_made,
        max(value) filter (where key = 's.requests_received') as requests_received,
        max(value) filter (where key = 's.requests_processed') as requests_processed,
        max(value) filter (where key = 's.granted') as granted,
        max(value) filter (where key = 's.partial') as partial,
        max(value) filter (where key = 's.denied') as denied,
        max(value) filter (where key = 's.unable') as unable,
        max(value) filter (where key = 's.not_processed') as not_processed,
        max(value) filter (where key = 's.reviews') as reviews,
        max(value) filter (where key = 's.reviews_corrected') as reviews_corrected,
        max(value) filter (where key = 's.lawsuits') as lawsuits,
        max(value) filter (where key = 's.lawsuits_corrected') as lawsuits_corrected,
        max(value) filter (where key = 's.fees_yuan') as fees_yuan
    from report_summary
    group by report_id
),

cells as (
    select
        report_id,
        max(value) filter (where key = 't3.new_received.total') as new_received_total,
        max(value) filter (where key = 't3.new_received.natural') as new_received_natural,
        max(value) filter (where key = 't3.carried_in.total') as carried_in_total,
        max(value) filter (where key = 't3.carried_out.total') as carried_out_total,
        max(value) filter (where key = 't4.review.total') as review_total,
        max(value) filter (where key = 't4.review.pending') as review_pending,
        max(value) filter (where key = 't4.lit_direct.total') as lit_direct_total,
        max(value) filter (where key = 't4.lit_direct.pending') as lit_direct_pending,
        max(value) filter (where key = 't4.lit_after_review.total') as lit_after_review_total,
        max(value) filter (where key = 't4.lit_after_review.pending') as lit_after_review_pending
    from facts
    where origin in ('table', 'sheet') and (key like 't3.%' or key like 't4.%')
    group by report_id
),

final as (
    select
        r.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.region_code,
        r.level, r.sector, r.year, r.format, coalesce(r.scope, 'organ') as scope,
        s.* exclude (report_id),
        c.* exclude (report_id)
    from reports as r
    left join summary as s using (report_id)
    left join cells as c using (report_id)
)

select * from final
