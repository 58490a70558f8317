-- kpic sql --dialect spark webshop.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
`shop by day` AS (
  -- one scan of warehouse.shop: every base metric of source shop per day, and the rows read
  SELECT CAST(`day` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- revenue: sum of `omzet` in shop
         SUM(CAST(`omzet` AS DECIMAL(38,4))) AS v1,
         COUNT(CAST(`omzet` AS DECIMAL(38,4))) AS n1,
         -- costs: sum of `costs` in shop
         SUM(CAST(`costs` AS DECIMAL(38,4))) AS v2,
         COUNT(CAST(`costs` AS DECIMAL(38,4))) AS n2,
         -- visitors: sum of `visitors` in shop
         SUM(CAST(`visitors` AS DECIMAL(38,4))) AS v3,
         COUNT(CAST(`visitors` AS DECIMAL(38,4))) AS n3,
         -- bounces: sum of `bounces` in shop
         SUM(CAST(`bounces` AS DECIMAL(38,4))) AS v4,
         COUNT(CAST(`bounces` AS DECIMAL(38,4))) AS n4,
         -- sessions: sum of `sessions` in shop
         SUM(CAST(`sessions` AS DECIMAL(38,4))) AS v5,
         COUNT(CAST(`sessions` AS DECIMAL(38,4))) AS n5,
         -- conversions: sum of `orders` in shop
         SUM(CAST(`orders` AS DECIMAL(38,4))) AS v6,
         COUNT(CAST(`orders` AS DECIMAL(38,4))) AS n6
  FROM `warehouse`.`shop`
  GROUP BY CAST(`day` AS DATE)
),
`revenue` AS (
  -- revenue: sum of `omzet` in shop
  SELECT day, v1 AS value, n1 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`costs` AS (
  -- costs: sum of `costs` in shop
  SELECT day, v2 AS value, n2 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`visitors` AS (
  -- visitors: sum of `visitors` in shop
  SELECT day, v3 AS value, n3 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`bounces` AS (
  -- bounces: sum of `bounces` in shop
  SELECT day, v4 AS value, n4 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n4 > 0
),
`sessions` AS (
  -- sessions: sum of `sessions` in shop
  SELECT day, v5 AS value, n5 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n5 > 0
),
`conversions` AS (
  -- conversions: sum of `orders` in shop
  SELECT day, v6 AS value, n6 AS n
  FROM `shop by day`
  WHERE day IS NOT NULL AND n6 > 0
)
SELECT 'shop' AS source, 'revenue' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `revenue`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'shop' AS source, 'costs' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `costs`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'shop' AS source, 'visitors' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `visitors`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'shop' AS source, 'bounces' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `bounces`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'shop' AS source, 'sessions' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sessions`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'shop' AS source, 'conversions' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `conversions`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'shop' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `shop by day`
ORDER BY source, metric, review, period;
