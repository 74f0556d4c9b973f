-- Transactions, savepoints, constraints, triggers, views, JSON and CTEs.
CREATE TABLE account(id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER CHECK (balance >= 0));
CREATE TABLE audit(at INTEGER, msg TEXT);
CREATE TRIGGER log_update AFTER UPDATE OF balance ON account
BEGIN INSERT INTO audit VALUES ((SELECT count(*) FROM audit), old.owner || ': ' || old.balance || ' -> ' || new.balance); END;
INSERT INTO account(owner, balance) VALUES ('ann', 100), ('bob', 50), ('cy', 0);
BEGIN;
UPDATE account SET balance = balance - 30 WHERE owner = 'ann';
UPDATE account SET balance = balance + 30 WHERE owner = 'bob';
COMMIT;
BEGIN;
SAVEPOINT s1;
UPDATE account SET balance = balance + 1000 WHERE owner = 'cy';
ROLLBACK TO s1;
RELEASE s1;
COMMIT;
UPDATE account SET balance = balance - 500 WHERE owner = 'bob';
SELECT owner, balance FROM account ORDER BY id;
SELECT * FROM audit ORDER BY at;
CREATE VIEW rich AS SELECT owner FROM account WHERE balance > 60;
SELECT * FROM rich;
SELECT json_object('a', 1, 'b', json_array(1, 2.5, 'x', NULL)), json_extract('{"k":[10,20,{"z":true}]}', '$.k[2].z');
SELECT key, value FROM json_each('{"x":1,"y":[2,3],"z":"s"}') ORDER BY key;
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 60)
SELECT n, a FROM fib WHERE n % 10 = 0;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x * 3 % 1000003 FROM c LIMIT 20000)
SELECT count(DISTINCT x), sum(x) FROM c;
CREATE TABLE kv(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO kv VALUES ('b', 2), ('a', x'00ff'), ('c', 3.5), ('d', NULL);
INSERT OR REPLACE INTO kv VALUES ('b', 'two');
SELECT k, v, typeof(v) FROM kv ORDER BY k;
INSERT INTO kv VALUES ('a', 1);
SELECT 'after constraint error', count(*) FROM kv;
