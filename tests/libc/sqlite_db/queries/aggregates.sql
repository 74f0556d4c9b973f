.headers on
SELECT count(*) AS orders, sum(qty) AS items, min(day) AS first, max(day) AS last FROM orders;
SELECT city, count(*) AS customers, min(since), max(since) FROM customer GROUP BY city ORDER BY city;
SELECT coalesce(city, '(none)') AS city, printf('%.2f', sum(amount)) AS revenue, count(*) AS n
  FROM revenue GROUP BY city ORDER BY sum(amount) DESC;
SELECT substr(day, 1, 7) AS month, count(*), printf('%.2f', avg(qty)) FROM orders
  GROUP BY month HAVING count(*) > 1500 ORDER BY month;
SELECT p.title, sum(o.qty) AS sold FROM orders o JOIN product p ON p.id = o.product
  GROUP BY p.id ORDER BY sold DESC, p.title LIMIT 10;
