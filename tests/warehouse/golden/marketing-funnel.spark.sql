-- kpic sql --dialect spark marketing.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
`site by day` AS (
  -- one scan of warehouse.site: every base metric of source site per day, and the rows read
  SELECT CAST(`day` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- organic_sessions: sum of `sessions` in site
         SUM(CASE WHEN `channel` = 'seo' THEN CAST(`sessions` AS DECIMAL(38,4)) END) AS v1,
         COUNT(CASE WHEN `channel` = 'seo' THEN CAST(`sessions` AS DECIMAL(38,4)) END) AS n1,
         -- conversions[channel=seo]: sum of `conversions` in site
         SUM(CASE WHEN `channel` = 'seo' THEN CAST(`conversions` AS DECIMAL(38,4)) END) AS v2,
         COUNT(CASE WHEN `channel` = 'seo' THEN CAST(`conversions` AS DECIMAL(38,4)) END) AS n2,
         -- sessions[channel=seo]: sum of `sessions` in site
         SUM(CASE WHEN `channel` = 'seo' THEN CAST(`sessions` AS DECIMAL(38,4)) END) AS v3,
         COUNT(CASE WHEN `channel` = 'seo' THEN CAST(`sessions` AS DECIMAL(38,4)) END) AS n3
  FROM `warehouse`.`site`
  GROUP BY CAST(`day` AS DATE)
),
`ads by day` AS (
  -- one scan of warehouse.ads: every base metric of source ads per day, and the rows read
  SELECT CAST(`day` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- ad_spend: sum of `ad_spend` in ads
         SUM(CAST(`ad_spend` AS DECIMAL(38,4))) AS v1,
         COUNT(CAST(`ad_spend` AS DECIMAL(38,4))) AS n1,
         -- ad_conversions: sum of `ad_conversions` in ads
         SUM(CAST(`ad_conversions` AS DECIMAL(38,4))) AS v2,
         COUNT(CAST(`ad_conversions` AS DECIMAL(38,4))) AS n2,
         -- clicks: sum of `clicks` in ads
         SUM(CAST(`clicks` AS DECIMAL(38,4))) AS v3,
         COUNT(CAST(`clicks` AS DECIMAL(38,4))) AS n3,
         -- impressions: sum of `impressions` in ads
         SUM(CAST(`impressions` AS DECIMAL(38,4))) AS v4,
         COUNT(CAST(`impressions` AS DECIMAL(38,4))) AS n4,
         -- ad_revenue: sum of `ad_revenue` in ads
         SUM(CAST(`ad_revenue` AS DECIMAL(38,4))) AS v5,
         COUNT(CAST(`ad_revenue` AS DECIMAL(38,4))) AS n5
  FROM `warehouse`.`ads`
  GROUP BY CAST(`day` AS DATE)
),
`organic_sessions` AS (
  -- organic_sessions: sum of `sessions` in site
  SELECT day, v1 AS value, n1 AS n
  FROM `site by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`conversions[channel=seo]` AS (
  -- conversions[channel=seo]: sum of `conversions` in site
  SELECT day, v2 AS value, n2 AS n
  FROM `site by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`sessions[channel=seo]` AS (
  -- sessions[channel=seo]: sum of `sessions` in site
  SELECT day, v3 AS value, n3 AS n
  FROM `site by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`ad_spend` AS (
  -- ad_spend: sum of `ad_spend` in ads
  SELECT day, v1 AS value, n1 AS n
  FROM `ads by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`ad_conversions` AS (
  -- ad_conversions: sum of `ad_conversions` in ads
  SELECT day, v2 AS value, n2 AS n
  FROM `ads by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`clicks` AS (
  -- clicks: sum of `clicks` in ads
  SELECT day, v3 AS value, n3 AS n
  FROM `ads by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`impressions` AS (
  -- impressions: sum of `impressions` in ads
  SELECT day, v4 AS value, n4 AS n
  FROM `ads by day`
  WHERE day IS NOT NULL AND n4 > 0
),
`ad_revenue` AS (
  -- ad_revenue: sum of `ad_revenue` in ads
  SELECT day, v5 AS value, n5 AS n
  FROM `ads by day`
  WHERE day IS NOT NULL AND n5 > 0
)
SELECT 'site' AS source, 'organic_sessions' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `organic_sessions`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'site' AS source, 'conversions[channel=seo]' AS metric, 'quarterly' AS review,
       TRUNC(day, 'QUARTER') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `conversions[channel=seo]`
GROUP BY TRUNC(day, 'QUARTER')
UNION ALL
SELECT 'site' AS source, 'sessions[channel=seo]' AS metric, 'quarterly' AS review,
       TRUNC(day, 'QUARTER') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `sessions[channel=seo]`
GROUP BY TRUNC(day, 'QUARTER')
UNION ALL
SELECT 'ads' AS source, 'ad_spend' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `ad_spend`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'ads' AS source, 'ad_conversions' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `ad_conversions`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'ads' AS source, 'clicks' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `clicks`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'ads' AS source, 'impressions' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `impressions`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'ads' AS source, 'ad_revenue' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `ad_revenue`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'site' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `site by day`
UNION ALL
SELECT 'ads' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `ads by day`
ORDER BY source, metric, review, period;
