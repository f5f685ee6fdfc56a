package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import io.pravega.client.EventStreamClientFactory;
import java.util.function.Function;

/**
 * A sink writer's connection to its stream: makes sure the stream exists (or creates it), then
 * creates the Pravega writer, both bounded by the controller timeout; closes writer and client
 * factory together.
 */
final class SinkConnection<W extends AutoCloseable> implements AutoCloseable {
    private final W writer;
    private final EventStreamClientFactory factory;

    private SinkConnection(W writer, EventStreamClientFactory factory) {
        this.writer = writer;
        this.factory = factory;
    }

    static <W extends AutoCloseable> SinkConnection<W> open(
            PravegaSinkConfig sink, String what, Function<EventStreamClientFactory, W> create) {
        try (PravegaAdmin admin = new PravegaAdmin(sink.connection())) {
            admin.ensureStream(
                    sink.stream(), sink.createStreamIfMissing(), sink.requestedStreamPolicy());
            EventStreamClientFactory factory =
                    EventStreamClientFactory.withScope(
                            sink.stream().scope(), sink.connection().clientConfig());
            try {
                W writer =
                        admin.call(
                                "creating " + what + " for stream '" + sink.stream() + "'",
                                () -> create.apply(factory));
                return new SinkConnection<>(writer, factory);
            } catch (RuntimeException e) {
                factory.close();
                throw e;
            }
        }
    }

    /** The Pravega writer; closed with this connection. */
    W writer() {
        return writer;
    }

    @Override
    public void close() throws Exception {
        try {
            writer.close();
        } finally {
            factory.close();
        }
    }
}
