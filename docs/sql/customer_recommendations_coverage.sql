-- How much of the catalogue the recommendations reach, per category: its products, those recommended to
-- at least one customer, and the category's share of all recommendation slots (a long tail never
-- recommended, or one category taking every slot, shows here).
-- psql "$ECML_DB" -v model=shop-recommendations -f docs/sql/customer_recommendations_coverage.sql
SELECT p.category,
       COUNT(DISTINCT p.product_id)             AS products,
       COUNT(DISTINCT r.recommended_product_id) AS recommended_products,
       COUNT(r.recommended_product_id)          AS slots,
       ROUND(COUNT(r.recommended_product_id) * 100.0
             / NULLIF(SUM(COUNT(r.recommended_product_id)) OVER (), 0), 1) AS pct_of_slots
FROM products p
LEFT JOIN latest_customer_recommendations r
  ON r.recommended_product_id = p.product_id
 AND r.model = :'model'
GROUP BY p.category
ORDER BY slots DESC, p.category;
