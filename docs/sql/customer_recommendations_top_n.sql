-- A customer's top-N recommendations, best first (the newest complete version of the model), with what
-- the campaign or the call needs to know about each product.
-- psql "$ECML_DB" -v model=shop-recommendations -v customer_id=C00042 -f docs/sql/customer_recommendations_top_n.sql
SELECT r.rank, r.recommended_product_id, p.name, p.category, p.price, r.score
FROM latest_customer_recommendations r
LEFT JOIN products p ON p.product_id = r.recommended_product_id
WHERE r.model = :'model'
  AND r.customer_id = :'customer_id'
ORDER BY r.rank;
