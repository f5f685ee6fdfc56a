-- Event time: tumbling windows over a stream of two segments, with watermarks from Pravega's
-- time windows (SOURCE_WATERMARK()) and with a WATERMARK clause that runs in the Pravega source.
-- Runs in Flink's SQL Client against a fresh Pravega at tcp://localhost:9090
-- (or: ./quickstart.sh sql-examples/event-time.sql, against an embedded one).

-- Print query results as text, and let each INSERT finish before the next statement.
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

-- Readings as a gateway wrote them, one segment, in event-time order. The WATERMARK clause is
-- pushed into the Pravega source; 'on-event' emits a watermark after every row instead of every
-- 200 ms, so that even this short read hands watermarks on to the job's sink.
CREATE TABLE raw_readings (
  sensor  STRING,
  reading DOUBLE,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts
) WITH (
  'connector' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'scope' = 'event-time',
  'scan.streams' = 'raw-readings',
  'scan.bounded.mode' = 'latest',
  'scan.watermark.emit.strategy' = 'on-event',
  'sink.stream' = 'raw-readings',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

-- The same readings by sensor, in a stream of two segments. Writing, the sink notes Flink's
-- watermark in Pravega as the writer's time ('sink.watermark-propagation'); reading,
-- SOURCE_WATERMARK() turns Pravega's time windows into watermarks, which hold for both segments
-- however the readers interleave them.
CREATE TABLE readings (
  sensor  STRING,
  reading DOUBLE,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS SOURCE_WATERMARK()
) WITH (
  'connector' = 'pravega',
  'controller-uri' = 'tcp://localhost:9090',
  'scope' = 'event-time',
  'scan.streams' = 'readings',
  'scan.bounded.mode' = 'latest',
  'sink.stream' = 'readings',
  'sink.routing-key.fields' = 'sensor',
  'sink.watermark-propagation' = 'true',
  'stream.create-if-missing' = 'true',
  'stream.scaling.min-segments' = '2',
  'format' = 'json'
);

INSERT INTO raw_readings VALUES
  ('s1', 20.5,  TIMESTAMP '2026-11-21 10:00:01'),
  ('s2', 18.0,  TIMESTAMP '2026-11-21 10:00:03'),
  ('s1', 20.75, TIMESTAMP '2026-11-21 10:00:07'),
  ('s2', 18.25, TIMESTAMP '2026-11-21 10:00:12'),
  ('s1', 21.0,  TIMESTAMP '2026-11-21 10:00:14'),
  ('s1', 21.5,  TIMESTAMP '2026-11-21 10:00:18'),
  ('s2', 18.5,  TIMESTAMP '2026-11-21 10:00:23'),
  ('s1', 21.25, TIMESTAMP '2026-11-21 10:00:26');

-- A job with watermarks writes the readings on: an INSERT ... VALUES has none, so its writer
-- would note no time. Pravega's controller turns the notes into the stream's time windows
-- (every 10 s by default).
INSERT INTO readings SELECT sensor, reading, ts FROM raw_readings;

-- Ten-second windows per sensor. This read ends at the tail it sees when it starts, and the end
-- of the input fires every window that is still open.
SELECT window_start, sensor, COUNT(*) AS readings, MAX(reading) AS peak
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, sensor;

-- The same stream with a WATERMARK clause instead: it runs in the source readers, and each
-- reader's watermark trails the latest time it read by the bound. A reader reads its segments
-- interleaved, so the bound must cover how far apart in time they can be when read: here all
-- rows lie within 30 s, so no row can come after its window closed.
CREATE TABLE readings_bounded (
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
) LIKE readings (OVERWRITING WATERMARKS);

SELECT window_start, sensor, COUNT(*) AS readings, MAX(reading) AS peak
FROM TABLE(TUMBLE(TABLE readings_bounded, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, sensor;
