package dev.flinkpravega.connector.source;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Sent by the enumerator of a bounded source when a completed reader-group checkpoint shows no
 * unread bytes before the end stream cuts: every reader hands out what it has and finishes.
 *
 * <p>Pravega 0.13 readers do not notice on their own that they reached an end stream cut inside an
 * open segment (the segment never looks "ready" at its end offset), so the enumerator decides.
 */
public final class EndOfDataEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
