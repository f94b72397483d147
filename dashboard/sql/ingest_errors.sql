-- 数据质量: files that failed to load, the latest first (no filter applies: they have no region).
select path, stage, message, occurred_at
from src.ingest_errors
order by occurred_at desc
limit $limit
