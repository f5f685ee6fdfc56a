package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.executeAndWait;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routing keys and the at-least-once guarantee of the sink, through SQL. */
class PravegaTableSinkITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    @Test
    void rowsWithOneRoutingKeyStayInOrder() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "ordered", 4);
        int keys = 8;
        int perKey = 250;
        TableEnvironment env = SqlTestSupport.streaming();
        // One generator in sequence order; the sink table's primary key makes the planner
        // shuffle by key into the two sink subtasks, so each key arrives at one writer in order.
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        env.executeSql(
                "CREATE TABLE numbers (id INT NOT NULL) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',"
                        + " 'fields.id.end' = '"
                        + (keys * perKey - 1)
                        + "')");
        env.executeSql(
                "CREATE TABLE ordered (k STRING, n INT, PRIMARY KEY (k) NOT ENFORCED) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "ordered",
                                "sink.parallelism",
                                "2",
                                "sink.routing-key.fields",
                                "k",
                                "scan.streams",
                                "ordered",
                                "scan.bounded.mode",
                                "latest",
                                "scan.parallelism",
                                "2",
                                "format",
                                "json"));
        executeAndWait(
                env,
                "INSERT INTO ordered SELECT CONCAT('key-', CAST(MOD(id, "
                        + keys
                        + ") AS STRING)), id FROM numbers");

        List<Row> rows = collect(env, "SELECT k, n FROM ordered");

        Map<String, List<Integer>> byKey = new TreeMap<>();
        for (Row row : rows) {
            byKey.computeIfAbsent((String) row.getField(0), k -> new ArrayList<>())
                    .add((Integer) row.getField(1));
        }
        assertThat(byKey).hasSize(keys);
        for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
            int key = Integer.parseInt(e.getKey().substring("key-".length()));
            List<Integer> expected =
                    IntStream.range(0, perKey)
                            .map(i -> i * keys + key)
                            .boxed()
                            .collect(Collectors.toList());
            assertThat(e.getValue()).as("rows of %s in read order", e.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void atLeastOnceLosesNoRowWhenTheJobFails() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 3);
        PRAVEGA.createStream(scope, "out", 3);
        int count = 4000;
        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, "in", GuaranteePipeline.json(0, count));
        FailOnce.reset(Set.of(1000, 2500, 3500), 500_000L);

        TableEnvironment env =
                GuaranteePipeline.create(PRAVEGA, scope, "at-least-once", 2, "100 ms");
        executeAndWait(env, GuaranteePipeline.INSERT);

        assertThat(FailOnce.failures()).isEqualTo(3);
        Set<Integer> written =
                new java.util.HashSet<>(GuaranteePipeline.readIds(PRAVEGA, scope, "out"));
        assertThat(written)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, count).boxed().collect(Collectors.toSet()));
    }
}
