-- The read-only database of examples/web, built at build time into the zapp's image as
-- /data/items.db (by the native sqlite3 of examples/sqlite). A made-up shop's catalogue.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  price_cents INTEGER NOT NULL,
  stock INTEGER NOT NULL
);
INSERT INTO items (id, name, category, price_cents, stock) VALUES
  (1, 'Brass hinge', 'hardware', 349, 120),
  (2, 'Oak shelf board', 'timber', 1899, 14),
  (3, 'Wood screws (box of 200)', 'hardware', 575, 64),
  (4, 'Linseed oil, 500 ml', 'finishes', 1250, 9),
  (5, 'Chisel set <3 pieces>', 'tools', 4200, 5),
  (6, 'Sandpaper "fine" & "extra fine"', 'finishes', 450, 0),
  (7, 'Pine dowel, 1 m', 'timber', 230, 48),
  (8, 'Hand plane', 'tools', 6900, 3);
-- Generated rows: 9 to 40, hooks of growing sizes.
WITH RECURSIVE n(i) AS (SELECT 9 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO items (id, name, category, price_cents, stock)
  SELECT i, 'Hook, size ' || (i - 8), 'hardware', 100 + 10 * i, i % 7 FROM n;
