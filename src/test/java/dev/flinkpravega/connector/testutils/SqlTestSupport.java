package dev.flinkpravega.connector.testutils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** Small helpers for SQL integration tests on a MiniCluster. */
public final class SqlTestSupport {
    private SqlTestSupport() {}

    /** One TaskManager with enough slots for parallelism 4. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .setConfiguration(new Configuration())
                        .build());
    }

    public static TableEnvironment streaming() {
        return TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    }

    public static TableEnvironment batch() {
        return TableEnvironment.create(EnvironmentSettings.inBatchMode());
    }

    /** The WITH clause of a Pravega table: base options plus extra key/value pairs. */
    public static String pravegaOptions(PravegaExtension pravega, String scope, String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "pravega");
        options.put("controller-uri", pravega.controllerUri().toString());
        options.put("scope", scope);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(",\n  ", "WITH (\n  ", "\n)"));
    }

    /** Runs an INSERT (or any statement) and waits for its job to end. */
    public static void executeAndWait(TableEnvironment env, String statement) throws Exception {
        TableResult result = env.executeSql(statement);
        result.await(90, TimeUnit.SECONDS);
    }

    /** All rows of a bounded query. */
    public static List<Row> collect(TableEnvironment env, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** The first {@code count} rows of an unbounded query; then the job is cancelled. */
    public static List<Row> collect(TableEnvironment env, String query, int count)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
            while (rows.size() < count && it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
