-- kpic sql --dialect postgres seed.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
"erp by day" AS (
  -- one scan of warehouse.erp: every base metric of source erp per day, and the rows read
  SELECT CAST("Orderdatum" AS DATE) AS day,
         COUNT(*) AS row_count,
         -- revenue: sum of "Omzet excl. btw" in erp
         SUM(CASE WHEN COALESCE("Status", '') <> 'Geannuleerd' THEN CAST("Omzet excl. btw" AS NUMERIC(38,4)) END) AS v1,
         COUNT(CASE WHEN COALESCE("Status", '') <> 'Geannuleerd' THEN CAST("Omzet excl. btw" AS NUMERIC(38,4)) END) AS n1,
         -- cost_of_goods: sum of "Kostprijs" in erp
         SUM(CASE WHEN COALESCE("Status", '') <> 'Geannuleerd' THEN CAST("Kostprijs" AS NUMERIC(38,4)) END) AS v2,
         COUNT(CASE WHEN COALESCE("Status", '') <> 'Geannuleerd' THEN CAST("Kostprijs" AS NUMERIC(38,4)) END) AS n2
  FROM "warehouse"."erp"
  GROUP BY CAST("Orderdatum" AS DATE)
),
"ads by day" AS (
  -- one scan of warehouse.ads: every base metric of source ads per day, and the rows read
  SELECT CAST("Day" AS DATE) AS day,
         COUNT(*) AS row_count,
         -- ad_spend: sum of "Cost" in ads
         SUM(CAST("Cost" AS NUMERIC(38,4))) AS v1,
         COUNT(CAST("Cost" AS NUMERIC(38,4))) AS n1
  FROM "warehouse"."ads"
  GROUP BY CAST("Day" AS DATE)
),
"web by day" AS (
  -- one scan of warehouse.web: every base metric of source web per day, and the rows read
  SELECT CAST("Date" AS DATE) AS day,
         COUNT(*) AS row_count,
         -- visitors: sum of "Active users" in web
         SUM(CAST("Active users" AS NUMERIC(38,4))) AS v1,
         COUNT(CAST("Active users" AS NUMERIC(38,4))) AS n1
  FROM "warehouse"."web"
  GROUP BY CAST("Date" AS DATE)
),
"revenue" AS (
  -- revenue: sum of "Omzet excl. btw" in erp
  SELECT day, v1 AS value, n1 AS n
  FROM "erp by day"
  WHERE day IS NOT NULL AND n1 > 0
),
"cost_of_goods" AS (
  -- cost_of_goods: sum of "Kostprijs" in erp
  SELECT day, v2 AS value, n2 AS n
  FROM "erp by day"
  WHERE day IS NOT NULL AND n2 > 0
),
"ad_spend" AS (
  -- ad_spend: sum of "Cost" in ads
  SELECT day, v1 AS value, n1 AS n
  FROM "ads by day"
  WHERE day IS NOT NULL AND n1 > 0
),
"visitors" AS (
  -- visitors: sum of "Active users" in web
  SELECT day, v1 AS value, n1 AS n
  FROM "web by day"
  WHERE day IS NOT NULL AND n1 > 0
)
SELECT 'erp' AS source, 'revenue' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS NUMERIC(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "revenue"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'erp' AS source, 'cost_of_goods' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS NUMERIC(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "cost_of_goods"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'ads' AS source, 'ad_spend' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS NUMERIC(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "ad_spend"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'web' AS source, 'visitors' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS NUMERIC(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "visitors"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'erp' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS NUMERIC(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM "erp by day"
UNION ALL
SELECT 'ads' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS NUMERIC(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM "ads by day"
UNION ALL
SELECT 'web' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS NUMERIC(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM "web by day"
ORDER BY source, metric, review, period;
