-- kpic sql --dialect spark hr.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
`people by day` AS (
  -- one scan of warehouse.people: every base metric of source people per day, and the rows read
  SELECT CAST(`week` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- headcount: last of `headcount` in people
         MAX(CAST(`headcount` AS DECIMAL(38,4))) AS v1,
         COUNT(CAST(`headcount` AS DECIMAL(38,4))) AS n1,
         -- leavers: sum of `leavers` in people
         SUM(CAST(`leavers` AS DECIMAL(38,4))) AS v2,
         COUNT(CAST(`leavers` AS DECIMAL(38,4))) AS n2,
         -- absence_days: sum of `absence_days` in people
         SUM(CAST(`absence_days` AS DECIMAL(38,4))) AS v3,
         COUNT(CAST(`absence_days` AS DECIMAL(38,4))) AS n3,
         -- scheduled_days: sum of `scheduled_days` in people
         SUM(CAST(`scheduled_days` AS DECIMAL(38,4))) AS v4,
         COUNT(CAST(`scheduled_days` AS DECIMAL(38,4))) AS n4
  FROM `warehouse`.`people`
  GROUP BY CAST(`week` AS DATE)
),
`hires by day` AS (
  -- one scan of warehouse.hires: every base metric of source hires per day, and the rows read
  SELECT CAST(`hired` AS DATE) AS day,
         COUNT(*) AS row_count,
         -- time_to_hire[department=Engineering]: avg of `time_to_hire` in hires
         SUM(CASE WHEN `department` = 'Engineering' THEN CAST(`time_to_hire` AS DECIMAL(38,4)) END) AS v1,
         COUNT(CASE WHEN `department` = 'Engineering' THEN CAST(`time_to_hire` AS DECIMAL(38,4)) END) AS n1
  FROM `warehouse`.`hires`
  GROUP BY CAST(`hired` AS DATE)
),
`headcount` AS (
  -- headcount: last of `headcount` in people
  SELECT day, v1 AS value, n1 AS n
  FROM `people by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`leavers` AS (
  -- leavers: sum of `leavers` in people
  SELECT day, v2 AS value, n2 AS n
  FROM `people by day`
  WHERE day IS NOT NULL AND n2 > 0
),
`time_to_hire[department=Engineering]` AS (
  -- time_to_hire[department=Engineering]: avg of `time_to_hire` in hires
  SELECT day, v1 AS value, n1 AS n
  FROM `hires by day`
  WHERE day IS NOT NULL AND n1 > 0
),
`absence_days` AS (
  -- absence_days: sum of `absence_days` in people
  SELECT day, v3 AS value, n3 AS n
  FROM `people by day`
  WHERE day IS NOT NULL AND n3 > 0
),
`scheduled_days` AS (
  -- scheduled_days: sum of `scheduled_days` in people
  SELECT day, v4 AS value, n4 AS n
  FROM `people by day`
  WHERE day IS NOT NULL AND n4 > 0
)
SELECT 'people' AS source, 'headcount' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(MAX(CASE WHEN day = period_last THEN value END) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM (SELECT day, value, n, MAX(day) OVER (PARTITION BY TRUNC(day, 'MONTH')) AS period_last FROM `headcount`) AS days
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'people' AS source, 'headcount' AS metric, 'quarterly' AS review,
       TRUNC(day, 'QUARTER') AS period,
       CAST(MAX(CASE WHEN day = period_last THEN value END) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM (SELECT day, value, n, MAX(day) OVER (PARTITION BY TRUNC(day, 'QUARTER')) AS period_last FROM `headcount`) AS days
GROUP BY TRUNC(day, 'QUARTER')
UNION ALL
SELECT 'people' AS source, 'leavers' AS metric, 'quarterly' AS review,
       TRUNC(day, 'QUARTER') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `leavers`
GROUP BY TRUNC(day, 'QUARTER')
UNION ALL
SELECT 'hires' AS source, 'time_to_hire[department=Engineering]' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `time_to_hire[department=Engineering]`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'people' AS source, 'absence_days' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `absence_days`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'people' AS source, 'scheduled_days' AS metric, 'monthly' AS review,
       TRUNC(day, 'MONTH') AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM `scheduled_days`
GROUP BY TRUNC(day, 'MONTH')
UNION ALL
SELECT 'people' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `people by day`
UNION ALL
SELECT 'hires' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM `hires by day`
ORDER BY source, metric, review, period;
