.mode list
SELECT name, city FROM customer WHERE id IN (1, 77, 599, 600, 601);
SELECT count(*) FROM orders WHERE day BETWEEN '2024-03-01' AND '2024-03-31';
SELECT o.id, c.name, o.qty, o.day FROM orders o JOIN customer c ON c.id = o.customer
  WHERE c.city = 'Graz' AND o.day = '2024-07-04' ORDER BY o.id;
SELECT name FROM customer WHERE city IS NULL ORDER BY name DESC LIMIT 5;
EXPLAIN QUERY PLAN SELECT * FROM orders WHERE customer = 5;
SELECT group_concat(id) FROM (SELECT id FROM orders WHERE customer = 5 ORDER BY id);
-- a window function and a sort bigger than the page cache
SELECT id, day, sum(qty) OVER (ORDER BY day, id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
  FROM orders ORDER BY day DESC, id DESC LIMIT 8;
SELECT count(DISTINCT day || customer) FROM orders;
PRAGMA integrity_check;
-- the database is read-only: writing fails (on stderr), the shell goes on
INSERT INTO customer(name) VALUES ('nobody');
SELECT count(*) FROM customer;
