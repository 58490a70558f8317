-- kpic sql --dialect spark superstore.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
`store by day` AS (
  -- one scan of warehouse.store: every base metric of source store per day, and the rows read
  SELECT CAST(`Order Date` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- sales: sum of `Sales` in store
         SUM(CAST(`Sales` AS DECIMAL(38,4))) AS v1,
         COUNT(CAST(`Sales` AS DECIMAL(38,4))) AS n1,
         -- profit: sum of `Profit` in store
         SUM(CAST(`Profit` AS DECIMAL(38,4))) AS v2,
         COUNT(CAST(`Profit` AS DECIMAL(38,4))) AS n2,
         -- technology_sales: sum of `Sales` in store
         SUM(CASE WHEN `Category` = 'Technology' THEN CAST(`Sales` AS DECIMAL(38,4)) END) AS v3,
         COUNT(CASE WHEN `Category` = 'Technology' THEN CAST(`Sales` AS DECIMAL(38,4)) END) AS n3,
         -- west_furniture_profit: sum of `Profit` in store
         SUM(CASE WHEN `Region` = 'West' AND `Category` = 'Furniture' THEN CAST(`Profit` AS DECIMAL(38,4)) END) AS v4,
         COUNT(CASE WHEN `Region` = 'West' AND `Category` = 'Furniture' THEN CAST(`Profit` AS DECIMAL(38,4)) END) AS n4
  FROM `warehouse`.`store`
  GROUP BY CAST(`Order Date` AS DATE)
),
`sales` AS (
  -- sales: sum of `Sales` in store
  SELECT day, v1 AS value, n1 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`profit` AS (
  -- profit: sum of `Profit` in store
  SELECT day, v2 AS value, n2 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`orders` AS (
  -- orders: count_distinct of `Order ID` in store
  SELECT DISTINCT CAST(`Order Date` AS DATE) AS day, CAST(`Order ID` AS STRING) AS value
  FROM `warehouse`.`store`
  WHERE `Order Date` IS NOT NULL AND CAST(`Order ID` AS STRING) <> ''
),
`technology_sales` AS (
  -- technology_sales: sum of `Sales` in store
  SELECT day, v3 AS value, n3 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`west_furniture_profit` AS (
  -- west_furniture_profit: sum of `Profit` in store
  SELECT day, v4 AS value, n4 AS n
  FROM `store by day`
  WHERE day IS NOT NULL AND n4 > 0
)
SELECT 'store' AS source, 'sales' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sales`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'store' AS source, 'profit' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `profit`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'store' AS source, 'orders' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(COUNT(DISTINCT value) AS DECIMAL(38,4)) AS value, CAST(COUNT(*) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `orders`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'store' AS source, 'technology_sales' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `technology_sales`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'store' AS source, 'west_furniture_profit' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `west_furniture_profit`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'store' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `store by day`
ORDER BY source, metric, review, period;
