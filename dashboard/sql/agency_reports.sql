-- 机构画像: every report of the agency (unknown years last) with its checks and quality columns.
select
    report_id, year, agency, format, scope, is_aggregate, path, published, timeliness_days,
    n_warnings, warnings_text, n_fail, n_incomplete, n_blank, n_problems, prev_year, similarity_prev_year,
    similarity_prev_year_problems, content_copied, problems_copied, completeness, consistency,
    problem_specificity, quality_score
from dash_reports
where agency_id = $agency_id
order by year nulls last, path
