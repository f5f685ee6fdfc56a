package dev.flinkpravega.connector.testframe;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.source.PravegaSourceBuilder;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

/**
 * One test case's view of Pravega for {@code SourceTestSuiteBase}: a fresh scope with one stream of
 * four segments. The framework's "split" is a routing key of that stream: Pravega keeps the events
 * of one routing key in order, which is the order the suite checks per split. (Whole streams cannot
 * serve as splits: the suite builds the source before it creates the splits.)
 */
final class PravegaSourceTestContext implements DataStreamSourceExternalContext<String> {
    private static final String STREAM = "test-source";

    private final PravegaExtension pravega;
    private final String scope;
    private final EventStreamClientFactory factory;
    private final List<EventStreamWriter<String>> writers = new ArrayList<>();

    PravegaSourceTestContext(PravegaExtension pravega) {
        this.pravega = pravega;
        this.scope = pravega.newScope();
        pravega.createStream(scope, STREAM, 4);
        this.factory = EventStreamClientFactory.withScope(scope, pravega.clientConfig());
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings settings) {
        PravegaSourceBuilder<String> builder =
                PravegaSource.<String>builder()
                        .withPravegaConfig(
                                PravegaConfig.builder()
                                        .controllerUri(pravega.controllerUri())
                                        .defaultScope(scope)
                                        .build())
                        .forStream(STREAM)
                        .withDeserializationSchema(new SimpleStringSchema());
        if (settings.getBoundedness() == Boundedness.BOUNDED) {
            builder.withBoundedMode(BoundedMode.LATEST);
        }
        return builder.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(
            TestingSourceSettings settings) {
        String routingKey = "split-" + writers.size();
        EventStreamWriter<String> writer =
                factory.createEventWriter(
                        STREAM, new UTF8StringSerializer(), EventWriterConfig.builder().build());
        writers.add(writer);
        return new ExternalSystemSplitDataWriter<String>() {
            @Override
            public void writeRecords(List<String> records) {
                records.forEach(record -> writer.writeEvent(routingKey, record));
                writer.flush();
            }

            @Override
            public void close() {
                // closed with the context
            }
        };
    }

    @Override
    public List<String> generateTestData(
            TestingSourceSettings settings, int splitIndex, long seed) {
        return TestRecords.generate("split-" + splitIndex, seed);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        // the connector's classes are on the test classpath
        return Collections.emptyList();
    }

    @Override
    public void close() {
        writers.forEach(EventStreamWriter::close);
        factory.close();
    }

    @Override
    public String toString() {
        return "Pravega source";
    }
}
