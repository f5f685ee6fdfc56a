package dev.flinkpravega.connector.testutils;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

    /**
     * Every event a stream holds now (committed transactions included), read by a plain Pravega
     * reader up to the stream's current tail.
     */
    public static List<String> readAll(ClientConfig config, String scope, String stream) {
        StreamCut tail;
        try (StreamManager manager = StreamManager.create(config)) {
            tail = tail(manager, scope, stream);
        }
        String group = "read-all-" + UUID.randomUUID().toString().replace("-", "");
        List<String> events = new ArrayList<>();
        try (ReaderGroupManager groups = ReaderGroupManager.withScope(scope, config);
                EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, config)) {
            groups.createReaderGroup(
                    group,
                    ReaderGroupConfig.builder().stream(
                                    Stream.of(scope, stream), StreamCut.UNBOUNDED, tail)
                            // a reader moves past a sealed (scaled) segment only at a checkpoint
                            .automaticCheckpointIntervalMillis(100)
                            .groupRefreshTimeMillis(100)
                            .build());
            try (EventStreamReader<String> reader =
                    factory.createReader(
                            "reader",
                            group,
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build())) {
                // Done at the end cut, or when no event came for 2 s (checkpoint markers keep
                // coming meanwhile).
                long idleSince = System.nanoTime();
                while (System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(2)) {
                    EventRead<String> read = reader.readNextEvent(200);
                    if (read.isReadCompleted()) {
                        break;
                    }
                    if (read.getEvent() != null) {
                        events.add(read.getEvent());
                        idleSince = System.nanoTime();
                    }
                }
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
        return events;
    }

    /** The current tail of a stream, as a stream cut. */
    public static StreamCut tail(StreamManager manager, String scope, String stream) {
        return manager.fetchStreamInfo(scope, stream).join().getTailStreamCut();
    }
}
