package dev.flinkpravega.connector.source.reader;

import io.pravega.client.segment.impl.Segment;
import java.util.Collection;
import java.util.Map;

/** The current lengths of segments, asked of Pravega. */
interface SegmentLengths extends AutoCloseable {
    /**
     * The length (write offset) of each segment that answered in time; segments that did not are
     * left out.
     */
    Map<Segment, Long> of(Collection<Segment> segments);

    @Override
    void close();
}
