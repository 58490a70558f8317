-- hand_values.sql: only the monthly sums, filtered before grouping: the
-- shortest query for the goals' values, without the observations, spans and
-- row count the report shows. A lower bound, reported for reference.
SELECT CAST(date_trunc('month', "date") AS DATE) AS month,
       SUM(visitors) AS visitors, SUM(orders) AS orders, SUM(revenue) AS revenue, SUM(costs) AS costs
FROM bench_export
WHERE country = 'NL'
GROUP BY 1
ORDER BY 1
