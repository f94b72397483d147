-- 数据质量: organs with no report in a year where one is expected. An agency (one across renames)
-- together with its lineage group (agencies joined by mergers or splits: `dash_agencies.lineage_group`)
-- is a unit; a year without a report of any of the unit's agencies is listed when the unit reported
-- the year before and the year after (`adjacent`), when the user's roster lists one of its names for
-- that year (`in_roster`), or when it lies inside the unit's first..last year while peers (same
-- province and level) reported. `$roster`: list of struct(line, name, year, province, city), names
-- normalised like the agencies' names (null: no roster); its rows that name no agency or several are
-- listed by missing_roster_unmatched. The filters choose the agencies; the year range, when given,
-- the missing years. The roster's rows first, then the latest years.
with scoped as (
    select distinct r.agency_id
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($q is null or strpos(r.agency, $q) > 0)
      and r.agency_id is not null
),

units as (
    select agency_id, lineage_group as unit_id
    from dash_agencies
),

scoped_units as (
    select distinct u.unit_id
    from scoped s
    join units u using (agency_id)
),

unit_years as (
    select distinct u.unit_id, r.year
    from dash_reports r
    join units u using (agency_id)
    where r.year is not null
),

spans as (
    select unit_id, min(year) as first_year, max(year) as last_year, list(year) as years
    from unit_years
    group by unit_id
),

gaps as (
    select
        s.unit_id,
        y.year,
        list_contains(s.years, y.year - 1) and list_contains(s.years, y.year + 1) as adjacent
    from spans s
    join scoped_units using (unit_id),
        range(s.first_year, s.last_year + 1) as y(year)
    where not list_contains(s.years, y.year)
),

roster as (
    select x.line, x.name, x.year, x.province, x.city
    from (
        select unnest(
            $roster::struct(line integer, name varchar, year integer, province varchar, city varchar)[]
        ) as x
    )
),

names as (
    select agency_id, regexp_replace(name, '\s+', '', 'g') as name
    from agency_names
    union
    select agency_id, regexp_replace(agency, '\s+', '', 'g') as name
    from dash_agencies
),

roster_matches as (
    select r.line, r.year, r.name as roster_name, u.unit_id
    from roster r
    join names n on n.name = r.name
    join dash_agencies a on a.agency_id = n.agency_id
    join units u on u.agency_id = n.agency_id
    where (r.province is null or starts_with(a.province, r.province))
      and (r.city is null or starts_with(a.city, r.city))
),

roster_units as (
    -- a roster row naming agencies of one unit only (several units: ambiguous, not counted)
    select line, year, any_value(roster_name) as roster_name, any_value(unit_id) as unit_id
    from roster_matches
    group by line, year
    having count(distinct unit_id) = 1
),

roster_missing as (
    select m.unit_id, m.year, m.roster_name
    from roster_units m
    join scoped_units using (unit_id)
    anti join unit_years y on y.unit_id = m.unit_id and y.year = m.year
),

candidates as (
    select unit_id, year, adjacent, false as in_roster, null::varchar as roster_name
    from gaps
    union all
    select unit_id, year, false as adjacent, true as in_roster, roster_name
    from roster_missing
),

combined as (
    select
        unit_id,
        year,
        bool_or(adjacent) as adjacent,
        bool_or(in_roster) as in_roster,
        string_agg(distinct roster_name, '；') as roster_name
    from candidates
    group by unit_id, year
),

peers as (
    select province, level, year, count(distinct agency_id) as peers_reporting
    from dash_reports
    group by all
),

final as (
    select
        coalesce(a.agency, c.unit_id) as agency,
        c.unit_id as agency_id,
        a.province,
        a.city,
        a.level,
        c.year,
        case when c.in_roster then 'roster' when c.adjacent then 'adjacent' else 'span' end as basis,
        c.in_roster,
        c.adjacent,
        coalesce(p.peers_reporting, 0) as peers_reporting,
        c.roster_name
    from combined c
    left join dash_agencies a on a.agency_id = c.unit_id
    left join peers p
        on p.province is not distinct from a.province and p.level = a.level and p.year = c.year
    where (c.in_roster or c.adjacent or coalesce(p.peers_reporting, 0) > 0)
      and ($year_from is null or c.year between $year_from and $year_to)
)

select * from final
order by in_roster desc, year desc, agency
limit $limit
