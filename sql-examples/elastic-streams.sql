-- Elastic streams: a stream that Pravega splits and merges with its load, written and read
-- with the order of each routing key kept.
-- Runs in Flink's SQL Client against a fresh Pravega at tcp://localhost:9090
-- (or: ./quickstart.sh sql-examples/elastic-streams.sql, against an embedded one).

SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

-- The stream is created on first use with two segments; Pravega splits a segment that gets more
-- than 100 events/s into two and merges quiet ones again, never below two segments.
CREATE TABLE readings (
  sensor  STRING,
  seq     INT,
  reading DOUBLE
) WITH (
  'connector'                   = 'pravega',
  'controller-uri'              = 'tcp://localhost:9090',
  'scope'                       = 'elastic',
  'scan.streams'                = 'readings',
  'scan.bounded.mode'           = 'latest',
  'sink.stream'                 = 'readings',
  'sink.routing-key.fields'     = 'sensor',
  'stream.create-if-missing'    = 'true',
  'stream.scaling.policy'       = 'by-event-rate',
  'stream.scaling.target-rate'  = '100',
  'stream.scaling.scale-factor' = '2',
  'stream.scaling.min-segments' = '2',
  'format'                      = 'json'
);

-- The sensor is the routing key: all readings of one sensor go to the segment that owns its key
-- now, and readers get them in this order whatever splits and merges happen in between.
INSERT INTO readings VALUES ('s1', 1, 20.5), ('s2', 1, 18.0), ('s1', 2, 20.75);
INSERT INTO readings VALUES ('s2', 2, 18.25), ('s1', 3, 21.0), ('s3', 1, 5.5);

-- Up to the tail the query sees when it starts: all six readings.
SELECT sensor, seq, reading FROM readings;
