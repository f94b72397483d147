-- 数据质量: organs with no report in a year where one is expected. An agency (one across renames)
-- together with its lineage group (agencies joined by mergers or splits: `dash_agencies.lineage_group`)
-- is a unit; a year without a report of any of the unit's agencies is listed when the unit reported
-- the year before and the year after (`adjacent`), when the user's roster lists one of its names for
-- that year (`in_roster`), or when it lies inside the unit's first..last year while peers (same
-- province and level) reported. `$roster`: list of struct(line, name, year, province, city), names
-- normalised like the agencies' names (null: no roster); its rows that name no agency or several are
-- listed by missing_roster_unmatched. The filters choose the agencies; the year range, when given,
-- the missing years. The roster's rows first, then the latest years. The gap years and the peers
-- come from the mart (dash_gaps, dash_peers): only the roster is matched here.
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

scoped_units as (
    select distinct a.lineage_group as unit_id
    from scoped s
    join dash_agencies a using (agency_id)
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
    -- only with a roster (without one, nothing is matched and no name needs normalising)
    select agency_id, regexp_replace(name, '\s+', '', 'g') as name
    from agency_names
    where $roster is not null
    union
    select agency_id, regexp_replace(agency, '\s+', '', 'g') as name
    from dash_agencies
    where $roster is not null
),

roster_matches as (
    select r.line, r.year, r.name as roster_name, a.lineage_group as unit_id
    from roster r
    join names n on n.name = r.name
    join dash_agencies a on a.agency_id = n.agency_id
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

roster_unit_years as (
    -- the years the roster's units reported (only theirs: no roster, no scan)
    select distinct a.lineage_group as unit_id, r.year
    from dash_reports r
    join dash_agencies a using (agency_id)
    where r.year is not null and a.lineage_group in (select unit_id from roster_units)
),

roster_missing as (
    select m.unit_id, m.year, m.roster_name
    from roster_units m
    join scoped_units using (unit_id)
    anti join roster_unit_years y on y.unit_id = m.unit_id and y.year = m.year
),

candidates as (
    select g.unit_id, g.year, g.adjacent, false as in_roster, null::varchar as roster_name
    from dash_gaps g
    join scoped_units using (unit_id)
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
    left join dash_peers p
        on p.province is not distinct from a.province and p.level = a.level and p.year = c.year
    where (c.in_roster or c.adjacent or coalesce(p.peers_reporting, 0) > 0)
      and ($year_from is null or c.year between $year_from and $year_to)
)

select * from final
order by in_roster desc, year desc, agency
limit $limit
