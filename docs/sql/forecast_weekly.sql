-- Weekly view of the shop's forecast: average daily prediction and interval per ISO week.
-- psql "$ECML_DB" -v model=shop-sales -f docs/sql/forecast_weekly.sql
SELECT to_char(forecast_date, 'IYYY-IW') AS year_week,
       AVG(predicted_sales) AS avg_pred,
       AVG(lower_ci)        AS avg_lo,
       AVG(upper_ci)        AS avg_hi
FROM latest_sales_forecast
WHERE model = :'model'
  AND scope = 'shop'
GROUP BY year_week
ORDER BY year_week DESC
LIMIT 8;
