-- 机构画像: the current agency_id for an agency_id, or for an organ id or agency name that a rename
-- has since joined into an agency (old links keep working).
with candidates as (
    select agency_id, 0 as pick from src.agencies where agency_id = $any_id
    union all
    select agency_id, 1 from src.agency_names where organ_id = $any_id
    union all
    select agency_id, 2 from src.agency_names where name = $any_id
)

select agency_id
from candidates
order by pick, agency_id
limit 1
