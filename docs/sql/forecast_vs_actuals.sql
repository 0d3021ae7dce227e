-- Forecast next to what was actually sold: daily revenue (quantity x unit price) from orders and
-- order lines, by the shop's calendar day. actual_sales is NULL for days without orders yet.
-- psql "$ECML_DB" -v model=shop-sales -f docs/sql/forecast_vs_actuals.sql
WITH daily_actuals AS (
  SELECT o.ordered_at::date AS forecast_date,
         SUM(i.quantity * i.unit_price) AS actual_sales
  FROM orders o
  JOIN order_items i ON i.order_id = o.order_id
  GROUP BY o.ordered_at::date
)
SELECT f.forecast_date, f.predicted_sales, f.lower_ci, f.upper_ci, a.actual_sales
FROM latest_sales_forecast f
LEFT JOIN daily_actuals a USING (forecast_date)
WHERE f.model = :'model'
  AND f.scope = 'shop'
ORDER BY f.forecast_date DESC
LIMIT 30;
