-- 机构画像: problem and improvement statements by year; `recurring`: the statement's categories the
-- agency also named as a problem the year before.
with statements as (
    select r.year, r.report_id, p.kind, p.ordinal, p.text, p.categories, p.span_start, p.span_end
    from dash_problems p
    join dash_reports r using (rix)
    where r.agency_id = $agency_id and r.year is not null
),

named_by_year as (
    select year, flatten(list(categories)) as categories
    from statements
    where kind = 'problem'
    group by year
),

final as (
    select
        s.*,
        case
            when s.kind = 'problem'
                then list_distinct(list_intersect(s.categories, coalesce(prev.categories, [])))
            else []::varchar[]
        end as recurring
    from statements s
    left join named_by_year prev on prev.year = s.year - 1
)

select * from final
order by year, kind desc, ordinal
