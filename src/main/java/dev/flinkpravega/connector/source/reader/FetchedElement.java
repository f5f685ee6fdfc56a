package dev.flinkpravega.connector.source.reader;

import io.pravega.client.stream.EventRead;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What the fetch thread hands to the task thread: events, a checkpoint marker, the end, or an
 * error.
 */
final class FetchedElement {
    enum Kind {
        EVENTS,
        CHECKPOINT,
        END,
        FAILURE
    }

    final Kind kind;
    final List<EventRead<ByteBuffer>> events;
    final String checkpointName;
    final Throwable failure;

    private FetchedElement(
            Kind kind,
            List<EventRead<ByteBuffer>> events,
            String checkpointName,
            Throwable failure) {
        this.kind = kind;
        this.events = events;
        this.checkpointName = checkpointName;
        this.failure = failure;
    }

    static FetchedElement events(List<EventRead<ByteBuffer>> events) {
        return new FetchedElement(Kind.EVENTS, events, null, null);
    }

    static FetchedElement checkpoint(String name) {
        return new FetchedElement(Kind.CHECKPOINT, null, name, null);
    }

    static FetchedElement end() {
        return new FetchedElement(Kind.END, null, null, null);
    }

    static FetchedElement failure(Throwable t) {
        return new FetchedElement(Kind.FAILURE, null, null, t);
    }
}
