-- 机构画像: the report text around the span [$start, $end) (0-based character offsets), split
-- into before / span / after, with `$context` characters either side, and the file path.
select
    substr(t.text, greatest(1, $start + 1 - $context), least($start, $context)) as before,
    substr(t.text, $start + 1, $end - $start) as span,
    substr(t.text, $end + 1, $context) as after,
    r.path,
    r.title,
    r.year,
    length(t.text) as text_chars
from memory.main.report_texts t
join src.reports r using (report_id)
where t.report_id = $report_id
