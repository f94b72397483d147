-- Column checks on the loaded tables (dbt-style): each named query must return no rows.

-- name: reports_report_id_unique
select report_id from reports group by report_id having count(*) > 1;

-- name: reports_level_accepted
select report_id, level from reports
where level is not null and level not in ('central', 'province', 'city', 'county', 'township', 'unknown');

-- name: reports_format_accepted
select report_id, format from reports where format is not null and format not in ('pre2019', '2019', '2021');

-- name: reports_region_code_is_six_digits
select report_id, region_code from reports where region_code is not null and not regexp_full_match(region_code, '\d{6}');

-- name: reports_year_in_range
select report_id, year from reports where year is not null and (year < 2007 or year > 2030);

-- name: reports_have_a_source
select r.report_id from reports r left join sources s on s.sha256 = r.source_sha256 where s.sha256 is null;

-- name: facts_key_canonical
select report_id, key from facts
where not regexp_full_match(key, '(t2|t2_2019|t3|t4|s)\.[a-z0-9_]+(\.[a-z0-9_]+)*');

-- name: facts_blank_has_no_value
select report_id, key from facts where is_blank and value is not null;

-- name: facts_unique_per_report
select report_id, key from facts group by report_id, key having count(*) > 1;

-- name: facts_evidence_inside_the_text
select f.report_id, f.key from facts f join report_texts t using (report_id)
where f.span_start is not null
  and (f.span_start < 0 or f.span_end > length(t.text) or substr(t.text, f.span_start + 1, f.span_end - f.span_start) <> f.evidence);

-- name: checks_status_accepted
select report_id, rule, status from checks where status not in ('ok', 'fail', 'incomplete');

-- name: metrics_not_negative
select report_id, metric, value from report_metrics where value < 0 and metric not like 'yoy%';

-- name: report_features_one_per_report
select r.report_id from reports r left join report_features f using (report_id)
group by r.report_id having count(f.report_id) <> 1;

-- name: report_quality_one_per_report
select r.report_id from reports r left join report_quality q using (report_id)
group by r.report_id having count(q.report_id) <> 1;

-- name: report_quality_in_range
select report_id, quality_score, completeness, consistency, similarity_prev_year from report_quality
where not (quality_score between 0 and 100)
   or not (completeness between 0 and 1)
   or consistency not between 0 and 1
   or similarity_prev_year not between 0 and 1
   or similarity_prev_year_problems not between 0 and 1
   or problem_specificity not between 0 and 1;

-- name: report_quality_copied_flag_matches_similarity
select report_id, similarity_prev_year, content_copied from report_quality
where content_copied is distinct from (similarity_prev_year >= 0.85);

-- name: report_quality_previous_is_earlier_same_agency
select q.report_id from report_quality q join reports p on p.report_id = q.prev_report_id
where p.agency_id is distinct from q.agency_id or p.year >= q.year;

-- name: dash_reports_match_reports
select count(*) from dash_reports having count(*) <> (select count(*) from reports);

-- name: dash_check_counts_match_checks
select sum(n) from dash_check_counts having sum(n) <> (select count(*) from checks);

-- name: dash_check_failures_match_checks
select count(*) from dash_check_failures
having count(*) <> (select count(*) from checks where status <> 'ok');

-- name: dash_problems_match_problems
select count(*) from dash_problems having count(*) <> (select count(*) from problems);

-- name: dash_reports_rix_runs_by_agency
-- an agency's reports are one run of rix (the mart's tables are read by rix range)
select agency_id from dash_reports where agency_id is not null
group by agency_id having max(rix) - min(rix) + 1 <> count(*);

-- name: dash_agency_metrics_one_row_per_part
select metric, rix from dash_agency_metrics group by metric, rix having count(*) > 1;

-- name: dash_agency_metrics_whole_year_is_one_row
-- the ranking takes an agency's `whole_year` row as the agency's year
select metric, year, aix from dash_agency_metrics
where aix is not null
group by metric, year, aix
having bool_or(whole_year) and count(*) > 1;

-- name: dash_agency_metrics_keep_the_organ_metrics
-- the organ reports' metric rows (of a known year), pooled: none lost, none counted twice
with organ as (
    select m.metric, sum(m.numerator) as numerator, sum(m.denominator) as denominator
    from dash_metrics m join dash_reports r using (rix)
    where not r.is_aggregate and r.year is not null
    group by m.metric
),
pooled as (
    select metric, sum(numerator) as numerator, sum(denominator) as denominator
    from dash_agency_metrics
    group by metric
)
select metric, o.numerator, p.numerator, o.denominator, p.denominator
from organ o full join pooled p using (metric)
where o.metric is null or p.metric is null
   or abs(coalesce(o.numerator, 0) - coalesce(p.numerator, 0))
      > 1e-6 * (1 + abs(coalesce(o.numerator, 0)))
   or abs(coalesce(o.denominator, 0) - coalesce(p.denominator, 0))
      > 1e-6 * (1 + abs(coalesce(o.denominator, 0)));

-- name: reports_scope_accepted
select report_id, scope from reports where scope is not null and scope not in ('organ', 'aggregate');

-- name: reports_agency_has_an_organ
select report_id from reports where (agency_id is null) <> (organ_id is null);

-- name: agency_names_cover_every_report
select r.report_id from reports r
where r.agency_id is not null
  and not exists (select 1 from agency_names n where n.agency_id = r.agency_id and n.organ_id = r.organ_id and n.name = r.agency);

-- name: agency_lineage_kind_accepted
select predecessor_id, successor_id, kind from agency_lineage where kind not in ('rename', 'merger', 'split');

-- name: agency_lineage_rename_is_one_agency
select predecessor_id, successor_id, kind from agency_lineage
where (kind = 'rename') <> (predecessor_agency_id = successor_agency_id);

-- name: agencies_match_reports
select agency_id from (select distinct agency_id from reports where agency_id is not null)
where agency_id not in (select agency_id from agencies);
