package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DataStream users get Pravega's watermarks through {@code withPravegaWatermarks()}: a plain
 * Pravega writer notes the time after each batch, the job reads the 4-segment stream at parallelism
 * 2, and no event is at or behind the watermark its reader emitted before it, while the watermark
 * reaches the last noted time.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PravegaWatermarksDataStreamITCase {

    static {
        // Time windows every second (default 10 s); read once per JVM, before Pravega starts.
        System.setProperty("controller.watermarking.frequency.seconds", "1");
    }

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    /** Event n has event time BASE + 10 n ms. */
    private static final long BASE = 1_800_000_000_000L;

    private static final int BATCHES = 5;
    private static final int PER_BATCH = 200;

    static final AtomicLong EVENTS = new AtomicLong();
    static final AtomicLong LATE = new AtomicLong();
    static final AtomicLong FIRED = new AtomicLong();
    static final AtomicLong HIGHEST_WATERMARK = new AtomicLong(Long.MIN_VALUE);

    @Test
    void eventsComeAfterTheWatermarksOfTheirReaders() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "timed", 4);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        PravegaSource<String> source =
                PravegaSource.<String>builder()
                        .withPravegaConfig(
                                PravegaConfig.builder()
                                        .controllerUri(PRAVEGA.controllerUri())
                                        .defaultScope(scope)
                                        .build())
                        .forStream("timed")
                        .withPravegaWatermarks()
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        env.fromSource(
                        source,
                        WatermarkStrategy.<String>noWatermarks()
                                .withTimestampAssigner((e, t) -> timeOf(Long.parseLong(e))),
                        "pravega")
                .keyBy(e -> 0)
                .process(new LateEvents())
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("pravega-watermarks");
        long lastNoted;
        try (EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                EventStreamWriter<String> writer =
                        clients.createEventWriter(
                                "timed",
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            long n = 0;
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int i = 0; i < PER_BATCH; i++, n++) {
                    writer.writeEvent(String.valueOf(n % 97), String.valueOf(n));
                }
                // Noted after the batch is acknowledged: every later event is after this time.
                writer.flush();
                writer.noteTime(timeOf(n));
                // Pacing, not waiting: the next batch comes while the job reads this one, so
                // the readers' windows move while events still arrive.
                Thread.sleep(1000);
            }
            lastNoted = timeOf(n);
        }
        try {
            // Each event sets a timer at its own time; all fire once the readers' watermarks
            // (the smaller of the two) pass the last event.
            Await.until(
                    Duration.ofSeconds(60),
                    "a timer fired for each event",
                    () -> FIRED.get() == BATCHES * PER_BATCH);
            assertThat(EVENTS.get()).isEqualTo((long) BATCHES * PER_BATCH);
            assertThat(HIGHEST_WATERMARK.get()).isEqualTo(lastNoted - 1);
            assertThat(LATE.get()).as("events at or behind their reader's watermark").isZero();
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static long timeOf(long n) {
        return BASE + 10 * n;
    }

    /**
     * Counts events, and those at or behind the watermark of both readers (as a window would see
     * it); each event sets an event-time timer at its time.
     */
    private static final class LateEvents extends KeyedProcessFunction<Integer, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            EVENTS.incrementAndGet();
            if (ctx.timestamp() <= ctx.timerService().currentWatermark()) {
                LATE.incrementAndGet();
            } else {
                ctx.timerService().registerEventTimeTimer(ctx.timestamp());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            FIRED.incrementAndGet();
            HIGHEST_WATERMARK.accumulateAndGet(ctx.timerService().currentWatermark(), Math::max);
        }
    }
}
