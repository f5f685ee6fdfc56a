-- Exactly-once: copy the large orders from one stream to another in Pravega transactions, one
-- per checkpoint, and read the copy back: every row once.
-- Runs in Flink's SQL Client against a fresh Pravega at tcp://localhost:9090
-- (or: ./quickstart.sh sql-examples/exactly-once.sql, against an embedded one).

-- Print query results as text, and let each INSERT finish before the next statement.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';
-- Exactly-once needs checkpoints: each one commits the transactions written since the last.
SET 'execution.checkpointing.interval' = '1s';

CREATE TABLE orders (
  order_id INT,
  customer STRING,
  amount DECIMAL(10, 2)
) WITH (
  'connector' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'scope' = 'exactly-once',
  'scan.streams' = 'orders',
  'scan.bounded.mode' = 'latest',
  'sink.stream' = 'orders',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

CREATE TABLE large_orders (
  order_id INT,
  customer STRING,
  amount DECIMAL(10, 2)
) WITH (
  'connector' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'scope' = 'exactly-once',
  'scan.streams' = 'large-orders',
  'scan.bounded.mode' = 'latest',
  'sink.stream' = 'large-orders',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.routing-key.fields' = 'customer',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

INSERT INTO orders VALUES
  (1, 'alice', 25.00),
  (2, 'bob', 180.50),
  (3, 'carol', 99.99),
  (4, 'alice', 240.00),
  (5, 'dave', 100.00);

-- A bounded read of 'orders' (up to its tail when the job starts) into transactions on
-- 'large-orders'; the last transaction commits at the final checkpoint.
INSERT INTO large_orders
SELECT order_id, customer, amount FROM orders WHERE amount >= 100;

SELECT order_id, customer, amount FROM large_orders;
