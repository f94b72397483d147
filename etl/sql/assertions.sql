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
