package dev.flinkpravega.connector.source.enumerator;

import io.pravega.client.segment.impl.Segment;
import java.util.List;
import java.util.Map;

/** Where the segments after a sealed segment come from (the controller, or a test's graph). */
@FunctionalInterface
interface SuccessorLookup {
    /**
     * The successors of {@code segment}, each with the ids of all its predecessors; empty while
     * {@code segment} is open.
     */
    Map<Segment, List<Long>> successors(Segment segment);
}
