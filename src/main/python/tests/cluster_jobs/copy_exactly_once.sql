-- The streaming job of the cluster test, submitted with bin/sql-client.sh -j <sql jar> -f:
-- copies every row of src to dst in Pravega transactions, one per checkpoint, until cancelled.
-- test_flink_cluster.py fills in $controller_uri and $scope.

SET 'pipeline.name' = 'copy src to dst exactly once';
SET 'execution.checkpointing.interval' = '1s';
SET 'restart-strategy.type' = 'fixed-delay';
SET 'restart-strategy.fixed-delay.attempts' = '10';
SET 'restart-strategy.fixed-delay.delay' = '2s';

CREATE TABLE src (
  id INT,
  user_name STRING
) WITH (
  'connector' = 'pravega',
  'controller-uri' = '$controller_uri',
  'scope' = '$scope',
  'scan.streams' = 'src',
  -- A TaskManager killed with -9 leaves its Pravega reader in the reader group: a reader-group
  -- checkpoint under way then waits for it until this timeout, and the split enumerator (in the
  -- JobManager) handles the failover only after that. The default (5 min) would hold up the
  -- restore for that long.
  'scan.checkpoint.timeout' = '20 s',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

CREATE TABLE dst (
  id INT,
  user_name STRING
) WITH (
  'connector' = 'pravega',
  'controller-uri' = '$controller_uri',
  'scope' = '$scope',
  'sink.stream' = 'dst',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.routing-key.fields' = 'user_name',
  'stream.create-if-missing' = 'true',
  'format' = 'json'
);

INSERT INTO dst SELECT id, user_name FROM src;
