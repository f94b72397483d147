-- 排名: league table of `$metric` in `$year` within the scope (the scope's years are not used: the
-- wrapper passes none). `$unit` 'agency' ranks agencies; 'region' ranks the regions one level below
-- the scope (`$region_col`: 'province', 'city' or 'county'), pooling numerators and denominators.
-- `$is_rate`: rates are pooled Σnumerator / Σdenominator and ranked only from `$min_denominator`
-- up, with Wilson intervals; counts are summed. `$descending`: rank 1 is the highest value.
-- Whole-jurisdiction reports are never ranked, reports without an agency not as agencies.
-- `spark`: the values of the last six years, oldest first.
-- The values come pooled per agency and year from the mart (dash_agency_metrics): an agency's year
-- is its row there unless the year has several parts (pooled here); regions are pooled here.
with scoped as (
    -- agencies with nothing narrowing the reports: the mart's rows, without the reports' attributes
    select
        m.rix, m.year, m.numerator, m.denominator, m.value, m.aix::ubigint as ukey, m.whole_year as whole
    from dash_agency_metrics m
    where $unit = 'agency' and $province is null and $city is null and $levels is null
      and $sectors is null and $year_from is null and $q is null
      and m.metric = $metric
      and m.year between $year - 5 and $year
      and m.aix is not null
    union all
    -- else the rows whose (first) report is in scope
    select
        m.rix,
        m.year,
        m.numerator,
        m.denominator,
        m.value,
        case
            when $unit = 'agency' then m.aix::ubigint
            -- regions keyed by a 64-bit hash of their name (the name comes back through `names`)
            else hash(coalesce(
                case $region_col when 'county' then r.county when 'city' then r.city else r.province end,
                '（本级）'
            ))
        end as ukey,
        $unit = 'agency' and m.whole_year as whole
    from dash_agency_metrics m
    join dash_reports r using (rix)
    where not (
          $unit = 'agency' and $province is null and $city is null and $levels is null
          and $sectors is null and $year_from is null and $q is null
      )
      and m.metric = $metric
      and m.year between $year - 5 and $year
      and (m.aix is not null or $unit <> 'agency')
      and ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($year_from is null or r.year between $year_from and $year_to)
      and ($q is null or strpos(r.agency, $q) > 0)
),

-- one row per unit and year: an agency's whole year as it is, the others pooled
base as (
    select ukey, year, numerator, denominator, value
    from scoped
    where whole
    union all
    select
        ukey,
        year,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        case when $is_rate then sum(numerator) / nullif(sum(denominator), 0) else sum(value) end as value
    from scoped
    where not whole
    group by ukey, year
),

-- the unit's name, province and city in $year: those of its first part's report
firsts as (
    select ukey, rix
    from scoped
    where year = $year and whole
    union all
    select ukey, min(rix) as rix
    from scoped
    where year = $year and not whole
    group by ukey
),

names as (
    select
        f.ukey,
        case
            when $unit = 'agency' then r.agency_id
            else coalesce(
                case $region_col when 'county' then r.county when 'city' then r.city else r.province end,
                '（本级）'
            )
        end as uid,
        case when $unit = 'agency' then r.agency else uid end as name,
        r.province,
        -- a province ranked as a region has no city
        case when $unit = 'agency' or $region_col <> 'province' then r.city end as city
    from firsts f
    join dash_reports r using (rix)
),

eligible as (
    select
        *,
        case when $is_rate then coalesce(denominator, 0) >= $min_denominator else value is not null end
            as eligible
    from base
    where year >= $year - 1  -- this year's ranks and last year's
),

ranked as (
    select
        *,
        case when eligible then rank() over (
            partition by year, eligible order by case when $descending then -value else value end
        ) end as rank
    from eligible
),

pooled as (
    select
        sum(numerator) / nullif(sum(denominator), 0) as pooled,
        quantile_cont(value, 0.25) as q1,
        quantile_cont(value, 0.75) as q3
    from ranked
    where year = $year and eligible
),

-- the values of the six years up to $year that the unit has, oldest first
spark as (
    select
        ukey,
        list_transform(
            list_filter(
                [
                    any_value(struct_pack(v := value)) filter (where year = $year - 5),
                    any_value(struct_pack(v := value)) filter (where year = $year - 4),
                    any_value(struct_pack(v := value)) filter (where year = $year - 3),
                    any_value(struct_pack(v := value)) filter (where year = $year - 2),
                    any_value(struct_pack(v := value)) filter (where year = $year - 1),
                    any_value(struct_pack(v := value)) filter (where year = $year)
                ],
                lambda x: x is not null
            ),
            lambda x: x.v
        ) as spark
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
order by eligible desc, rank nulls last, case when $descending then -value else value end nulls last, uid
