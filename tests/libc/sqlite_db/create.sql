-- Builds tests/libc's database file with the native sqlite3 shell at build time; the queries in
-- queries/ then read it, natively and in the sandbox from the read-only image.
-- Large enough (thousands of rows, several indexes) to span many pages and b-tree levels.
CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, since INTEGER);
CREATE TABLE product(id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customer(id),
                    product INTEGER REFERENCES product(id), qty INTEGER, day TEXT);
CREATE INDEX orders_customer ON orders(customer);
CREATE INDEX orders_day ON orders(day);
CREATE INDEX customer_city ON customer(city, name);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO customer
SELECT i, 'customer-' || printf('%04d', i),
       CASE i % 7 WHEN 0 THEN 'Oslo' WHEN 1 THEN 'Lyon' WHEN 2 THEN 'Porto' WHEN 3 THEN 'Graz'
                  WHEN 4 THEN 'Turku' WHEN 5 THEN 'Gent' ELSE NULL END,
       2000 + i % 23
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO product SELECT i, 'product ' || hex(randomblob(0) || i * 7919), (i * 37 % 1000) / 10.0 + 0.99 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO orders
SELECT i, 1 + (i * 7919) % 600, 1 + (i * 104729) % 150, 1 + i % 9,
       date('2024-01-01', '+' || (i * 31 % 366) || ' days')
FROM n;
CREATE VIEW revenue AS
  SELECT c.city, o.day, o.qty * p.price AS amount
  FROM orders o JOIN customer c ON c.id = o.customer JOIN product p ON p.id = o.product;
