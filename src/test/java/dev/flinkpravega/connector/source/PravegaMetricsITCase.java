package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.sink.writer.SinkMetrics;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Pravega metrics of the source and the sink, read from running jobs through Flink's in-memory
 * reporter, and their absence with {@code withPravegaMetrics(false)}.
 */
class PravegaMetricsITCase {
    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Holds every record until the test opens it, so that the reader falls behind the stream. */
    private static volatile boolean gateOpen;

    /**
     * 20,000 events of 12 bytes are 400,000 bytes in the segment (8 bytes of header each). A held
     * source fetches at most nine batches of 512 events before the handover is full, so most of the
     * stream stays pending until the gate opens; then everything is read and nothing is.
     */
    @Test
    void pendingBytesShowTheUnreadBacklogAndFallToZeroOnceRead() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        int events = 20_000;
        List<String> data =
                IntStream.range(0, events)
                        .mapToObj(i -> String.format("event-%06d", i))
                        .collect(Collectors.toList());
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", data, e -> "k");
        long streamBytes = events * (12L + 8);
        gateOpen = false;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(
                        PravegaSource.<String>builder()
                                .withPravegaConfig(config(scope))
                                .forStream("s")
                                .withDeserializationSchema(new SimpleStringSchema())
                                .withReaderGroupName("metrics")
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "pravega")
                .map(new Gate())
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("pending bytes");
        try {
            Await.until(
                    WAIT,
                    "pendingBytes above zero",
                    () ->
                            gauge(job.getJobID(), "pendingBytes")
                                    .map(v -> (Long) v > 0)
                                    .orElse(false));
            long held = (Long) gauge(job.getJobID(), "pendingBytes").get();
            assertThat(held).isBetween(streamBytes / 2, streamBytes);

            Await.until(
                    WAIT,
                    "one online reader",
                    () ->
                            Integer.valueOf(1)
                                    .equals(enumeratorGauge(job.getJobID(), "onlineReaders")));
            assertThat(enumeratorGauge(job.getJobID(), "readerGroupName"))
                    .isEqualTo(scope + "/metrics");
            assertThat(enumeratorGauge(job.getJobID(), "scope")).isEqualTo(scope);
            assertThat(enumeratorGauge(job.getJobID(), "streams")).isEqualTo(scope + "/s");

            gateOpen = true;
            Await.until(
                    WAIT,
                    "pendingBytes back to zero",
                    () -> gauge(job.getJobID(), "pendingBytes").get().equals(0L));
        } finally {
            gateOpen = true;
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A bounded job checkpointing every 100 ms: every transaction begun is committed or aborted (an
     * empty one left at the end), at least one is committed, no more than the checkpoints that
     * completed; the at-least-once sink beside it has nothing pending once the job is done.
     */
    @Test
    void theSinksCountTheirTransactionsAndPendingEvents() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "eo", 1);
        PRAVEGA.createStream(scope, "alo", 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(100);
        DataStream<String> rows = env.fromSequence(0, 199).map(new Paced());
        // distinct names: the reporter's identifiers must not collide
        rows.sinkTo(sink(scope, "eo", DeliveryGuarantee.EXACTLY_ONCE, true)).name("eo");
        rows.sinkTo(sink(scope, "alo", DeliveryGuarantee.AT_LEAST_ONCE, true)).name("alo");

        JobClient client = env.executeAsync("sink metrics");
        client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        JobID job = client.getJobID();

        long begun = counter(job, SinkMetrics.TRANSACTIONS_BEGUN);
        long committed = counter(job, SinkMetrics.TRANSACTIONS_COMMITTED);
        long aborted = counter(job, SinkMetrics.TRANSACTIONS_ABORTED);
        long checkpoints = ((Number) gauge(job, "numberOfCompletedCheckpoints").get()).longValue();
        assertThat(committed).isBetween(1L, checkpoints);
        assertThat(begun).isGreaterThanOrEqualTo(committed).isEqualTo(committed + aborted);
        assertThat(gauge(job, SinkMetrics.PENDING_EVENTS)).contains(0L);
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "alo")).hasSize(200);
    }

    @Test
    void withTheSwitchesOffNoPravegaMetricIsRegistered() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 1);
        PRAVEGA.createStream(scope, "eo", 1);
        PRAVEGA.createStream(scope, "alo", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "in", List.of("a", "b", "c"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(100);
        DataStream<String> rows =
                env.fromSource(
                        PravegaSource.<String>builder()
                                .withPravegaConfig(config(scope))
                                .forStream("in")
                                .withDeserializationSchema(new SimpleStringSchema())
                                .withBoundedMode(BoundedMode.LATEST)
                                .withPravegaMetrics(false)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "pravega");
        rows.sinkTo(sink(scope, "eo", DeliveryGuarantee.EXACTLY_ONCE, false)).name("eo");
        rows.sinkTo(sink(scope, "alo", DeliveryGuarantee.AT_LEAST_ONCE, false)).name("alo");

        JobClient client = env.executeAsync("metrics off");
        client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        Map<String, Metric> metrics = METRICS.getMetricsByIdentifiers(client.getJobID());

        assertThat(metrics.keySet()).anyMatch(id -> id.endsWith(".numRecordsIn"));
        assertThat(metrics.keySet())
                .noneMatch(
                        id ->
                                id.contains(".pravega.")
                                        || id.endsWith(".pendingBytes")
                                        || id.endsWith("." + SinkMetrics.TRANSACTIONS_BEGUN)
                                        || id.endsWith("." + SinkMetrics.TRANSACTIONS_COMMITTED)
                                        || id.endsWith("." + SinkMetrics.TRANSACTIONS_ABORTED)
                                        || id.endsWith("." + SinkMetrics.PENDING_EVENTS));
    }

    private static PravegaSink<String> sink(
            String scope, String stream, DeliveryGuarantee guarantee, boolean metrics) {
        return PravegaSink.<String>builder()
                .withPravegaConfig(config(scope))
                .forStream(stream)
                .withSerializationSchema(new SimpleStringSchema())
                .withDeliveryGuarantee(guarantee)
                .withPravegaMetrics(metrics)
                .build();
    }

    private static PravegaConfig config(String scope) {
        return PravegaConfig.builder()
                .controllerUri(PRAVEGA.controllerUri())
                .defaultScope(scope)
                .controllerTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** The value of the one gauge of the job whose identifier ends with {@code name}. */
    private static Optional<Object> gauge(JobID job, String name) {
        List<Metric> found = find(job, "." + name);
        assertThat(found).as(name).hasSizeLessThanOrEqualTo(1);
        return found.stream().<Object>map(m -> ((Gauge<?>) m).getValue()).findFirst();
    }

    /** A gauge of the enumerator's {@code pravega} group, null while not registered. */
    private static Object enumeratorGauge(JobID job, String name) {
        return gauge(job, "pravega." + name).orElse(null);
    }

    /** The sum of the job's counters {@code name}. */
    private static long counter(JobID job, String name) {
        List<Metric> found = find(job, "." + name);
        assertThat(found).as(name).isNotEmpty();
        return found.stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    private static List<Metric> find(JobID job, String suffix) {
        List<Metric> found = new ArrayList<>();
        METRICS.getMetricsByIdentifiers(job)
                .forEach(
                        (id, metric) -> {
                            if (id.endsWith(suffix)) {
                                found.add(metric);
                            }
                        });
        return found;
    }

    /** Passes records on once the test opened it. */
    private static final class Gate implements MapFunction<String, String> {
        @Override
        public String map(String value) throws InterruptedException {
            while (!gateOpen) {
                Thread.sleep(5);
            }
            return value;
        }
    }

    /** Spreads 200 rows over about 0.6 s, so that several checkpoints fall among them. */
    private static final class Paced implements MapFunction<Long, String> {
        @Override
        public String map(Long value) throws InterruptedException {
            Thread.sleep(3);
            return String.valueOf(value);
        }
    }
}
