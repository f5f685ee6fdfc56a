package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
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
    void exactlyOnceWithoutCheckpointingIsRefused() {
        assertThatThrownBy(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(DeliveryGuarantee.EXACTLY_ONCE), checkpoints(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'exactly-once' needs checkpointing")
                .hasMessageContaining("'execution.checkpointing.interval'");
    }

    @ParameterizedTest(name = "interval {0} ms")
    @ValueSource(longs = {10_000, 20_000})
    void anIntervalNotShorterThanTheTransactionTimeoutIsRefused(long intervalMillis) {
        assertThatThrownBy(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(DeliveryGuarantee.EXACTLY_ONCE),
                                        checkpoints(intervalMillis)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "'sink.transaction-timeout' (10000 ms) must be longer than the checkpoint"
                                + " interval ("
                                + intervalMillis
                                + " ms), or transactions expire before they are committed and"
                                + " rows are lost.");
    }

    @Test
    void anIntervalShorterThanTheTransactionTimeoutIsAccepted() {
        assertThatCode(
                        () ->
                                ExactlyOnceCheckpointing.check(
                                        sink(DeliveryGuarantee.EXACTLY_ONCE), checkpoints(9_999)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(
            value = DeliveryGuarantee.class,
            names = {"NONE", "AT_LEAST_ONCE"})
    void otherGuaranteesNeedNoCheckpointing(DeliveryGuarantee guarantee) {
        assertThatCode(() -> ExactlyOnceCheckpointing.check(sink(guarantee), checkpoints(0)))
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

    private static PravegaConfig connection() {
        return PravegaConfig.builder()
                .controllerUri("tcp://localhost:9090")
                .defaultScope("s")
                .build();
    }
}
