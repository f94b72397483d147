-- Shared SQL helpers, created before the views.
-- 95% Wilson score interval for a proportion k/n (null when n is null or 0, or k outside 0..n).
create or replace macro wilson_low(k, n) as
    case when n is null or n <= 0 or k is null or k < 0 or k > n then null
         else ((k / n) + 1.96 ^ 2 / (2 * n)
               - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 ^ 2 / (4 * n ^ 2)))
              / (1 + 1.96 ^ 2 / n) end;

create or replace macro wilson_high(k, n) as
    case when n is null or n <= 0 or k is null or k < 0 or k > n then null
         else ((k / n) + 1.96 ^ 2 / (2 * n)
               + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 ^ 2 / (4 * n ^ 2)))
              / (1 + 1.96 ^ 2 / n) end;

-- Share of equal slots of two MinHash signatures (etl/similarity.py, stored as uinteger[]): the
-- estimated Jaccard similarity of the two texts' shingle sets; null when either is missing.
create or replace macro minhash_similarity(a, b) as
    case when a is null or b is null or len(a) = 0 or len(a) <> len(b) then null
         else list_sum(list_transform(range(1, len(a) + 1), lambda i: (a[i] = b[i])::integer)) / len(a) end;

-- The GB/T 2260 code a report's region is drawn under on the dashboard's maps (dash_reports
-- map_province / map_city): its province (first two digits + '0000'); on a province's city map its
-- prefecture (first four + '00'), a municipality (11, 12, 31, 50) as a whole and a county-level city
-- directly under its province (419001, 429004, 469001 …: digits 3–4 are '90') as itself. Null for a
-- code that is not six digits, and on the city map for a province's own code.
create or replace macro map_province_code(code) as
    case when coalesce(regexp_full_match(code, '[1-9][0-9]{5}'), false) then left(code, 2) || '0000' end;

create or replace macro map_city_code(code) as
    case
        when not coalesce(regexp_full_match(code, '[1-9][0-9]{5}'), false) then null
        when left(code, 2) in ('11', '12', '31', '50') then left(code, 2) || '0000'
        when right(code, 4) = '0000' then null
        when substr(code, 3, 2) = '90' then code
        else left(code, 4) || '00'
    end;
