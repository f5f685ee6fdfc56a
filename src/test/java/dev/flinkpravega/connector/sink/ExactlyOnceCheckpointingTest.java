package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What exactly-once needs of the job's checkpointing, and that the sink checks it when it is added
 * to the job; no Pravega is contacted.
 */
class ExactlyOnceCheckpointingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void exactlyOnceWithoutCheckpointingIsRefusedInAStreamingJob() {
        assertThatThrownBy(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(DeliveryGuarantee.EXACTLY_ONCE),
                                        checkpoints(0),
                                        mode(RuntimeExecutionMode.STREAMING)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'exactly-once' needs checkpointing in a streaming job")
                .hasMessageContaining("'execution.checkpointing.interval'")
                .hasMessageContaining("'execution.runtime-mode' = 'batch'");
    }

    @Test
    void exactlyOnceInABatchJobNeedsNoCheckpointing() {
        assertThatCode(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(DeliveryGuarantee.EXACTLY_ONCE),
                                        checkpoints(0),
                                        mode(RuntimeExecutionMode.BATCH)))
                .doesNotThrowAnyException();
    }

    /**
     * A running writer renews its transactions' lease, so the interval may be far longer than
     * 'sink.transaction-timeout' (10 s here): {@code TransactionLeaseITCase} measures it.
     */
    @ParameterizedTest(name = "interval {0} ms")
    @ValueSource(longs = {9_999, 10_000, 1_800_000})
    void anyCheckpointIntervalIsAccepted(long intervalMillis) {
        assertThatCode(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(DeliveryGuarantee.EXACTLY_ONCE),
                                        checkpoints(intervalMillis),
                                        mode(RuntimeExecutionMode.STREAMING)))
                .doesNotThrowAnyException();
    }

    @Test
    void aRestartDelayNotShorterThanTheLeaseIsWarnedOf() {
        Configuration job = mode(RuntimeExecutionMode.STREAMING);
        job.setString("restart-strategy.type", "fixed-delay");
        job.setString("restart-strategy.fixed-delay.delay", "10 s");

        assertThat(
                        ExactlyOnceCheckpointing.restartDelayWarning(
                                sink(DeliveryGuarantee.EXACTLY_ONCE), job))
                .hasValueSatisfying(
                        w ->
                                assertThat(w)
                                        .contains("may wait 10000 ms before a restart")
                                        .contains("'sink.transaction-timeout' (10000 ms)")
                                        .contains("stream 's/t'"));
    }

    @Test
    void flinksDefaultExponentialDelayIsCheckedWithItsMaximumBackoffAndJitter() {
        // exponential-delay by default: max backoff 1 min, jitter 0.1, so up to 66 s
        assertThat(
                        ExactlyOnceCheckpointing.restartDelayWarning(
                                sink(DeliveryGuarantee.EXACTLY_ONCE),
                                mode(RuntimeExecutionMode.STREAMING)))
                .hasValueSatisfying(w -> assertThat(w).contains("may wait 66000 ms"));
        Configuration shortBackoff = mode(RuntimeExecutionMode.STREAMING);
        shortBackoff.setString("restart-strategy.exponential-delay.max-backoff", "5 s");
        assertThat(
                        ExactlyOnceCheckpointing.restartDelayWarning(
                                sink(DeliveryGuarantee.EXACTLY_ONCE), shortBackoff))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "failure-rate", "fixed-delay"})
    void shorterDelaysOrNoRestartsAreNotWarnedOf(String strategy) {
        Configuration job = mode(RuntimeExecutionMode.STREAMING);
        job.setString("restart-strategy.type", strategy);

        assertThat(
                        ExactlyOnceCheckpointing.restartDelayWarning(
                                sink(DeliveryGuarantee.EXACTLY_ONCE), job))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = DeliveryGuarantee.class,
            names = {"NONE", "AT_LEAST_ONCE"})
    void otherGuaranteesNeedNoCheckpointing(DeliveryGuarantee guarantee) {
        assertThatCode(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(guarantee),
                                        checkpoints(0),
                                        mode(RuntimeExecutionMode.STREAMING)))
                .doesNotThrowAnyException();
    }

    @Test
    void theSinkChecksWhenItIsAddedToTheJob() {
        PravegaSink<String> sink =
                PravegaSink.<String>builder()
                        .withPravegaConfig(connection())
                        .forStream("t")
                        .withSerializationSchema(new SimpleStringSchema())
                        .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        assertThatThrownBy(() -> sink.addPreWriteTopology(env.fromData("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs checkpointing");
    }

    private static PravegaSinkConfig sink(DeliveryGuarantee guarantee) {
        return PravegaSinkConfig.builder().connection(connection()).stream("t")
                .deliveryGuarantee(guarantee)
                .transactionTimeout(TIMEOUT)
                .build();
    }

    /** The checkpoint settings of a job; an interval of 0 leaves checkpointing off. */
    private static CheckpointConfig checkpoints(long intervalMillis) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (intervalMillis > 0) {
            env.enableCheckpointing(intervalMillis);
        }
        return env.getCheckpointConfig();
    }

    private static Configuration mode(RuntimeExecutionMode mode) {
        Configuration job = new Configuration();
        job.set(ExecutionOptions.RUNTIME_MODE, mode);
        return job;
    }

    private static PravegaConfig connection() {
        return PravegaConfig.builder()
                .controllerUri("tcp://localhost:9090")
                .defaultScope("s")
                .build();
    }
}
