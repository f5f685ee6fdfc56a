package dev.flinkpravega.connector.bench;

import dev.flinkpravega.connector.testutils.Await;
import io.pravega.client.admin.ReaderGroupManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * End-to-end latency from write to read: one job writes rows at a fixed rate through the SQL sink
 * (with the given delivery guarantee), another reads them through the SQL source into the counting
 * sink, which notes each row's age. Rows created in each window count for that window; the windows
 * are the repetitions.
 */
final class LatencyBench {
    /** Rows of the last window still on their way (exactly-once: up to two checkpoints). */
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final BenchCluster cluster;
    private final FlinkJobs jobs;

    LatencyBench(BenchCluster cluster, FlinkJobs jobs) {
        this.cluster = cluster;
        this.jobs = jobs;
    }

    /** Runs one pipeline; returns p50 and p99 (ms) per window. */
    LatencyFigure run(
            String guarantee, int size, int rate, int warmupSeconds, int windowSeconds, int windows)
            throws Exception {
        String stream = "latency-" + guarantee + "-" + System.nanoTime();
        String readerGroup = "rg-" + stream;
        String probeName = "latency";
        cluster.createStream(stream, 1);
        long seconds = warmupSeconds + (long) windowSeconds * windows + GRACE.getSeconds() + 10;
        Probe probe =
                Probe.createWithLatency(
                        probeName, (int) Math.min(Integer.MAX_VALUE - 8, rate * seconds * 2));
        JobClient reader = null;
        JobClient writer = null;
        try {
            reader = startReader(stream, readerGroup, probeName);
            try (ReaderGroupManager groups =
                    ReaderGroupManager.withScope(
                            BenchCluster.SCOPE, cluster.pravega().clientConfig())) {
                Await.onlineReader(groups, readerGroup);
            }
            writer = startWriter(stream, guarantee, size, rate);
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long window = TimeUnit.SECONDS.toNanos(windowSeconds);
            long end = start + window * windows;
            parkUntil(end + GRACE.toNanos());
            LatencyFigure figure = new LatencyFigure("latency." + guarantee, guarantee, size, rate);
            for (int i = 0; i < windows; i++) {
                double[] sorted =
                        probe.latencies()
                                .sortedMillis(start + i * window, start + (i + 1) * window);
                if (sorted.length == 0) {
                    throw new IllegalStateException("no row of latency window " + i + " arrived");
                }
                figure.add(
                        LatencyLog.quantile(sorted, 0.5),
                        LatencyLog.quantile(sorted, 0.99),
                        sorted.length);
            }
            return figure;
        } finally {
            if (writer != null) {
                writer.cancel().get(1, TimeUnit.MINUTES);
            }
            if (reader != null) {
                reader.cancel().get(1, TimeUnit.MINUTES);
            }
            Probe.remove(probeName);
            cluster.deleteStream(stream);
        }
    }

    private JobClient startReader(String stream, String readerGroup, String probeName) {
        TableEnvironment env = FlinkJobs.streaming(1);
        env.executeSql(
                "CREATE TEMPORARY TABLE lat_in (sent BIGINT, payload STRING) "
                        + jobs.pravegaOptions(
                                "scan.streams",
                                stream,
                                "scan.reader-group.name",
                                readerGroup,
                                "format",
                                "json"));
        env.executeSql(
                "CREATE TEMPORARY TABLE lat_out (sent BIGINT, payload STRING) WITH ('connector' = '"
                        + CountingSinkFactory.IDENTIFIER
                        + "', 'probe' = '"
                        + probeName
                        + "', 'latency-column' = '0')");
        return env.executeSql("INSERT INTO lat_out SELECT sent, payload FROM lat_in")
                .getJobClient()
                .orElseThrow();
    }

    private JobClient startWriter(String stream, String guarantee, int size, int rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        Configuration noRestarts = new Configuration();
        noRestarts.setString("restart-strategy.type", "none");
        env.configure(noRestarts);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        DataGeneratorSource<Row> generator =
                new DataGeneratorSource<>(
                        new TimestampedRows(size),
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(rate),
                        TimestampedRows.TYPE);
        tables.createTemporaryView(
                "gen", env.fromSource(generator, WatermarkStrategy.noWatermarks(), "generator"));
        tables.executeSql(
                "CREATE TEMPORARY TABLE lat_sink (sent BIGINT, payload STRING) "
                        + jobs.pravegaOptions(
                                "sink.stream", stream,
                                "sink.delivery-guarantee", guarantee,
                                "format", "json"));
        return tables.executeSql("INSERT INTO lat_sink SELECT sent, payload FROM gen")
                .getJobClient()
                .orElseThrow();
    }

    /** The benchmark waits for wall-clock windows; nothing to poll. */
    private static void parkUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
