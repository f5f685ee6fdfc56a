package dev.flinkpravega.connector.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventPointer;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The older Pravega connector's own table tests ({@code FlinkPravegaDynamicTableITCase} of
 * pravega/flink-connectors 0.13), with their DDL, data and queries unchanged: computed columns, a
 * watermark, {@code sink.routing-key.field.name}, {@code scan.execution.type}, a tumbling window,
 * and the {@code event_pointer} metadata column.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LegacyDdlITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static TableEnvironment singleParallelism() {
        TableEnvironment env = SqlTestSupport.streaming();
        // As the older test: one reader, so the window sees the rows in the written order.
        env.getConfig().set("parallelism.default", "1");
        return env;
    }

    @Test
    void theOlderSourceSinkTestRunsUnchanged() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "prices", 1);
        TableEnvironment env = singleParallelism();
        env.executeSql(
                String.format(
                        "CREATE TABLE pravega ( %n"
                                + "  `computed-price` as price + 1.0, %n"
                                + "  price decimal(38, 18), %n"
                                + "  currency string, %n"
                                + "  log_date date, %n"
                                + "  log_time time(3), %n"
                                + "  log_ts timestamp(3), %n"
                                + "  ts as log_ts + INTERVAL '1' SECOND, %n"
                                + "  watermark for ts as ts %n"
                                + ") WITH ( %n"
                                + "  'connector' = 'pravega', %n"
                                + "  'controller-uri' = '%s', %n"
                                + "  'scope' = '%s', %n"
                                + "  'scan.execution.type' = '%s', %n"
                                + "  'scan.streams' = '%s', %n"
                                + "  'sink.stream' = '%s', %n"
                                + "  'sink.routing-key.field.name' = 'currency', %n"
                                + "  'format' = 'json' %n"
                                + ")",
                        PRAVEGA.controllerUri(), scope, "streaming", "prices", "prices"));
        env.executeSql(
                        "INSERT INTO pravega \n"
                                + "SELECT CAST(price AS DECIMAL(10, 2)), currency, \n"
                                + " CAST(d AS DATE), CAST(t AS TIME(0)), CAST(ts AS TIMESTAMP(3)) \n"
                                + "FROM (VALUES (2.02,'Euro','2019-12-12', '00:00:01',"
                                + " '2019-12-12 00:00:01.001001'), \n"
                                + "  (1.11,'US Dollar','2019-12-12', '00:00:02', '2019-12-12"
                                + " 00:00:02.002001'), \n"
                                + "  (50,'Yen','2019-12-12', '00:00:03', '2019-12-12"
                                + " 00:00:03.004001'), \n"
                                + "  (3.1,'Euro','2019-12-12', '00:00:04', '2019-12-12"
                                + " 00:00:04.005001'), \n"
                                + "  (5.33,'US Dollar','2019-12-12', '00:00:05', '2019-12-12"
                                + " 00:00:05.006001'), \n"
                                + "  (0,'DUMMY','2019-12-12', '00:00:10', '2019-12-12 00:00:10'))"
                                + " \n"
                                + "  AS orders (price, currency, d, t, ts)")
                .await(90, TimeUnit.SECONDS);

        List<Row> windows =
                SqlTestSupport.collect(
                        env,
                        "SELECT\n"
                                + "  CAST(TUMBLE_END(ts, INTERVAL '5' SECOND) AS VARCHAR),\n"
                                + "  CAST(MAX(log_date) AS VARCHAR),\n"
                                + "  CAST(MAX(log_time) AS VARCHAR),\n"
                                + "  CAST(MAX(ts) AS VARCHAR),\n"
                                + "  COUNT(*),\n"
                                + "  CAST(MAX(price) AS DECIMAL(10, 2))\n"
                                + "FROM pravega\n"
                                + "GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)",
                        2);

        // The older test's expected rows. Flink 2.x casts a TIME(3) to text with a fraction
        // ('00:00:03.0'), Flink 1.x without; the older test predates that.
        assertThat(
                        windows.stream()
                                .map(
                                        r ->
                                                r.toString()
                                                        .replaceAll(
                                                                "(\\d\\d:\\d\\d:\\d\\d)\\.0,",
                                                                "$1,"))
                                .collect(Collectors.toList()))
                .containsExactly(
                        "+I[2019-12-12 00:00:05.000, 2019-12-12, 00:00:03, 2019-12-12"
                                + " 00:00:04.004, 3, 50.00]",
                        "+I[2019-12-12 00:00:10.000, 2019-12-12, 00:00:05, 2019-12-12"
                                + " 00:00:06.006, 2, 5.33]");
    }

    @Test
    void theOlderMetadataTestRunsUnchanged() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "users", 1);
        TableEnvironment env = singleParallelism();
        env.executeSql(
                String.format(
                        "CREATE TABLE users ( %n"
                                + "  name STRING, %n"
                                + "  phone INT, %n"
                                + "  event_pointer BYTES METADATA VIRTUAL, %n"
                                + "  vip BOOLEAN %n"
                                + ") WITH ( %n"
                                + "  'connector' = 'pravega', %n"
                                + "  'controller-uri' = '%s', %n"
                                + "  'scope' = '%s', %n"
                                + "  'scan.execution.type' = '%s', %n"
                                + "  'scan.streams' = '%s', %n"
                                + "  'sink.stream' = '%s', %n"
                                + "  'format' = 'json' %n"
                                + ")",
                        PRAVEGA.controllerUri(), scope, "streaming", "users", "users"));
        env.executeSql(
                        "INSERT INTO users VALUES \n"
                                + "('jack', 888888, FALSE), \n"
                                + "('pony', 10000, TRUE), \n"
                                + "('yiming', 12345678, FALSE)")
                .await(90, TimeUnit.SECONDS);

        List<Row> rows = SqlTestSupport.collect(env, "SELECT * FROM users", 3);

        assertThat(rows).extracting(r -> r.getField(0)).containsExactly("jack", "pony", "yiming");
        assertThat(rows).extracting(r -> r.getField(1)).containsExactly(888888, 10000, 12345678);
        assertThat(rows).extracting(r -> r.getField(3)).containsExactly(false, true, false);
        // Each pointer fetches its own event with the plain Pravega client.
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig());
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            groups.createReaderGroup(
                    "fetch", ReaderGroupConfig.builder().stream(Stream.of(scope, "users")).build());
            try (EventStreamReader<String> reader =
                    clients.createReader(
                            "r",
                            "fetch",
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build())) {
                for (Row row : rows) {
                    String event =
                            reader.fetchEvent(
                                    EventPointer.fromBytes(
                                            ByteBuffer.wrap((byte[]) row.getField(2))));
                    assertThat(event).contains("\"name\":\"" + row.getField(0) + "\"");
                }
            }
        }
    }
}
