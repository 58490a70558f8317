-- kpic sql --dialect duckdb support.kpi
-- Per-period values of the goals' base metrics, computed where the rows live.
-- Save the result as CSV with its header and give it to the evaluator:
--   ./goals --periods result.csv   (docs/warehouse.md)
WITH
"tickets by day" AS (
  -- one scan of warehouse.tickets: every base metric of source tickets per day, and the rows read
  SELECT CAST("created" AS DATE) AS day,
         COUNT(*) AS row_count,
         -- first_response_time: avg of "first_response_time" in tickets
         SUM(CAST("first_response_time" AS DECIMAL(38,4))) AS v1,
         COUNT(CAST("first_response_time" AS DECIMAL(38,4))) AS n1,
         -- resolved_first_contact: sum of "resolved_first_contact" in tickets
         SUM(CAST("resolved_first_contact" AS DECIMAL(38,4))) AS v2,
         COUNT(CAST("resolved_first_contact" AS DECIMAL(38,4))) AS n2,
         -- tickets_resolved: sum of "resolved" in tickets
         SUM(CAST("resolved" AS DECIMAL(38,4))) AS v3,
         COUNT(CAST("resolved" AS DECIMAL(38,4))) AS n3,
         -- satisfied_responses: sum of "satisfied_responses" in tickets
         SUM(CAST("satisfied_responses" AS DECIMAL(38,4))) AS v4,
         COUNT(CAST("satisfied_responses" AS DECIMAL(38,4))) AS n4,
         -- csat_responses: sum of "csat_responses" in tickets
         SUM(CAST("csat_responses" AS DECIMAL(38,4))) AS v5,
         COUNT(CAST("csat_responses" AS DECIMAL(38,4))) AS n5,
         -- escalations: sum of "escalations" in tickets
         SUM(CAST("escalations" AS DECIMAL(38,4))) AS v6,
         COUNT(CAST("escalations" AS DECIMAL(38,4))) AS n6,
         -- tickets: count of "ticket_id" in tickets
         COUNT(CASE WHEN CAST("ticket_id" AS VARCHAR) <> '' THEN 1 END) AS n7
  FROM "warehouse"."tickets"
  GROUP BY CAST("created" AS DATE)
),
"first_response_time" AS (
  -- first_response_time: avg of "first_response_time" in tickets
  SELECT day, v1 AS value, n1 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n1 > 0
),
"resolved_first_contact" AS (
  -- resolved_first_contact: sum of "resolved_first_contact" in tickets
  SELECT day, v2 AS value, n2 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n2 > 0
),
"tickets_resolved" AS (
  -- tickets_resolved: sum of "resolved" in tickets
  SELECT day, v3 AS value, n3 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n3 > 0
),
"satisfied_responses" AS (
  -- satisfied_responses: sum of "satisfied_responses" in tickets
  SELECT day, v4 AS value, n4 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n4 > 0
),
"csat_responses" AS (
  -- csat_responses: sum of "csat_responses" in tickets
  SELECT day, v5 AS value, n5 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n5 > 0
),
"escalations" AS (
  -- escalations: sum of "escalations" in tickets
  SELECT day, v6 AS value, n6 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n6 > 0
),
"tickets" AS (
  -- tickets: count of "ticket_id" in tickets
  SELECT day, n7 AS value, n7 AS n
  FROM "tickets by day"
  WHERE day IS NOT NULL AND n7 > 0
)
SELECT 'tickets' AS source, 'first_response_time' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "first_response_time"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, 'resolved_first_contact' AS metric, 'quarterly' AS review,
       CAST(DATE_TRUNC('quarter', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "resolved_first_contact"
GROUP BY CAST(DATE_TRUNC('quarter', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, 'tickets_resolved' AS metric, 'quarterly' AS review,
       CAST(DATE_TRUNC('quarter', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "tickets_resolved"
GROUP BY CAST(DATE_TRUNC('quarter', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, 'satisfied_responses' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "satisfied_responses"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, 'csat_responses' AS metric, 'monthly' AS review,
       CAST(DATE_TRUNC('month', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "csat_responses"
GROUP BY CAST(DATE_TRUNC('month', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, 'escalations' AS metric, 'weekly' AS review,
       CAST(DATE_TRUNC('week', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "escalations"
GROUP BY CAST(DATE_TRUNC('week', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, 'tickets' AS metric, 'weekly' AS review,
       CAST(DATE_TRUNC('week', day) AS DATE) AS period,
       CAST(SUM(value) AS DECIMAL(38,4)) AS value, CAST(SUM(n) AS BIGINT) AS n,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM "tickets"
GROUP BY CAST(DATE_TRUNC('week', day) AS DATE)
UNION ALL
SELECT 'tickets' AS source, '' AS metric, '' AS review,
       CAST(NULL AS DATE) AS period, CAST(NULL AS DECIMAL(38,4)) AS value, CAST(SUM(row_count) AS BIGINT) AS n,
       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day
FROM "tickets by day"
ORDER BY source, metric, review, period;
