-- 机构画像: links from and to the agency's organs. `direction` 'predecessor' (an organ before it,
-- with the link's kind: a rename inside the agency, a merger or split from another agency) or
-- 'successor'; `internal`: both ends belong to this agency.
with predecessors as (
    select
        'predecessor' as direction,
        predecessor_agency_id as other_id,
        predecessor as other,
        successor as own,
        year, kind, source, evidence,
        predecessor_agency_id = successor_agency_id as internal
    from src.agency_lineage
    where successor_agency_id = $agency_id
),

successors as (
    select
        'successor' as direction,
        successor_agency_id as other_id,
        successor as other,
        predecessor as own,
        year, kind, source, evidence,
        predecessor_agency_id = successor_agency_id as internal
    from src.agency_lineage
    where predecessor_agency_id = $agency_id and successor_agency_id <> $agency_id
),

final as (
    select * from predecessors
    union all
    select * from successors
)

select * from final
order by year nulls last, direction, other
