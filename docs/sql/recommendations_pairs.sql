-- Symmetric pairs collapsed into one row each (A-B and B-A count once), strongest first.
-- psql "$ECML_DB" -v model=shop-recommendations -f docs/sql/recommendations_pairs.sql
SELECT LEAST(product_id, recommended_product_id)    AS prod_a,
       GREATEST(product_id, recommended_product_id) AS prod_b,
       MAX(score)     AS max_score,
       MAX(co_buyers) AS max_cobuyers
FROM latest_product_recommendations
WHERE model = :'model'
GROUP BY 1, 2
ORDER BY max_score DESC, prod_a, prod_b
LIMIT 20;
