-- One metric's kind (`count` or `rate`) and direction (`better`, `worse`, `neutral`).
select kind, higher_is
from src.metric_catalog
where metric = $metric
