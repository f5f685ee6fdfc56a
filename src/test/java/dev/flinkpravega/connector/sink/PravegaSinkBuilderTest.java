package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamPolicy;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

/** The batching settings of the DataStream builder; the table options are tested in the factory. */
class PravegaSinkBuilderTest {

    private static PravegaSinkBuilder<String> builder() {
        return PravegaSink.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri("tcp://localhost:9090")
                                .defaultScope("s")
                                .build())
                .forStream("t")
                .withSerializationSchema(new SimpleStringSchema());
    }

    @Test
    void streamPolicyOfACreatedStream() {
        StreamPolicy policy =
                StreamPolicy.byDataRate(1024, 3, 2).withRetentionSize(MemorySize.parse("1 gb"));

        PravegaSink<String> withPolicy = builder().withCreateStreamIfMissing(true, policy).build();
        PravegaSink<String> withSegments = builder().withCreateStreamIfMissing(true, 2).build();
        PravegaSink<String> without = builder().build();

        assertThat(withPolicy.config().createStreamIfMissing()).isTrue();
        assertThat(withPolicy.config().requestedStreamPolicy()).isEqualTo(policy);
        assertThat(withPolicy.config().minSegments()).isEqualTo(2);
        assertThat(withSegments.config().requestedStreamPolicy()).isEqualTo(StreamPolicy.fixed(2));
        assertThat(without.config().requestedStreamPolicy()).isNull();
        assertThat(without.config().streamPolicy()).isEqualTo(StreamPolicy.DEFAULT);
        assertThat(withPolicy.config()).isNotEqualTo(withSegments.config());
    }

    @Test
    void batchingDefaultsTo64KiBAnd5Ms() {
        PravegaSink<String> sink = builder().build();

        assertThat(sink.config().batchSize()).isEqualTo(MemorySize.parse("64 kb"));
        assertThat(sink.config().batchLinger()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void batchingIsSet() {
        PravegaSink<String> sink =
                builder()
                        .withBatching(MemorySize.ofMebiBytes(8), Duration.ZERO)
                        .withDeliveryGuarantee(DeliveryGuarantee.NONE)
                        .build();

        assertThat(sink.config().batchSize().getBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(sink.config().batchLinger()).isZero();
    }

    @Test
    void batchSizeOutsideOneByteTo8MiBIsRefused() {
        assertThatThrownBy(() -> builder().withBatching(MemorySize.ZERO, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 byte and 8 MiB")
                .hasMessageEndingWith("not 0 bytes");
        assertThatThrownBy(
                        () ->
                                builder()
                                        .withBatching(
                                                new MemorySize(8L * 1024 * 1024 + 1),
                                                Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 byte and 8 MiB");
    }

    @Test
    void negativeLingerIsRefused() {
        assertThatThrownBy(
                        () ->
                                builder()
                                        .withBatching(
                                                MemorySize.parse("1 kb"), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void batchingWithExactlyOnceIsRefused() {
        PravegaSinkBuilder<String> builder =
                builder()
                        .withBatching(MemorySize.parse("1 kb"), Duration.ofMillis(5))
                        .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("applies only to NONE and AT_LEAST_ONCE");
        assertThat(
                        builder()
                                .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build()
                                .config()
                                .deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    }
}
