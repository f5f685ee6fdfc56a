-- Quickstart: write a few JSON rows to a Pravega stream and read them back.
-- Runs unchanged in Flink's SQL Client against a Pravega at tcp://localhost:9090
-- (./quickstart.sh runs it against an embedded Pravega instead).

-- Print query results as text, and let each INSERT finish before the next statement.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE TABLE clicks (
  user_id STRING,
  url STRING,
  ts TIMESTAMP(3),
  origin STRING METADATA FROM 'stream' VIRTUAL
) WITH (
  'connector' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'scope' = 'quickstart',
  'sink.stream' = 'clicks',
  'scan.streams' = 'clicks',
  'scan.bounded.mode' = 'latest',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

INSERT INTO clicks VALUES
  ('alice', '/home', TIMESTAMP '2026-11-21 10:00:00.000'),
  ('bob', '/cart', TIMESTAMP '2026-11-21 10:00:01.500'),
  ('alice', '/checkout', TIMESTAMP '2026-11-21 10:00:02.250'),
  ('carol', '/home', TIMESTAMP '2026-11-21 10:00:03.000');

SELECT user_id, url, ts, origin FROM clicks;
