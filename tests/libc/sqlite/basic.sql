-- Create, insert, index, join, aggregate on an in-memory database.
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, budget REAL);
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept INTEGER REFERENCES dept(id),
                 salary INTEGER, hired TEXT);
INSERT INTO dept(name, budget) VALUES ('eng', 1.5e6), ('ops', 250000.25), ('sales', 730000), ('empty', NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO emp(name, dept, salary, hired)
SELECT 'emp' || i, 1 + (i * 7) % 3, 30000 + (i * 7919) % 90000,
       date('2000-01-01', '+' || (i * 13 % 8000) || ' days') FROM n;
CREATE INDEX emp_dept_salary ON emp(dept, salary);
.mode list
SELECT count(*), sum(salary), min(salary), max(salary), round(avg(salary), 3) FROM emp;
SELECT d.name, count(e.id), sum(e.salary), round(avg(e.salary), 2), max(e.hired)
  FROM dept d LEFT JOIN emp e ON e.dept = d.id GROUP BY d.id ORDER BY d.name;
SELECT name, salary FROM emp WHERE dept = 2 AND salary > 119000 ORDER BY salary DESC, name LIMIT 5;
EXPLAIN QUERY PLAN SELECT * FROM emp WHERE dept = 2 AND salary > 100;
SELECT strftime('%Y', hired) AS y, count(*) FROM emp GROUP BY y HAVING count(*) > 230 ORDER BY y;
SELECT e1.name, e2.name FROM emp e1 JOIN emp e2 ON e1.salary = e2.salary AND e1.id < e2.id
  ORDER BY e1.id LIMIT 5;
UPDATE emp SET salary = salary * 1.1 WHERE hired < '2001-01-01';
DELETE FROM emp WHERE id % 10 = 0;
SELECT count(*), total(salary), typeof(sum(salary)) FROM emp;
SELECT name, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM emp
  WHERE id < 40 ORDER BY dept, r, name LIMIT 12;
SELECT group_concat(name, '+') FROM (SELECT name FROM dept ORDER BY name);
SELECT printf('%08.3f|%-6s|%x|%e', 3.14159, 'ab', 255, 12345.678), 7 / 2, 7 / 2.0, 1e308 * 10,
       -0.0, 9223372036854775807 + 1, abs(-9223372036854775807), length(randomblob(5));
SELECT upper('straße'), length('héllo'), substr('hello', -3), instr('banana', 'na'),
       replace('aaa', 'a', 'bb'), trim('  x  '), quote('it''s'), char(65, 66), unicode('€');
PRAGMA integrity_check;
