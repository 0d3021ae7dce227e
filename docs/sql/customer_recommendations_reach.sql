-- The products recommended to the most customers, and how high: what a campaign built on the table
-- would push. pct_of_customers is the share of the customers the model wrote recommendations for.
-- psql "$ECML_DB" -v model=shop-recommendations -f docs/sql/customer_recommendations_reach.sql
WITH latest AS (
  SELECT * FROM latest_customer_recommendations WHERE model = :'model'
)
SELECT recommended_product_id,
       COUNT(*)                                                                 AS customers,
       ROUND(COUNT(*) * 100.0 / (SELECT COUNT(DISTINCT customer_id) FROM latest), 1) AS pct_of_customers,
       ROUND(AVG(rank), 2)                                                      AS avg_rank
FROM latest
GROUP BY recommended_product_id
ORDER BY customers DESC, recommended_product_id
LIMIT 20;
