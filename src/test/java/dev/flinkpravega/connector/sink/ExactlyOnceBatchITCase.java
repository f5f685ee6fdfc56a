package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.ClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once in a batch job, without checkpoints: each writer's rows go into one transaction,
 * which the committer commits at the end of the input.
 */
class ExactlyOnceBatchITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int ROWS = 2000;

    @Test
    void aBatchJobCommitsEveryRowOnceAtTheEnd() throws Exception {
        String scope = scopeWithInput();

        batchJob(scope, 2, new Failing("none", -1, null, null)).execute("batch exactly-once");

        assertExactlyTheInput(scope);
    }

    /**
     * Subtask 0 fails once after a sixth of the rows, after waiting (up to 15 s) for subtask 1's
     * rows to be committed: Flink restarts the failed part (a Pravega source reader cannot restart
     * alone, so the whole source and with it every writer), and the output still holds every row
     * once.
     */
    @Test
    void aFailureInABatchJobLosesAndDuplicatesNothing() throws Exception {
        String scope = scopeWithInput();
        String test = scope;
        Failing failing = new Failing(test, ROWS / 6, PRAVEGA.controllerUri().toString(), scope);

        batchJob(scope, 2, failing).execute("batch exactly-once, failure");

        assertThat(Failing.FAILURES.get(test)).hasValue(1);
        System.out.println(
                "rows committed before the failure: " + Failing.COMMITTED_BEFORE_FAILURE.get(test));
        assertExactlyTheInput(scope);
    }

    private static String scopeWithInput() {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 2);
        PRAVEGA.createStream(scope, "out", 2);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(String.valueOf(i));
        }
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "in", rows);
        return scope;
    }

    private static void assertExactlyTheInput(String scope) {
        // A Pravega commit completes asynchronously: the rows become readable shortly after.
        Await.until(
                Duration.ofSeconds(60),
                "the committed rows to be readable",
                () -> PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out").size() >= ROWS);
        List<String> read = PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static StreamExecutionEnvironment batchJob(String scope, int parallelism, Failing map) {
        Configuration conf = new Configuration();
        conf.setString("execution.runtime-mode", RuntimeExecutionMode.BATCH.name());
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "2");
        conf.setString("restart-strategy.fixed-delay.delay", "0 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        PravegaConfig config =
                PravegaConfig.builder()
                        .controllerUri(PRAVEGA.controllerUri())
                        .defaultScope(scope)
                        .build();
        env.fromSource(
                        PravegaSource.<String>builder()
                                .withPravegaConfig(config)
                                .forStream("in")
                                .withDeserializationSchema(new SimpleStringSchema())
                                .withBoundedMode(BoundedMode.LATEST)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "pravega")
                .map(map)
                .sinkTo(
                        PravegaSink.<String>builder()
                                .withPravegaConfig(config)
                                .forStream("out")
                                .withSerializationSchema(new SimpleStringSchema())
                                .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build());
        return env;
    }

    /**
     * Fails subtask 0's first attempt once, at its {@code failAt}-th row (-1: never), once rows are
     * readable in the output (another subtask committed) or 15 s passed.
     */
    private static final class Failing extends RichMapFunction<String, String> {
        static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
        static final Map<String, Integer> COMMITTED_BEFORE_FAILURE = new ConcurrentHashMap<>();
        private final String test;
        private final int failAt;
        private final String controllerUri;
        private final String scope;
        private int seen;

        Failing(String test, int failAt, String controllerUri, String scope) {
            this.test = test;
            this.failAt = failAt;
            this.controllerUri = controllerUri;
            this.scope = scope;
            FAILURES.put(test, new AtomicInteger());
        }

        @Override
        public String map(String value) throws InterruptedException {
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                    && ++seen == failAt
                    && FAILURES.get(test).get() == 0) {
                FAILURES.get(test).incrementAndGet();
                ClientConfig client =
                        ClientConfig.builder().controllerURI(URI.create(controllerUri)).build();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                int committed = 0;
                while (committed == 0 && System.nanoTime() < deadline) {
                    committed = PravegaTestData.readAll(client, scope, "out").size();
                    Thread.sleep(200);
                }
                COMMITTED_BEFORE_FAILURE.put(test, committed);
                throw new IllegalStateException(
                        "injected failure at row " + seen + ", " + committed + " rows committed");
            }
            return value;
        }
    }
}
