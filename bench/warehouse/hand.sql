-- hand.sql: bench/spec/export.kpi's numbers as a person would write them for
-- PostgreSQL and DuckDB (the same text runs on both): per month, each
-- metric's sum over the NL rows with its observations, the days they span,
-- and the rows read. These are the numbers the evaluator needs, the ones the
-- generated query returns (run.py checks that they are equal).
SELECT CAST(date_trunc('month', "date") AS DATE) AS month,
       SUM(visitors) FILTER (WHERE country = 'NL') AS visitors,
       COUNT(visitors) FILTER (WHERE country = 'NL') AS visitors_n,
       SUM(orders) FILTER (WHERE country = 'NL') AS orders,
       COUNT(orders) FILTER (WHERE country = 'NL') AS orders_n,
       SUM(revenue) FILTER (WHERE country = 'NL') AS revenue,
       COUNT(revenue) FILTER (WHERE country = 'NL') AS revenue_n,
       SUM(costs) FILTER (WHERE country = 'NL') AS costs,
       COUNT(costs) FILTER (WHERE country = 'NL') AS costs_n,
       MIN("date") FILTER (WHERE country = 'NL') AS first_day,
       MAX("date") FILTER (WHERE country = 'NL') AS last_day,
       COUNT(*) AS row_count
FROM bench_export
GROUP BY 1
ORDER BY 1
