package dev.flinkpravega.connector.bench;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The limit: the Pravega client alone. One writer with asynchronous {@code writeEvent} and one
 * flush at the end; one reader of a fresh reader group. Both count on a {@link Probe}, so their
 * window is the same as the connector's.
 */
final class RawClient {
    private final ClientConfig config;
    private final String scope;

    RawClient(ClientConfig config, String scope) {
        this.config = config;
        this.scope = scope;
    }

    /** Writes {@code count} events; returns the probe (its drain is the final flush). */
    Result write(String stream, long count, LongFunction<byte[]> body) {
        Probe probe = Probe.create("raw-write", count);
        try (EventStreamClientFactory factory = EventStreamClientFactory.withScope(scope, config);
                EventStreamWriter<ByteBuffer> writer =
                        factory.createEventWriter(
                                stream,
                                new ByteBufferSerializer(),
                                EventWriterConfig.builder().build())) {
            for (long i = 0; i < count; i++) {
                writer.writeEvent(ByteBuffer.wrap(body.apply(i)));
                probe.record();
            }
            writer.flush();
            return probe.result(System.nanoTime());
        } finally {
            Probe.remove("raw-write");
        }
    }

    /** Reads {@code count} events from the head with one reader of a new reader group. */
    Result read(String stream, long count) {
        Probe probe = Probe.create("raw-read", count);
        String group = "raw-" + UUID.randomUUID();
        try (ReaderGroupManager groups = ReaderGroupManager.withScope(scope, config);
                EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, config)) {
            groups.createReaderGroup(
                    group,
                    ReaderGroupConfig.builder().stream(Stream.of(scope, stream))
                            .disableAutomaticCheckpoints()
                            .build());
            try (EventStreamReader<ByteBuffer> reader =
                    factory.createReader(
                            "reader",
                            group,
                            new ByteBufferSerializer(),
                            ReaderConfig.builder().build())) {
                long bytes = 0;
                while (probe.count() < count) {
                    EventRead<ByteBuffer> read = reader.readNextEvent(5_000);
                    if (read.getEvent() != null) {
                        bytes += read.getEvent().remaining();
                        probe.record();
                    } else if (!read.isCheckpoint()) {
                        throw new IllegalStateException(
                                "raw reader got no event after "
                                        + probe.count()
                                        + " of "
                                        + count
                                        + " ("
                                        + bytes
                                        + " bytes)");
                    }
                }
            } finally {
                groups.deleteReaderGroup(group);
            }
            return probe.result(probe.endNanos());
        } finally {
            Probe.remove("raw-read");
        }
    }

    /** Events per second in the window, their CPU cost, and what came after the window. */
    static final class Result {
        final double eventsPerSecond;
        final long drainNanos;
        final double cpuMicrosPerEvent;

        Result(double eventsPerSecond, long drainNanos, double cpuMicrosPerEvent) {
            this.eventsPerSecond = eventsPerSecond;
            this.drainNanos = drainNanos;
            this.cpuMicrosPerEvent = cpuMicrosPerEvent;
        }
    }
}
