-- Derived metrics (spec/metrics.md §4), one row per report and metric, with numerator and
-- denominator so rankings can apply a minimum denominator and a Wilson interval.
-- A rate whose denominator is 0 or null is null, never 0. Rankings and sums of organs leave out
-- `scope` 'aggregate' (a whole jurisdiction's report).
with m as (
    select * from report_measures
),

rates as (
    select report_id, 'disclosure_rate' as metric,
        case when granted is null and partial is null then null
             else coalesce(granted, 0) + coalesce(partial, 0) end as numerator,
        requests_processed as denominator
    from m
    union all
    select report_id, 'grant_rate', granted, requests_processed from m
    union all
    select report_id, 'denial_rate', denied, requests_processed from m
    union all
    select report_id, 'unable_rate', unable, requests_processed from m
    union all
    select report_id, 'backlog_rate', carried_out_total,
        new_received_total + coalesce(carried_in_total, 0) from m
    union all
    select report_id, 'natural_person_share', new_received_natural, new_received_total from m
    union all
    select report_id, 'review_rate', reviews, requests_processed from m
    union all
    select report_id, 'litigation_rate', lawsuits, requests_processed from m
    union all
    select report_id, 'review_correction_rate', reviews_corrected,
        reviews - coalesce(review_pending, 0) from m
    union all
    select report_id, 'litigation_correction_rate', lawsuits_corrected,
        lawsuits - coalesce(lit_direct_pending, 0) - coalesce(lit_after_review_pending, 0) from m
    union all
    select report_id, 'dispute_correction_rate',
        case when reviews_corrected is null and lawsuits_corrected is null then null
             else coalesce(reviews_corrected, 0) + coalesce(lawsuits_corrected, 0) end,
        case when reviews is null and lawsuits is null then null
             else coalesce(reviews, 0) - coalesce(review_pending, 0) + coalesce(lawsuits, 0)
                  - coalesce(lit_direct_pending, 0) - coalesce(lit_after_review_pending, 0) end
    from m
),

counts as (
    select report_id, 'proactive_items' as metric, proactive_items as numerator, null::double as denominator from m
    union all select report_id, 'normative_docs_made', normative_docs_made, null from m
    union all select report_id, 'requests_received', requests_received, null from m
    union all select report_id, 'requests_processed', requests_processed, null from m
    union all select report_id, 'granted', granted, null from m
    union all select report_id, 'partial', partial, null from m
    union all select report_id, 'denied', denied, null from m
    union all select report_id, 'unable', unable, null from m
    union all select report_id, 'not_processed', not_processed, null from m
    union all select report_id, 'reviews', reviews, null from m
    union all select report_id, 'reviews_corrected', reviews_corrected, null from m
    union all select report_id, 'lawsuits', lawsuits, null from m
    union all select report_id, 'lawsuits_corrected', lawsuits_corrected, null from m
    union all select report_id, 'fees_yuan', fees_yuan, null from m
),

valued as (
    select report_id, metric, numerator, denominator,
        case when denominator is null or denominator <= 0 then null
             else numerator / denominator end as value
    from rates
    union all
    select report_id, metric, numerator, denominator, numerator as value
    from counts
),

final as (
    select
        v.report_id, r.agency_id, r.agency, r.province, r.city, r.county, r.region_code,
        r.level, r.sector, r.year, r.format, coalesce(r.scope, 'organ') as scope,
        v.metric, v.numerator, v.denominator, v.value,
        wilson_low(v.numerator, v.denominator) as ci_low,
        wilson_high(v.numerator, v.denominator) as ci_high
    from valued as v
    join reports as r using (report_id)
    where v.value is not null
)

select * from final
