package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event-time windows (HOP, SESSION and CUMULATE window TVFs) and an interval join over Pravega
 * tables in streaming mode, with the {@code WATERMARK} clause pushed into the source.
 *
 * <p>Every stream has one segment, so the source reads its rows in the order they were written, and
 * the watermark is emitted after every row ({@code 'scan.watermark.emit.strategy' = 'on-event'}),
 * so where it stands when each row goes out is fixed too. Each stream ends with a row far ahead in
 * event time, which moves the watermark well past everything else, and then a late row whose
 * windows (or join partners) lie behind that watermark: it must be dropped. A batch run over the
 * same rows (nothing is late in batch), or for sessions (which batch does not plan) a streaming run
 * whose watermark is 60 s behind, shows that the late row would have counted. The reads are bounded
 * ({@code 'scan.bounded.mode' = 'latest'}): when the source ends, its final watermark fires the
 * windows still open.
 */
class EventTimeWindowsITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);

    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Test
    void hopWindowsDropTheLateRow() throws Exception {
        String scope = PRAVEGA.scope();
        write(
                scope,
                "hops",
                List.of(
                        row("a", 1, 10.2),
                        row("b", 2, 10.7),
                        row("a", 3, 11.1),
                        row("a", 4, 11.9),
                        row("b", 5, 12.5),
                        row("a", 6, 13.0),
                        row("b", 7, 13.4),
                        row("a", 8, 15.6),
                        row("z", 0, 30.0),
                        // windows [11, 13) and [12, 14): ended long before the watermark (29 s)
                        row("a", 1000, 12.2)));
        String query =
                "SELECT k, window_start, window_end, COUNT(*), SUM(v) FROM TABLE(HOP(TABLE hops,"
                        + " DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '2' SECOND))"
                        + " GROUP BY k, window_start, window_end";

        List<Row> rows = streaming(scope, "hops", query);

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        window("a", 9, 11, 1, 1),
                        window("a", 10, 12, 3, 8),
                        window("a", 11, 13, 2, 7),
                        window("a", 12, 14, 1, 6),
                        window("a", 13, 15, 1, 6),
                        window("a", 14, 16, 1, 8),
                        window("a", 15, 17, 1, 8),
                        window("b", 9, 11, 1, 2),
                        window("b", 10, 12, 1, 2),
                        window("b", 11, 13, 1, 5),
                        window("b", 12, 14, 2, 12),
                        window("b", 13, 15, 1, 7),
                        window("z", 29, 31, 1, 0),
                        window("z", 30, 32, 1, 0));
        // Without a watermark the late row counts.
        assertThat(batch(scope, "hops", query))
                .contains(window("a", 11, 13, 3, 1007), window("a", 12, 14, 2, 1006))
                .hasSize(rows.size());
    }

    @Test
    void sessionWindowsDropTheLateRow() throws Exception {
        String scope = PRAVEGA.scope();
        write(
                scope,
                "sessions",
                List.of(
                        row("a", 1, 10.0),
                        row("b", 10, 10.5),
                        row("a", 2, 11.0),
                        row("a", 3, 12.5),
                        row("b", 20, 15.0),
                        row("a", 4, 17.0),
                        row("a", 5, 18.0),
                        row("z", 0, 40.0),
                        // would join a's first session, closed at 14.5 s (watermark: 39 s)
                        row("a", 1000, 13.0)));
        String query =
                "SELECT k, window_start, window_end, COUNT(*), SUM(v) FROM TABLE(SESSION(TABLE"
                        + " sessions PARTITION BY k, DESCRIPTOR(ts), INTERVAL '2' SECOND))"
                        + " GROUP BY k, window_start, window_end";

        List<Row> rows = streaming(scope, "sessions", query);

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        window("a", 10.0, 14.5, 3, 6),
                        window("a", 17.0, 20.0, 2, 9),
                        window("b", 10.5, 12.5, 1, 10),
                        window("b", 15.0, 17.0, 1, 20),
                        window("z", 40.0, 42.0, 1, 0));
        // Batch plans no session windows. With a watermark 60 s behind, the late row is in time.
        assertThat(streaming(scope, "sessions", query, 60))
                .containsExactlyInAnyOrder(
                        window("a", 10.0, 15.0, 4, 1006),
                        window("a", 17.0, 20.0, 2, 9),
                        window("b", 10.5, 12.5, 1, 10),
                        window("b", 15.0, 17.0, 1, 20),
                        window("z", 40.0, 42.0, 1, 0));
    }

    @Test
    void cumulateWindowsDropTheLateRow() throws Exception {
        String scope = PRAVEGA.scope();
        write(
                scope,
                "cumulative",
                List.of(
                        row("a", 1, 12.2),
                        row("a", 2, 12.8),
                        row("a", 3, 13.5),
                        row("a", 4, 14.9),
                        row("a", 5, 15.1),
                        row("a", 6, 17.3),
                        row("a", 0, 39.0),
                        // slice [13, 14) of windows [12, 14) and [12, 15) (watermark: 38 s)
                        row("a", 1000, 13.7)));
        String query =
                "SELECT window_start, window_end, COUNT(*), SUM(v) FROM TABLE(CUMULATE(TABLE"
                        + " cumulative, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '3' SECOND))"
                        + " GROUP BY window_start, window_end";

        List<Row> rows = streaming(scope, "cumulative", query);

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        window(12, 13, 2, 3),
                        window(12, 14, 3, 6),
                        window(12, 15, 4, 10),
                        window(15, 16, 1, 5),
                        window(15, 17, 1, 5),
                        window(15, 18, 2, 11),
                        window(39, 40, 1, 0),
                        window(39, 41, 1, 0),
                        window(39, 42, 1, 0));
        assertThat(batch(scope, "cumulative", query))
                .contains(window(12, 14, 4, 1006), window(12, 15, 5, 1010))
                .hasSize(rows.size());
    }

    /**
     * The late pair arrives on each side after that side's watermark passed it. Whichever of the
     * two the join sees first, by the time it sees the second both inputs' watermarks are past the
     * pair, so the first was dropped from the join's state (or never kept) and the second is late.
     */
    @Test
    void intervalJoinDropsTheLatePair() throws Exception {
        String scope = PRAVEGA.scope();
        write(
                scope,
                "orders",
                List.of(
                        joinRow("k1", "a1", 10.0),
                        joinRow("k2", "a2", 11.0),
                        joinRow("k1", "a3", 14.0),
                        joinRow("k3", "a4", 15.0),
                        joinRow("x", "aX", 40.0),
                        joinRow("late", "aL", 20.0)));
        write(
                scope,
                "payments",
                List.of(
                        joinRow("k2", "b4", 8.5),
                        joinRow("k1", "b1", 9.0),
                        joinRow("k2", "b3", 11.0),
                        joinRow("k1", "b2", 12.5),
                        joinRow("k3", "b6", 13.0),
                        joinRow("k1", "b7", 14.0),
                        joinRow("k3", "b5", 15.5),
                        joinRow("y", "bY", 40.0),
                        joinRow("late", "bL", 19.5)));
        String query =
                "SELECT a.id, b.id FROM orders a JOIN payments b ON a.k = b.k"
                        + " AND b.ts BETWEEN a.ts - INTERVAL '2' SECOND AND a.ts";

        TableEnvironment env = environment();
        createJoinTable(env, scope, "orders", true);
        createJoinTable(env, scope, "payments", true);
        assertWatermarksInTheScans(env, query, 2);
        List<Row> rows = collect(env, query);

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Row.of("a1", "b1"),
                        Row.of("a2", "b3"),
                        Row.of("a3", "b2"),
                        Row.of("a3", "b7"),
                        Row.of("a4", "b6"));

        TableEnvironment batchEnv = batchEnvironment();
        createJoinTable(batchEnv, scope, "orders", false);
        createJoinTable(batchEnv, scope, "payments", false);
        assertThat(collect(batchEnv, query))
                .containsExactlyInAnyOrderElementsOf(withRow(rows, Row.of("aL", "bL")));
    }

    // ------------------------------------------------------------------------------ helpers

    private static TableEnvironment batchEnvironment() {
        TableEnvironment env = SqlTestSupport.batch();
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        return env;
    }

    private static TableEnvironment environment() {
        TableEnvironment env = SqlTestSupport.streaming();
        // One source reader per one-segment stream: no reader without a segment (and without a
        // watermark) holds the windows back.
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        return env;
    }

    private static List<Row> streaming(String scope, String stream, String query) throws Exception {
        return streaming(scope, stream, query, 1);
    }

    /** The query in streaming mode, over a table whose watermark is {@code delay} s behind. */
    private static List<Row> streaming(String scope, String stream, String query, int delay)
            throws Exception {
        TableEnvironment env = environment();
        env.executeSql(
                "CREATE TABLE "
                        + stream
                        + " (k STRING, v INT, ts TIMESTAMP(3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '"
                        + delay
                        + "' SECOND) "
                        + options(scope, stream, true));
        if (delay == 1) {
            assertWatermarksInTheScans(env, query, 1);
        }
        return collect(env, query);
    }

    private static List<Row> batch(String scope, String stream, String query) throws Exception {
        TableEnvironment env = batchEnvironment();
        env.executeSql(
                "CREATE TABLE "
                        + stream
                        + " (k STRING, v INT, ts TIMESTAMP(3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) "
                        + options(scope, stream, false));
        return collect(env, query);
    }

    private static void createJoinTable(
            TableEnvironment env, String scope, String stream, boolean streaming) {
        env.executeSql(
                "CREATE TABLE "
                        + stream
                        + " (k STRING, id STRING, ts TIMESTAMP(3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) "
                        + options(scope, stream, streaming));
    }

    private static String options(String scope, String stream, boolean streaming) {
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "scan.streams",
                                stream,
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));
        if (streaming) {
            options.addAll(List.of("scan.watermark.emit.strategy", "on-event"));
        }
        return pravegaOptions(PRAVEGA, scope, options.toArray(new String[0]));
    }

    /** The watermark is generated in the Pravega scans: no separate assigner in the plan. */
    private static void assertWatermarksInTheScans(TableEnvironment env, String query, int scans) {
        String explain = env.explainSql(query);
        String plan =
                explain.substring(
                        explain.indexOf("== Optimized Physical Plan =="),
                        explain.indexOf("== Optimized Execution Plan =="));
        assertThat(plan.split("watermark=\\[-\\(ts, 1000:INTERVAL SECOND\\)\\]", -1))
                .hasSize(scans + 1);
        assertThat(plan).doesNotContain("WatermarkAssigner");
    }

    private static void write(String scope, String stream, List<String> rows) {
        PRAVEGA.createStream(scope, stream, 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, stream, rows, row -> "one-key");
    }

    private static List<Row> withRow(List<Row> rows, Row extra) {
        List<Row> all = new ArrayList<>(rows);
        all.add(extra);
        return all;
    }

    static LocalDateTime at(double seconds) {
        return BASE.plusNanos(Math.round(seconds * 1000) * 1_000_000L);
    }

    static String row(String k, int v, double seconds) {
        return String.format(
                "{\"k\":\"%s\",\"v\":%d,\"ts\":\"%s\"}", k, v, SQL_TIMESTAMP.format(at(seconds)));
    }

    private static String joinRow(String k, String id, double seconds) {
        return String.format(
                "{\"k\":\"%s\",\"id\":\"%s\",\"ts\":\"%s\"}",
                k, id, SQL_TIMESTAMP.format(at(seconds)));
    }

    private static Row window(String k, double start, double end, long count, int sum) {
        return Row.of(k, at(start), at(end), count, sum);
    }

    private static Row window(double start, double end, long count, int sum) {
        return Row.of(at(start), at(end), count, sum);
    }
}
