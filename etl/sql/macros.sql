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
