-- Bounded reads: from the head or a stream cut, up to the tail or a stream cut.
-- Runs in Flink's SQL Client against a fresh Pravega at tcp://localhost:9090
-- (or: ./quickstart.sh sql-examples/bounded-read.sql, against an embedded one).

-- Print query results as text, and let each INSERT finish before the next statement.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE TABLE readings (
  sensor STRING,
  reading INT
) WITH (
  'connector' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'scope' = 'bounded-read',
  'scan.streams' = 'readings',
  'scan.bounded.mode' = 'latest',
  'sink.stream' = 'readings',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

-- Two batches of events.
INSERT INTO readings VALUES ('s1', 10), ('s2', 20), ('s1', 11);
INSERT INTO readings VALUES ('s2', 21), ('s1', 12);

-- From the head to the tail the query sees when it starts: all five rows.
SELECT sensor, reading FROM readings;

-- A stream cut is the base64 text of Pravega's StreamCut#asText(), one per stream of
-- 'scan.streams'. Applications take them from StreamManager#fetchStreamInfo or from a reader
-- group. The cut below is 'bounded-read/readings' right after the first batch: segment 0 at
-- byte 108 (3 events of 28 bytes of JSON plus an 8-byte header each), as on a fresh Pravega.

-- From the head up to the cut: the first batch.
SELECT sensor, reading FROM readings /*+ OPTIONS(
  'scan.bounded.mode' = 'stream-cut',
  'scan.bounded.stream-cuts' = 'H4sIAAAAAAAA/zOwSsovzUtJTdEtSk1M0QcRmXnpxVYGQGhoYAEAQNAviB8AAAA=') */;

-- From the cut to the tail: the second batch.
SELECT sensor, reading FROM readings /*+ OPTIONS(
  'scan.startup.mode' = 'stream-cut',
  'scan.startup.stream-cuts' = 'H4sIAAAAAAAA/zOwSsovzUtJTdEtSk1M0QcRmXnpxVYGQGhoYAEAQNAviB8AAAA=') */;
