-- The Pravega catalog: databases are scopes, tables are streams, and each table's whole
-- definition is stored in Pravega itself. Run it after quickstart.sql (./quickstart.sh runs both);
-- in Flink's SQL Client it runs unchanged against a Pravega at tcp://localhost:9090.

-- Print query results as text, and let each INSERT finish before the next statement.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE CATALOG pravega WITH (
  'type' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'default-database' = 'quickstart'
);

USE CATALOG pravega;

-- Streams created without the catalog are tables too: 'clicks' of quickstart.sql is listed,
-- readable as raw bytes.
SHOW TABLES;

CREATE DATABASE IF NOT EXISTS shop COMMENT 'created by catalog.sql';

-- Creates stream shop/orders and stores this definition: no connection options needed.
CREATE TABLE IF NOT EXISTS shop.orders (
  order_id BIGINT,
  product STRING,
  price DECIMAL(10, 2),
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) COMMENT 'orders, defined once in the catalog' WITH (
  'format' = 'json'
);

INSERT INTO shop.orders VALUES
  (1, 'apple', 0.50, TIMESTAMP '2026-11-21 10:00:00.000'),
  (2, 'pear', 0.75, TIMESTAMP '2026-11-21 10:00:01.000');

SELECT order_id, product, price FROM shop.orders /*+ OPTIONS('scan.bounded.mode' = 'latest') */;
