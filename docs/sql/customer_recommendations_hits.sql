-- Recommendations next to what the customers actually bought since a day (e.g. the day the version's
-- outputs were written): per rank, how many recommended products the customer then bought — the
-- precision at each position — and the total (rank NULL).
-- psql "$ECML_DB" -v model=shop-recommendations -v since=2026-12-01 -f docs/sql/customer_recommendations_hits.sql
WITH bought AS (
  SELECT DISTINCT o.customer_id, i.product_id
  FROM orders o
  JOIN order_items i ON i.order_id = o.order_id
  WHERE o.ordered_at >= CAST(:'since' AS date)
)
SELECT r.rank,
       COUNT(*)                                          AS recommendations,
       COUNT(b.product_id)                               AS bought,
       ROUND(COUNT(b.product_id) * 100.0 / COUNT(*), 2)  AS pct_bought
FROM latest_customer_recommendations r
LEFT JOIN bought b
  ON b.customer_id = r.customer_id
 AND b.product_id = r.recommended_product_id
WHERE r.model = :'model'
GROUP BY ROLLUP (r.rank)
ORDER BY r.rank NULLS LAST;
