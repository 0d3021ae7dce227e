-- Row counts of the shop and output tables.
SELECT 'customers' AS t, COUNT(*) AS c FROM customers
UNION ALL SELECT 'products', COUNT(*) FROM products
UNION ALL SELECT 'orders', COUNT(*) FROM orders
UNION ALL SELECT 'order_items', COUNT(*) FROM order_items
UNION ALL SELECT 'events', COUNT(*) FROM events
UNION ALL SELECT 'customer_recommendations', COUNT(*) FROM customer_recommendations
UNION ALL SELECT 'product_recommendations', COUNT(*) FROM product_recommendations
UNION ALL SELECT 'sales_forecast', COUNT(*) FROM sales_forecast;
