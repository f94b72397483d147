-- 数据质量: rows of the user's roster (`$roster`, as in missing_reports) that missing_reports cannot
-- check: naming no agency of the database (`status` 'unmatched'), agencies of several units
-- (`ambiguous`, with the `candidates`), or an agency outside the filters or years outside the year
-- range (`out_of_scope`). One row per roster line, with its years. The filters choose the agencies
-- (on dash_reports), the year range the roster's years.
with roster as (
    select x.line, x.name, x.year, x.province, x.city
    from (
        select unnest(
            $roster::struct(line integer, name varchar, year integer, province varchar, city varchar)[]
        ) as x
    )
),

scoped_agencies as (
    select distinct r.agency_id
    from dash_reports r
    where ($province is null or r.province = $province)
      and ($city is null or r.city = $city)
      and ($levels is null or list_contains($levels, r.level))
      and ($sectors is null or list_contains($sectors, r.sector))
      and ($q is null or strpos(r.agency, $q) > 0)
),

scoped_units as (
    select distinct a.lineage_group as unit_id
    from scoped_agencies s
    join dash_agencies a using (agency_id)
),

names as (
    select agency_id, regexp_replace(name, '\s+', '', 'g') as name
    from agency_names
    union
    select agency_id, regexp_replace(agency, '\s+', '', 'g') as name
    from dash_agencies
),

matches as (
    select r.line, r.year, a.lineage_group as unit_id, a.agency
    from roster r
    join names n on n.name = r.name
    join dash_agencies a on a.agency_id = n.agency_id
    where (r.province is null or starts_with(a.province, r.province))
      and (r.city is null or starts_with(a.city, r.city))
),

per_line as (
    select
        m.line,
        count(distinct m.unit_id) as units,
        list(distinct m.agency order by m.agency) as candidates,
        bool_or(s.unit_id is not null) as unit_in_scope
    from matches m
    left join scoped_units s using (unit_id)
    group by m.line
),

years_in_range as (
    select distinct r.line
    from roster r
    where ($year_from is null or r.year between $year_from and $year_to)
),

lines as (
    select
        line,
        any_value(name) as name,
        any_value(province) as province,
        any_value(city) as city,
        list(distinct year order by year) as years
    from roster
    group by line
),

final as (
    select
        l.line, l.name, l.province, l.city, l.years,
        case
            when p.line is null then 'unmatched'
            when p.units > 1 then 'ambiguous'
            else 'out_of_scope'
        end as status,
        coalesce(p.candidates, []::varchar[]) as candidates
    from lines l
    left join per_line p using (line)
    left join years_in_range y using (line)
    where p.line is null or p.units > 1 or not p.unit_in_scope or y.line is null
)

select * from final
order by line
