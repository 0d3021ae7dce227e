-- The last 14 days of the shop's sales forecast (newest version of the model), latest first.
-- psql "$ECML_DB" -v model=shop-sales -f docs/sql/forecast_latest_14_days.sql
SELECT forecast_date, predicted_sales, lower_ci, upper_ci
FROM latest_sales_forecast
WHERE model = :'model'
  AND scope = 'shop'
ORDER BY forecast_date DESC
LIMIT 14;
