-- kpic sql --dialect duckdb hostile.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
"orders by day" AS (
  -- one scan of warehouse.orders: every base metric of source orders per day, and the rows read
  SELECT CAST("order day" AS DATE) AS day,
         COUNT(*) AS row_count,
         -- revenue: sum of "it's ""amount""" in orders
         SUM(CAST("it's ""amount""" AS DECIMAL(38,4))) AS v1,
         COUNT(CAST("it's ""amount""" AS DECIMAL(38,4))) AS n1,
         -- obrien: sum of "it's ""amount""" in orders
         SUM(CASE WHEN "back\slash region" = 'O''Brien' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v2,
         COUNT(CASE WHEN "back\slash region" = 'O''Brien' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n2,
         -- odd_regions: sum of "it's ""amount""" in orders
         SUM(CASE WHEN "back\slash region" IN ('say "hi"', 'a\b', 'x'' OR ''1''=''1') THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v3,
         COUNT(CASE WHEN "back\slash region" IN ('say "hi"', 'a\b', 'x'' OR ''1''=''1') THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n3,
         -- not_plain: sum of "it's ""amount""" in orders
         SUM(CASE WHEN COALESCE("back\slash region", '') <> 'plain' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v4,
         COUNT(CASE WHEN COALESCE("back\slash region", '') <> 'plain' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n4,
         -- empty_region: sum of "it's ""amount""" in orders
         SUM(CASE WHEN COALESCE("back\slash region", '') = '' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v5,
         COUNT(CASE WHEN COALESCE("back\slash region", '') = '' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n5,
         -- big_or_semi: sum of "it's ""amount""" in orders
         SUM(CASE WHEN CASE "qty;--" > 3 WHEN TRUE THEN TRUE WHEN FALSE THEN "back\slash region" = 'semi;-- colon' END THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v6,
         COUNT(CASE WHEN CASE "qty;--" > 3 WHEN TRUE THEN TRUE WHEN FALSE THEN "back\slash region" = 'semi;-- colon' END THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n6,
         -- semi_or_big: sum of "it's ""amount""" in orders
         SUM(CASE WHEN "back\slash region" = 'semi;-- colon' OR "qty;--" > 3 THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v7,
         COUNT(CASE WHEN "back\slash region" = 'semi;-- colon' OR "qty;--" > 3 THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n7,
         -- not_small_plain: sum of "it's ""amount""" in orders
         SUM(CASE WHEN NOT (CASE "qty;--" < 2 WHEN TRUE THEN COALESCE("back\slash region", '') <> 'two
lines' WHEN FALSE THEN FALSE END) THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v8,
         COUNT(CASE WHEN NOT (CASE "qty;--" < 2 WHEN TRUE THEN COALESCE("back\slash region", '') <> 'two
lines' WHEN FALSE THEN FALSE END) THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n8,
         -- lines: count of "qty;--" in orders
         COUNT(CASE WHEN (COALESCE("back\slash region", '') NOT IN ('plain', '')) AND CAST("qty;--" AS VARCHAR) <> '' THEN 1 END) AS n9,
         -- basket: avg of "it's ""amount""" in orders
         SUM(CAST("it's ""amount""" AS DECIMAL(38,4))) AS v10,
         COUNT(CAST("it's ""amount""" AS DECIMAL(38,4))) AS n10,
         -- smallest: min of "it's ""amount""" in orders
         MIN(CASE WHEN "qty;--" >= (-1) THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v11,
         COUNT(CASE WHEN "qty;--" >= (-1) THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n11,
         -- largest: max of "it's ""amount""" in orders
         MAX(CAST("it's ""amount""" AS DECIMAL(38,4))) AS v12,
         COUNT(CAST("it's ""amount""" AS DECIMAL(38,4))) AS n12,
         -- revenue[back\slash region=O'Brien or back\slash region=x' OR '1'='1]: sum of "it's ""amount""" in orders
         SUM(CASE WHEN "back\slash region" = 'O''Brien' OR "back\slash region" = 'x'' OR ''1''=''1' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS v13,
         COUNT(CASE WHEN "back\slash region" = 'O''Brien' OR "back\slash region" = 'x'' OR ''1''=''1' THEN CAST("it's ""amount""" AS DECIMAL(38,4)) END) AS n13
  FROM "warehouse"."orders"
  GROUP BY CAST("order day" AS DATE)
),
"stock by day" AS (
  -- one scan of warehouse.stock: every base metric of source stock per day, and the rows read
  SELECT CAST("day" AS DATE) AS day,
         COUNT(*) AS row_count,
         -- units: last of "units" in stock
         MAX(CAST("units" AS DECIMAL(38,4))) AS v1,
         COUNT(CAST("units" AS DECIMAL(38,4))) AS n1
  FROM "warehouse"."stock"
  GROUP BY CAST("day" AS DATE)
),
"revenue" AS (
  -- revenue: sum of "it's ""amount""" in orders
  SELECT day, v1 AS value, n1 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n1 > 0
),
"obrien" AS (
  -- obrien: sum of "it's ""amount""" in orders
  SELECT day, v2 AS value, n2 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n2 > 0
),
"odd_regions" AS (
  -- odd_regions: sum of "it's ""amount""" in orders
  SELECT day, v3 AS value, n3 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n3 > 0
),
"not_plain" AS (
  -- not_plain: sum of "it's ""amount""" in orders
  SELECT day, v4 AS value, n4 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n4 > 0
),
"empty_region" AS (
  -- empty_region: sum of "it's ""amount""" in orders
  SELECT day, v5 AS value, n5 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n5 > 0
),
"big_or_semi" AS (
  -- big_or_semi: sum of "it's ""amount""" in orders
  SELECT day, v6 AS value, n6 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n6 > 0
),
"semi_or_big" AS (
  -- semi_or_big: sum of "it's ""amount""" in orders
  SELECT day, v7 AS value, n7 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n7 > 0
),
"not_small_plain" AS (
  -- not_small_plain: sum of "it's ""amount""" in orders
  SELECT day, v8 AS value, n8 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n8 > 0
),
"lines" AS (
  -- lines: count of "qty;--" in orders
  SELECT day, n9 AS value, n9 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n9 > 0
),
"customers" AS (
  -- customers: count_distinct of "customer" in orders
  SELECT DISTINCT CAST("order day" AS DATE) AS day, CAST("customer" AS VARCHAR) AS value
  FROM "warehouse"."orders"
  WHERE "order day" IS NOT NULL AND CAST("customer" AS VARCHAR) <> ''
),
"basket" AS (
  -- basket: avg of "it's ""amount""" in orders
  SELECT day, v10 AS value, n10 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n10 > 0
),
"smallest" AS (
  -- smallest: min of "it's ""amount""" in orders
  SELECT day, v11 AS value, n11 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n11 > 0
),
"largest" AS (
  -- largest: max of "it's ""amount""" in orders
  SELECT day, v12 AS value, n12 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n12 > 0
),
"units" AS (
  -- units: last of "units" in stock
  SELECT day, v1 AS value, n1 AS n
  FROM "stock by day"
  WHERE day IS NOT NULL AND n1 > 0
),
"metric 15" AS (
  -- revenue[back\slash region=O'Brien or back\slash region=x' OR '1'='1]: sum of "it's ""amount""" in orders
  SELECT day, v13 AS value, n13 AS n
  FROM "orders by day"
  WHERE day IS NOT NULL AND n13 > 0
)
SELECT 'orders' AS source, 'revenue' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "revenue"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'obrien' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "obrien"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'odd_regions' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "odd_regions"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'not_plain' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "not_plain"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'empty_region' AS metric, 'weekly' AS review,
       CAST(DATE_TRUNC('week', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "empty_region"
GROUP BY CAST(DATE_TRUNC('week', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'big_or_semi' AS metric, 'quarterly' AS review,
       CAST(DATE_TRUNC('quarter', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "big_or_semi"
GROUP BY CAST(DATE_TRUNC('quarter', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'semi_or_big' AS metric, 'quarterly' AS review,
       CAST(DATE_TRUNC('quarter', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "semi_or_big"
GROUP BY CAST(DATE_TRUNC('quarter', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'not_small_plain' AS metric, 'yearly' AS review,
       CAST(DATE_TRUNC('year', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "not_small_plain"
GROUP BY CAST(DATE_TRUNC('year', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'lines' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "lines"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'customers' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(COUNT(DISTINCT value) AS DECIMAL(38,4)) AS value, CAST(COUNT(*) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "customers"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'basket' AS metric, 'daily' AS review,
       day AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "basket"
GROUP BY day
UNION ALL
SELECT 'orders' AS source, 'smallest' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(MIN(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "smallest"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'largest' AS metric, 'weekly' AS review,
       CAST(DATE_TRUNC('week', day) AS DATE) AS period,
       CAST(MAX(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "largest"
GROUP BY CAST(DATE_TRUNC('week', day) AS DATE)
UNION ALL
SELECT 'stock' AS source, 'units' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(MAX(CASE WHEN day = period_last THEN value END) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM (SELECT day, value, n, MAX(day) OVER (PARTITION BY CAST(DATE_TRUNC('month', day) AS DATE)) AS period_last FROM "units") AS days
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, 'revenue[back\slash region=O''Brien or back\slash region=x'' OR ''1''=''1]' AS metric, 'quarterly' AS review,
       CAST(DATE_TRUNC('quarter', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "metric 15"
GROUP BY CAST(DATE_TRUNC('quarter', day) AS DATE)
UNION ALL
SELECT 'orders' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM "orders by day"
UNION ALL
SELECT 'stock' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM "stock by day"
ORDER BY source, metric, review, period;
