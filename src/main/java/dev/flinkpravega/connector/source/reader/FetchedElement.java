package dev.flinkpravega.connector.source.reader;

import io.pravega.client.stream.EventRead;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What the fetch thread hands to the task thread: events, a checkpoint marker, a watermark from
 * Pravega's time windows, the end, or an error.
 */
final class FetchedElement {
    enum Kind {
        EVENTS,
        CHECKPOINT,
        WATERMARK,
        END,
        FAILURE
    }

    final Kind kind;
    final List<EventRead<ByteBuffer>> events;
    final String checkpointName;
    final Throwable failure;
    final long watermark;

    private FetchedElement(
            Kind kind,
            List<EventRead<ByteBuffer>> events,
            String checkpointName,
            Throwable failure,
            long watermark) {
        this.kind = kind;
        this.events = events;
        this.checkpointName = checkpointName;
        this.failure = failure;
        this.watermark = watermark;
    }

    private FetchedElement(
            Kind kind,
            List<EventRead<ByteBuffer>> events,
            String checkpointName,
            Throwable failure) {
        this(kind, events, checkpointName, failure, Long.MIN_VALUE);
    }

    static FetchedElement events(List<EventRead<ByteBuffer>> events) {
        return new FetchedElement(Kind.EVENTS, events, null, null);
    }

    static FetchedElement checkpoint(String name) {
        return new FetchedElement(Kind.CHECKPOINT, null, name, null);
    }

    static FetchedElement watermark(long watermark) {
        return new FetchedElement(Kind.WATERMARK, null, null, null, watermark);
    }

    static FetchedElement end() {
        return new FetchedElement(Kind.END, null, null, null);
    }

    static FetchedElement failure(Throwable t) {
        return new FetchedElement(Kind.FAILURE, null, null, t);
    }
}
