package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.TimeWindow;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code withWatermarkPropagation()}: a job's writers note Flink's watermark in Pravega, and a
 * plain Pravega reader of the stream gets time windows from it. Pravega's guarantee is checked on
 * the events themselves: every event read after the reader's window says "lower bound L" has an
 * event time of at least L, which only holds when the sink notes each time after the events written
 * before it (the batches waiting in the writer, the transaction's events).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WatermarkPropagationITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    /** Event n has event time BASE + 10 n ms. */
    private static final long BASE = 1_700_000_000_000L;

    private static final long EVENTS_AFTER_THE_WINDOW = 200;

    @ParameterizedTest
    @EnumSource(
            value = DeliveryGuarantee.class,
            names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void aPravegaReaderGetsTimeWindowsThatHoldForTheEventsAfterThem(DeliveryGuarantee guarantee)
            throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "timed", 2);
        long started = System.nanoTime();
        JobClient job = startWriting(scope, guarantee);
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig());
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            Stream stream = Stream.of(scope, "timed");
            groups.createReaderGroup("check", ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamReader<String> reader =
                    clients.createReader(
                            "r",
                            "check",
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build())) {
                // The controller computes a stream's watermark every 10 s (its default period).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                TimeWindow window = reader.getCurrentTimeWindow(stream);
                long eventsRead = 0;
                while (window.getLowerTimeBound() == null) {
                    assertThat(System.nanoTime())
                            .as("a time window within 90 s")
                            .isLessThan(deadline);
                    if (reader.readNextEvent(200).getEvent() != null) {
                        eventsRead++;
                    }
                    window = reader.getCurrentTimeWindow(stream);
                }
                long lowerBound = window.getLowerTimeBound();
                System.out.printf(
                        "%s: first time window after %d events read, %.1f s after the job"
                                + " started: [%d, %s] (BASE + %d ms)%n",
                        guarantee,
                        eventsRead,
                        (System.nanoTime() - started) / 1e9,
                        lowerBound,
                        window.getUpperTimeBound(),
                        lowerBound - BASE);
                assertThat(lowerBound).isGreaterThanOrEqualTo(BASE);
                assertThat(eventsRead).isPositive();

                long checked = 0;
                while (checked < EVENTS_AFTER_THE_WINDOW) {
                    assertThat(System.nanoTime())
                            .as("events after the window")
                            .isLessThan(deadline);
                    EventRead<String> event = reader.readNextEvent(500);
                    if (event.getEvent() == null) {
                        continue;
                    }
                    long time = BASE + 10 * Long.parseLong(event.getEvent());
                    assertThat(time)
                            .as(
                                    "event %s read after a window with lower bound %d",
                                    event.getEvent(), lowerBound)
                            .isGreaterThanOrEqualTo(lowerBound);
                    checked++;
                }
                // Later windows move on, never back.
                TimeWindow later = reader.getCurrentTimeWindow(stream);
                assertThat(later.getLowerTimeBound()).isGreaterThanOrEqualTo(lowerBound);
            }
        } finally {
            cancelAndWait(job);
        }
    }

    /**
     * Cancels the job and waits until it is gone: {@code cancel()} returns once the request is
     * taken, and a job still closing its writers when Pravega stops (after the last test) waits for
     * the writers' flush until the TaskManager gives up on them.
     */
    private static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
            assertThat(System.nanoTime()).as("job cancelled within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** An endless, throttled job (about 500 events a second) writing event n at time BASE + 10n. */
    private static JobClient startWriting(String scope, DeliveryGuarantee guarantee)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            env.enableCheckpointing(500);
        }
        PravegaSink<String> sink =
                PravegaSink.<String>builder()
                        .withPravegaConfig(
                                PravegaConfig.builder()
                                        .controllerUri(PRAVEGA.controllerUri().toString())
                                        .defaultScope(scope)
                                        .build())
                        .forStream("timed")
                        .withSerializationSchema(new SimpleStringSchema())
                        .withDeliveryGuarantee(guarantee)
                        .withWatermarkPropagation()
                        .build();
        env.fromSource(
                        new NumberSequenceSource(0, 100_000_000L),
                        WatermarkStrategy.<Long>forMonotonousTimestamps()
                                .withTimestampAssigner((n, previous) -> BASE + 10 * n),
                        "numbers")
                .map(
                        n -> {
                            Thread.sleep(4);
                            return String.valueOf(n);
                        })
                .sinkTo(sink);
        return env.executeAsync("write with watermark propagation");
    }
}
