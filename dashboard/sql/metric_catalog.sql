-- The metrics (etl/data/metrics.csv, loaded by the build): counts first.
select metric, label, kind, higher_is, definition
from src.metric_catalog
order by kind desc, metric
