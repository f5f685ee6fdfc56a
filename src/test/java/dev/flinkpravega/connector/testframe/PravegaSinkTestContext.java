package dev.flinkpravega.connector.testframe;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * One test case's view of Pravega for {@code SinkTestSuiteBase}: a fresh scope with one stream of
 * three segments, written by {@link PravegaSink} with the suite's guarantee and read back by a
 * plain Pravega reader (which sees a transaction's events only once it is committed).
 */
final class PravegaSinkTestContext implements DataStreamSinkV2ExternalContext<String> {
    private static final String STREAM = "test-sink";

    private final PravegaExtension pravega;
    private final String scope;
    private final List<AutoCloseable> resources = new ArrayList<>();

    PravegaSinkTestContext(PravegaExtension pravega) {
        this.pravega = pravega;
        this.scope = pravega.newScope();
        pravega.createStream(scope, STREAM, 3);
    }

    @Override
    public Sink<String> createSink(TestingSinkSettings settings) {
        return PravegaSink.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri(pravega.controllerUri())
                                .defaultScope(scope)
                                .build())
                .forStream(STREAM)
                .withSerializationSchema(new SimpleStringSchema())
                .withDeliveryGuarantee(
                        CheckpointingMode.EXACTLY_ONCE
                                        .name()
                                        .equals(settings.getCheckpointingMode().name())
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    @Override
    public ExternalSystemDataReader<String> createSinkDataReader(TestingSinkSettings settings) {
        String group = "check-" + UUID.randomUUID().toString().replace("-", "");
        ReaderGroupManager groups = ReaderGroupManager.withScope(scope, pravega.clientConfig());
        groups.createReaderGroup(
                group, ReaderGroupConfig.builder().stream(Stream.of(scope, STREAM)).build());
        EventStreamClientFactory factory =
                EventStreamClientFactory.withScope(scope, pravega.clientConfig());
        EventStreamReader<String> reader =
                factory.createReader(
                        "checker",
                        group,
                        new UTF8StringSerializer(),
                        ReaderConfig.builder().build());
        resources.add(factory);
        resources.add(groups);
        resources.add(reader);
        return new ExternalSystemDataReader<String>() {
            @Override
            public List<String> poll(Duration timeout) {
                List<String> events = new ArrayList<>();
                long deadline = System.nanoTime() + timeout.toNanos();
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    EventRead<String> read =
                            reader.readNextEvent(Math.max(1, Duration.ofNanos(left).toMillis()));
                    if (read.getEvent() != null) {
                        events.add(read.getEvent());
                    } else if (!read.isCheckpoint()) {
                        break;
                    }
                }
                return events;
            }

            @Override
            public void close() {
                // closed with the context
            }
        };
    }

    @Override
    public List<String> generateTestData(TestingSinkSettings settings, long seed) {
        return TestRecords.generate("sink", seed);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return Collections.emptyList();
    }

    @Override
    public void close() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Override
    public String toString() {
        return "Pravega sink";
    }
}
