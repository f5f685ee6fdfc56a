package dev.flinkpravega.connector.source.reader;

import io.pravega.client.segment.impl.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The arithmetic of {@link PendingBytes}: owned segments' read offsets against their lengths. */
final class UnreadBytes {
    private UnreadBytes() {}

    /**
     * Segments whose length is needed: an offset below zero is the reader's mark of a segment it
     * read to its sealed end, which has nothing left.
     */
    static List<Segment> toAsk(Map<Segment, Long> offsets) {
        List<Segment> segments = new ArrayList<>();
        offsets.forEach(
                (segment, offset) -> {
                    if (offset >= 0) {
                        segments.add(segment);
                    }
                });
        return segments;
    }

    /**
     * Bytes between each owned segment's read offset and its length, summed. A segment without a
     * known length counts nothing; a length below the offset (a stale length) counts nothing.
     */
    static long between(Map<Segment, Long> offsets, Map<Segment, Long> lengths) {
        long unread = 0;
        for (Map.Entry<Segment, Long> owned : offsets.entrySet()) {
            Long length = lengths.get(owned.getKey());
            long offset = owned.getValue();
            if (length != null && offset >= 0 && length > offset) {
                unread += length - offset;
            }
        }
        return unread;
    }
}
