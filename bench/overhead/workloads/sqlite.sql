-- Overhead workload for SQLite: bulk insert, index build, joins and aggregates on an in-memory
-- database. About 1-2 s natively on this machine type.
-- Temporary b-trees (large sorts) stay in memory: the sandbox has no writable files.
PRAGMA temp_store = MEMORY;
CREATE TABLE a(id INTEGER PRIMARY KEY, k INTEGER, v TEXT, x REAL);
CREATE TABLE b(id INTEGER PRIMARY KEY, k INTEGER, w TEXT);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO a(k, v, x) SELECT (i * 7919) % 50000, printf('value-%d', i), i / 3.0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO b(k, w) SELECT (i * 104729) % 50000, hex(i) FROM n;
COMMIT;
CREATE INDEX a_k ON a(k);
CREATE INDEX b_k ON b(k);
SELECT count(*), sum(a.x), max(b.w) FROM a JOIN b ON a.k = b.k WHERE a.k % 7 = 3;
SELECT k % 100 AS g, count(*), avg(x), min(v) FROM a GROUP BY g ORDER BY g LIMIT 5;
SELECT count(DISTINCT substr(v, 7, 3)) FROM a;
SELECT k, count(*) FROM b GROUP BY k HAVING count(*) > 2 ORDER BY k LIMIT 5;
UPDATE a SET x = x * 2 WHERE k < 10000;
DELETE FROM a WHERE id % 3 = 0;
SELECT count(*), total(x) FROM a;
