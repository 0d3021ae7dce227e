-- The items most often bought by the same customers as a product (co_buyers), ties by rank.
-- psql "$ECML_DB" -v model=shop-recommendations -v product_id=P0001 -f docs/sql/recommendations_most_co_bought.sql
SELECT recommended_product_id, co_buyers
FROM latest_product_recommendations
WHERE model = :'model'
  AND product_id = :'product_id'
ORDER BY co_buyers DESC, rank ASC
LIMIT 10;
