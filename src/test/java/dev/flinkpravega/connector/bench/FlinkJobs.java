package dev.flinkpravega.connector.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * The benchmark's SQL jobs. Each runs in a fresh {@link TableEnvironment} on the shared MiniCluster
 * (set as context by {@link BenchCluster}) and counts on a {@link Probe}: a {@code TAP} in front of
 * the sink for writing jobs, the {@code bench-count} sink for reading jobs.
 */
final class FlinkJobs {
    /** Streaming jobs check point this often, as a production job would. */
    static final String CHECKPOINT_INTERVAL = "1 s";

    private final String controllerUri;
    private final String scope;

    FlinkJobs(String controllerUri, String scope) {
        this.controllerUri = controllerUri;
        this.scope = scope;
    }

    /** Flink's ceiling: datagen -> TAP -> blackhole, no Pravega. */
    RawClient.Result ceiling(int size, long count) throws Exception {
        TableEnvironment env = streaming(1);
        createGenerator(env, size, count);
        env.executeSql(
                "CREATE TEMPORARY TABLE out_table (payload STRING) WITH ('connector' = 'blackhole')");
        return tapped(env, count);
    }

    /**
     * datagen -> TAP -> Pravega sink with the given format and delivery guarantee, and more sink
     * options as key/value pairs.
     */
    RawClient.Result sink(
            int size, long count, String format, String guarantee, String stream, String... extra)
            throws Exception {
        TableEnvironment env = streaming(1);
        createGenerator(env, size, count);
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "sink.stream", stream,
                                "sink.delivery-guarantee", guarantee,
                                "format", format));
        options.addAll(List.of(extra));
        env.executeSql(
                "CREATE TEMPORARY TABLE out_table (payload STRING) "
                        + pravegaOptions(options.toArray(new String[0])));
        return tapped(env, count);
    }

    /**
     * A bounded read ({@code scan.bounded.mode} = latest) of {@code count} events into the counting
     * sink; batch or streaming runtime mode.
     */
    RawClient.Result source(
            String stream, String format, long count, boolean batch, int parallelism)
            throws Exception {
        TableEnvironment env = batch ? batch(parallelism) : streaming(parallelism);
        env.executeSql(
                "CREATE TEMPORARY TABLE in_table (payload STRING) "
                        + pravegaOptions(
                                "scan.streams", stream,
                                "scan.bounded.mode", "latest",
                                "format", format));
        String probeName = "source";
        Probe probe = Probe.create(probeName, count);
        try {
            env.executeSql(
                    "CREATE TEMPORARY TABLE counter (payload STRING) WITH ('connector' = '"
                            + CountingSinkFactory.IDENTIFIER
                            + "', 'probe' = '"
                            + probeName
                            + "')");
            TableResult result = env.executeSql("INSERT INTO counter SELECT payload FROM in_table");
            result.await(10, TimeUnit.MINUTES);
            return probe.result(System.nanoTime());
        } finally {
            Probe.remove(probeName);
        }
    }

    private RawClient.Result tapped(TableEnvironment env, long count) throws Exception {
        String probeName = "tap";
        Probe probe = Probe.create(probeName, count);
        try {
            env.createTemporarySystemFunction("TAP", new TapFunction(probeName));
            TableResult result =
                    env.executeSql("INSERT INTO out_table SELECT TAP(payload) FROM gen");
            result.await(10, TimeUnit.MINUTES);
            return probe.result(System.nanoTime());
        } finally {
            Probe.remove(probeName);
        }
    }

    /** Rows of one random STRING column of {@code size} characters, as fast as it can. */
    private static void createGenerator(TableEnvironment env, int size, long count) {
        env.executeSql(
                "CREATE TEMPORARY TABLE gen (payload STRING) WITH ("
                        + "'connector' = 'datagen', "
                        + "'number-of-rows' = '"
                        + count
                        + "', 'rows-per-second' = '1000000000', "
                        + "'fields.payload.length' = '"
                        + size
                        + "')");
    }

    static TableEnvironment streaming(int parallelism) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        // A failing job fails the benchmark instead of restarting (and stalling) forever.
        env.getConfig().set("restart-strategy.type", "none");
        env.getConfig().set("execution.checkpointing.interval", CHECKPOINT_INTERVAL);
        env.getConfig().set("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        return env;
    }

    static TableEnvironment batch(int parallelism) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("restart-strategy.type", "none");
        env.getConfig().set("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        return env;
    }

    String pravegaOptions(String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "pravega");
        options.put("controller-uri", controllerUri);
        options.put("scope", scope);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "WITH (", ")"));
    }
}
