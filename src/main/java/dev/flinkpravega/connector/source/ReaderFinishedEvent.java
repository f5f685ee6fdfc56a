package dev.flinkpravega.connector.source;

import org.apache.flink.api.connector.source.SourceEvent;

/** Sent by a reader that read to the end and left the reader group for good. */
public final class ReaderFinishedEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
