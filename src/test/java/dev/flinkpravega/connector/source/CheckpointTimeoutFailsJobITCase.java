package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reader that never reaches its checkpoint marker. Flink counts the enumerator's failed snapshot
 * as a trigger failure, which never counts against the tolerable checkpoint failures, so without
 * the source's own count the job would run on forever without a checkpoint.
 */
class CheckpointTimeoutFailsJobITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Never counted down: the map after the source blocks on its first record. */
    static final CountDownLatch NEVER = new CountDownLatch(1);

    @Test
    void checkpointsThatTimeOutMoreOftenThanToleratedInARowFailTheJob() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", List.of("a", "b", "c"));
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        PravegaSource<String> source =
                PravegaSource.<String>builder()
                        .withPravegaConfig(
                                PravegaConfig.builder()
                                        .controllerUri(PRAVEGA.controllerUri())
                                        .defaultScope(scope)
                                        .build())
                        .forStream("s")
                        .withReaderGroupName("stuck-group")
                        .withCheckpointTimeout(TIMEOUT)
                        .withTolerableCheckpointTimeouts(1)
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "pravega")
                .map(new BlockForever())
                .sinkTo(new DiscardingSink<>());

        long start = System.nanoTime();
        JobClient job = env.executeAsync("a reader stuck before its marker");
        try {
            assertThatThrownBy(() -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES))
                    .hasStackTraceContaining("Pravega reader group 'stuck-group'")
                    .hasStackTraceContaining("'scan.checkpoint.tolerable-timeouts' (1)")
                    .hasStackTraceContaining("2 Flink checkpoint(s) in a row failed");
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsed).as("two timeouts of %s each", TIMEOUT).isGreaterThan(2 * 2000);
    }

    /** Blocks on the first record (interruptibly, so that the job can be cancelled). */
    static final class BlockForever implements MapFunction<String, String> {
        @Override
        public String map(String value) throws Exception {
            NEVER.await();
            return value;
        }
    }
}
