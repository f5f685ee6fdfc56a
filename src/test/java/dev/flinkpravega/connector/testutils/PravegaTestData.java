package dev.flinkpravega.connector.testutils;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.util.List;
import java.util.function.Function;

/** Writes test events and takes stream cuts with the plain Pravega client. */
public final class PravegaTestData {
    private PravegaTestData() {}

    /** Writes UTF-8 events (routing key = the event) and waits until they are durable. */
    public static void write(
            ClientConfig config, String scope, String stream, List<String> events) {
        write(config, scope, stream, events, e -> e);
    }

    public static void write(
            ClientConfig config,
            String scope,
            String stream,
            List<String> events,
            Function<String, String> routingKey) {
        try (EventStreamClientFactory factory = EventStreamClientFactory.withScope(scope, config);
                EventStreamWriter<String> writer =
                        factory.createEventWriter(
                                stream,
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            for (String event : events) {
                writer.writeEvent(routingKey.apply(event), event);
            }
            writer.flush();
        }
    }

    /** The current tail of a stream, as a stream cut. */
    public static StreamCut tail(StreamManager manager, String scope, String stream) {
        return manager.fetchStreamInfo(scope, stream).join().getTailStreamCut();
    }
}
