-- kpic sql --dialect bigquery superstore_fair.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
`store by day` AS (
  -- one scan of warehouse.store: every base metric of source store per day, and the rows read
  SELECT CAST(`Order Date` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- daily_sales: sum of `Sales` in store
         SUM(ROUND(CAST(`Sales` AS NUMERIC), 4)) AS v1,
         COUNT(ROUND(CAST(`Sales` AS NUMERIC), 4)) AS n1,
         -- sales_28d: sum of `Sales` in store
         SUM(ROUND(CAST(`Sales` AS NUMERIC), 4)) AS v2,
         COUNT(ROUND(CAST(`Sales` AS NUMERIC), 4)) AS n2,
         -- profit: sum of `Profit` in store
         SUM(ROUND(CAST(`Profit` AS NUMERIC), 4)) AS v3,
         COUNT(ROUND(CAST(`Profit` AS NUMERIC), 4)) AS n3,
         -- sales: sum of `Sales` in store
         SUM(ROUND(CAST(`Sales` AS NUMERIC), 4)) AS v4,
         COUNT(ROUND(CAST(`Sales` AS NUMERIC), 4)) AS n4
  FROM `warehouse`.`store`
  GROUP BY CAST(`Order Date` AS DATE)
),
`daily_sales` AS (
  -- daily_sales: sum of `Sales` in store
  SELECT day, v1 AS value, n1 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`sales_28d` AS (
  -- sales_28d: sum of `Sales` in store
  SELECT day, v2 AS value, n2 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`profit` AS (
  -- profit: sum of `Profit` in store
  SELECT day, v3 AS value, n3 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`sales` AS (
  -- sales: sum of `Sales` in store
  SELECT day, v4 AS value, n4 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n4 > 0
)
SELECT 'store' AS source, 'daily_sales' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `daily_sales`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'store' AS source, 'sales_28d' AS metric, 'daily' AS review,
       day AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales_28d`
GROUP BY day
UNION ALL
SELECT 'store' AS source, 'sales_28d' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales_28d`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'store' AS source, 'profit' AS metric, 'daily' AS review,
       day AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `profit`
GROUP BY day
UNION ALL
SELECT 'store' AS source, 'profit' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `profit`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'store' AS source, 'sales' AS metric, 'daily' AS review,
       day AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY day
UNION ALL
SELECT 'store' AS source, 'sales' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'store' AS source, 'sales' AS metric, 'quarterly' AS review,
       DATE_TRUNC(day, QUARTER) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY DATE_TRUNC(day, QUARTER)
UNION ALL
SELECT 'store' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS NUMERIC) AS value, CAST(SUM(row_count) AS INT64) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `store by day`
ORDER BY source, metric, review, period;
