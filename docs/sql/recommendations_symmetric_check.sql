-- Symmetric check: for each product recommended from A, do we also recommend A from it?
-- rec_from_b is NULL when the way back is not in that product's top-N.
-- psql "$ECML_DB" -v model=shop-recommendations -v product_id=P0001 -f docs/sql/recommendations_symmetric_check.sql
SELECT a.product_id,
       a.recommended_product_id AS rec_from_a,
       b.product_id             AS back_from_rec,
       b.recommended_product_id AS rec_from_b
FROM latest_product_recommendations a
LEFT JOIN latest_product_recommendations b
  ON b.model = a.model
 AND b.product_id = a.recommended_product_id
 AND b.recommended_product_id = a.product_id
WHERE a.model = :'model'
  AND a.product_id = :'product_id'
ORDER BY a.rank;
