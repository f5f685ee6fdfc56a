package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.StreamCut;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start and end positions, unbounded reads, several streams and metadata, through SQL. */
class PravegaTableSourceITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    @Test
    void unboundedSelectSeesRowsWrittenAfterItStarted() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "live", 2);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "live", json("old", 0, 5));
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE live (name STRING, n INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "live",
                                "scan.startup.mode",
                                "latest",
                                "scan.reader-group.name",
                                "live-readers",
                                "format",
                                "json"));

        TableResult result = env.executeSql("SELECT name, n FROM live");
        try (CloseableIterator<Row> rows = result.collect();
                ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig())) {
            Await.onlineReader(groups, "live-readers");
            PravegaTestData.write(PRAVEGA.clientConfig(), scope, "live", json("new", 0, 20));
            List<Row> seen = new ArrayList<>();
            while (seen.size() < 20 && rows.hasNext()) {
                seen.add(rows.next());
            }
            assertThat(seen)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 20)
                                    .mapToObj(i -> Row.of("new", i))
                                    .collect(Collectors.toList()));
        }
    }

    @Test
    void readsExactlyTheRowsBetweenTwoStreamCuts() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "cuts", 3);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "cuts", json("before", 0, 30));
        StreamCut from = PravegaTestData.tail(PRAVEGA.streamManager(), scope, "cuts");
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "cuts", json("between", 0, 40));
        StreamCut to = PravegaTestData.tail(PRAVEGA.streamManager(), scope, "cuts");
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "cuts", json("after", 0, 30));

        for (TableEnvironment env : List.of(SqlTestSupport.streaming(), SqlTestSupport.batch())) {
            env.executeSql(
                    "CREATE TABLE cuts (name STRING, n INT) "
                            + pravegaOptions(
                                    PRAVEGA,
                                    scope,
                                    "scan.streams",
                                    "cuts",
                                    "scan.startup.mode",
                                    "stream-cut",
                                    "scan.startup.stream-cuts",
                                    from.asText(),
                                    "scan.bounded.mode",
                                    "stream-cut",
                                    "scan.bounded.stream-cuts",
                                    to.asText(),
                                    "format",
                                    "json"));

            List<Row> rows = collect(env, "SELECT name, n FROM cuts");

            assertThat(rows)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 40)
                                    .mapToObj(i -> Row.of("between", i))
                                    .collect(Collectors.toList()));
        }
    }

    @Test
    void oneSourceReadsTwoStreamsWithStreamMetadata() throws Exception {
        String scope = PRAVEGA.scope();
        String otherScope = PRAVEGA.newScope();
        PRAVEGA.createStream(scope, "first", 1);
        PRAVEGA.createStream(otherScope, "second", 2);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "first", json("a", 0, 10));
        PravegaTestData.write(PRAVEGA.clientConfig(), otherScope, "second", json("b", 0, 15));
        TableEnvironment env = SqlTestSupport.batch();
        env.executeSql(
                "CREATE TABLE both_streams (name STRING, n INT,"
                        + " origin STRING METADATA FROM 'stream' VIRTUAL,"
                        + " pointer BYTES METADATA FROM 'event-pointer' VIRTUAL) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "first;" + otherScope + "/second",
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));

        List<Row> rows =
                collect(
                        env,
                        "SELECT origin, name, COUNT(*), COUNT(DISTINCT pointer)"
                                + " FROM both_streams GROUP BY origin, name");

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Row.of(scope + "/first", "a", 10L, 10L),
                        Row.of(otherScope + "/second", "b", 15L, 15L));
    }

    static List<String> json(String name, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "{\"name\":\"" + name + "\",\"n\":" + i + "}")
                .collect(Collectors.toList());
    }
}
