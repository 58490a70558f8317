-- kpic sql --dialect bigquery budget.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
`shop by day` AS (
  -- one scan of warehouse.shop: every base metric of source shop per day, and the rows read
  SELECT CAST(`day` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- sales: sum of `sales` in shop
         SUM(ROUND(CAST(`sales` AS NUMERIC), 4)) AS v1,
         COUNT(ROUND(CAST(`sales` AS NUMERIC), 4)) AS n1,
         -- spend: sum of `spend` in shop
         SUM(ROUND(CAST(`spend` AS NUMERIC), 4)) AS v2,
         COUNT(ROUND(CAST(`spend` AS NUMERIC), 4)) AS n2,
         -- sales[channel=sea]: sum of `sales` in shop
         SUM(CASE WHEN `channel` = 'sea' THEN ROUND(CAST(`sales` AS NUMERIC), 4) END) AS v3,
         COUNT(CASE WHEN `channel` = 'sea' THEN ROUND(CAST(`sales` AS NUMERIC), 4) END) AS n3,
         -- spend[channel=sea]: sum of `spend` in shop
         SUM(CASE WHEN `channel` = 'sea' THEN ROUND(CAST(`spend` AS NUMERIC), 4) END) AS v4,
         COUNT(CASE WHEN `channel` = 'sea' THEN ROUND(CAST(`spend` AS NUMERIC), 4) END) AS n4
  FROM `warehouse`.`shop`
  GROUP BY CAST(`day` AS DATE)
),
`sales` AS (
  -- sales: sum of `sales` in shop
  SELECT day, v1 AS value, n1 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`spend` AS (
  -- spend: sum of `spend` in shop
  SELECT day, v2 AS value, n2 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`sales[channel=sea]` AS (
  -- sales[channel=sea]: sum of `sales` in shop
  SELECT day, v3 AS value, n3 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`spend[channel=sea]` AS (
  -- spend[channel=sea]: sum of `spend` in shop
  SELECT day, v4 AS value, n4 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n4 > 0
)
SELECT 'shop' AS source, 'sales' AS metric, 'daily' AS review,
       day AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY day
UNION ALL
SELECT 'shop' AS source, 'sales' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'shop' AS source, 'sales' AS metric, 'quarterly' AS review,
       DATE_TRUNC(day, QUARTER) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY DATE_TRUNC(day, QUARTER)
UNION ALL
SELECT 'shop' AS source, 'spend' AS metric, 'daily' AS review,
       day AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `spend`
GROUP BY day
UNION ALL
SELECT 'shop' AS source, 'spend' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `spend`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'shop' AS source, 'spend' AS metric, 'quarterly' AS review,
       DATE_TRUNC(day, QUARTER) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `spend`
GROUP BY DATE_TRUNC(day, QUARTER)
UNION ALL
SELECT 'shop' AS source, 'sales[channel=sea]' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales[channel=sea]`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'shop' AS source, 'spend[channel=sea]' AS metric, 'monthly' AS review,
       DATE_TRUNC(day, MONTH) AS period,
       CAST(SUM(value) AS NUMERIC) AS value, CAST(SUM(n) AS INT64) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `spend[channel=sea]`
GROUP BY DATE_TRUNC(day, MONTH)
UNION ALL
SELECT 'shop' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS NUMERIC) AS value, CAST(SUM(row_count) AS INT64) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `shop by day`
ORDER BY source, metric, review, period;
