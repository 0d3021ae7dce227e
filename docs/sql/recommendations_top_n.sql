-- Top-N recommendations for a product, best first (the newest version of the model).
-- psql "$ECML_DB" -v model=shop-recommendations -v product_id=P0001 -f docs/sql/recommendations_top_n.sql
SELECT product_id, recommended_product_id, score, rank, co_buyers
FROM latest_product_recommendations
WHERE model = :'model'
  AND product_id = :'product_id'
ORDER BY rank ASC
LIMIT 10;
