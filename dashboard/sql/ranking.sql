-- 排名: league table of `$metric` in `$year` within the scope (the scope's years are not used: the
-- wrapper passes none). `$unit` 'agency' ranks agencies; 'region' ranks the regions one level below
-- the scope (`$region_col`: 'province', 'city' or 'county'), pooling numerators and denominators.
-- `$is_rate`: rates are pooled Σnumerator / Σdenominator and ranked only from `$min_denominator`
-- up, with Wilson intervals; counts are summed. `$descending`: rank 1 is the highest value.
-- Whole-jurisdiction reports are never ranked. `spark`: the values of the last `$history` years.
with scoped as not materialized (
    select r.rix, r.agency_id, r.agency, r.province, r.city, r.county, r.year
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
      and not r.is_aggregate
      and r.year between $year - $history + 1 and $year
),

units as not materialized (
    select
        *,
        case
            when $unit = 'agency' then agency_id
            else coalesce(
                case $region_col when 'county' then county when 'city' then city else province end,
                '（本级）'
            )
        end as uid
    from scoped
),

-- units grouped by a 64-bit hash of their id (faster to group and join than the text at national
-- scale: 70,000 agencies over six years); the id itself comes back through `names`
keyed as not materialized (
    select *, hash(uid) as ukey
    from units
),

base as (
    select
        u.ukey,
        m.year,
        sum(m.numerator) as numerator,
        sum(m.denominator) as denominator,
        case when $is_rate then sum(m.numerator) / nullif(sum(m.denominator), 0) else sum(m.value) end as value
    from dash_metrics m
    join keyed u using (rix)
    where m.metric = $metric and m.year between $year - $history + 1 and $year
    group by u.ukey, m.year
),

-- the unit's name, province and city in $year (only the ranked year's rows need them)
names as (
    select
        ukey,
        any_value(uid) as uid,
        case when $unit = 'agency' then arg_max(agency, coalesce(year, 0)) else any_value(uid) end as name,
        any_value(province) as province,
        any_value(city) as city
    from keyed
    where year = $year
    group by ukey
),

eligible as (
    select
        *,
        case when $is_rate then coalesce(denominator, 0) >= $min_denominator else value is not null end
            as eligible
    from base
),

ranked as (
    select
        *,
        case when eligible then rank() over (
            partition by year, eligible order by case when $descending then -value else value end
        ) end as rank
    from eligible
    where year >= $year - 1  -- this year's ranks and last year's
),

pooled as (
    select
        sum(numerator) / nullif(sum(denominator), 0) as pooled,
        quantile_cont(value, 0.25) as q1,
        quantile_cont(value, 0.75) as q3
    from ranked
    where year = $year and eligible
),

spark as (
    select ukey, list(value order by year) as spark
    from base
    group by ukey
),

this_year as (
    select
        *,
        case when $is_rate then wilson_low(numerator, denominator) end as ci_low,
        case when $is_rate then wilson_high(numerator, denominator) end as ci_high
    from ranked
    where year = $year
),

final as (
    select
        n.uid, n.name, n.province, n.city, c.value, c.numerator, c.denominator, c.ci_low, c.ci_high,
        c.eligible, c.rank, pr.rank as prev_rank, pr.rank - c.rank as rank_change, s.spark,
        case
            when not c.eligible then 0
            when $is_rate and c.ci_low > p.pooled then 1
            when $is_rate and c.ci_high < p.pooled then -1
            when not $is_rate and c.value > p.q3 + 3 * (p.q3 - p.q1) and p.q3 > p.q1 then 1
            else 0
        end as outlier,
        p.pooled
    from this_year c
    left join ranked pr on pr.ukey = c.ukey and pr.year = c.year - 1
    left join spark s on s.ukey = c.ukey
    left join names n on n.ukey = c.ukey
    cross join pooled p
)

select * from final
order by eligible desc, rank nulls last, case when $descending then -value else value end nulls last
