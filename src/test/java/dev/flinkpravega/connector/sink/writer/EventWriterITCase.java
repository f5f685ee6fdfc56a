package dev.flinkpravega.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The writer's flush writes the batches that are still waiting: at a checkpoint (at-least-once) and
 * at the end of input (both guarantees), with a linger that never ends on the test's clock. Every
 * event is batched here (threshold below zero), as when Pravega is behind.
 */
class EventWriterITCase {
    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private static final long ALWAYS_BATCH = -1;

    @ParameterizedTest(name = "{0}, end of input: {1}")
    @CsvSource({"AT_LEAST_ONCE, false", "AT_LEAST_ONCE, true", "NONE, true"})
    void flushWritesTheWaitingBatches(DeliveryGuarantee guarantee, boolean endOfInput)
            throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 2);
        List<String> sent =
                IntStream.range(0, 1000).mapToObj(i -> "event-" + i).collect(Collectors.toList());
        TestProcessingTimeService time = new TestProcessingTimeService();
        time.setCurrentTime(0);

        try (EventWriter<String> writer =
                writer(
                        sink(scope, guarantee),
                        UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                        time,
                        ALWAYS_BATCH)) {
            for (String event : sent) {
                writer.write(event, null);
            }
            assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                    .as("batches that are neither full nor due wait for the flush")
                    .isEmpty();

            writer.flush(endOfInput);

            assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    private static EventWriter<String> writer(
            PravegaSink<String> sink,
            SinkWriterMetricGroup metrics,
            TestProcessingTimeService time,
            long batchAboveInFlight) {
        return new EventWriter<>(
                sink.config(),
                sink.serializationSchema(),
                sink.eventRouter(),
                metrics,
                time,
                batchAboveInFlight);
    }

    private static PravegaSink<String> sink(String scope, DeliveryGuarantee guarantee) {
        return PravegaSink.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri(PRAVEGA.controllerUri().toString())
                                .defaultScope(scope)
                                .build())
                .forStream("s")
                .withSerializationSchema(new SimpleStringSchema())
                .withDeliveryGuarantee(guarantee)
                .withBatching(MemorySize.parse("1 mb"), Duration.ofHours(1))
                .build();
    }
}
