package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.StreamCuts;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.StreamCut;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tells from completed reader-group checkpoints when a bounded source has read everything up to its
 * end cuts. Pravega 0.13 readers do not notice on their own that they reached an end cut inside an
 * open segment, so the enumerator decides and tells them.
 */
final class EndOfDataDetector {

    /** Segment to end offset, from the end cuts; empty when unbounded. */
    private final Map<Segment, Long> endPositions;

    /** Set when a completed checkpoint shows every reader at the end cuts. */
    private volatile boolean endReached;

    EndOfDataDetector(Collection<StreamCut> endCuts) {
        Map<Segment, Long> positions = new HashMap<>();
        for (StreamCut end : endCuts) {
            positions.putAll(end.asImpl().getPositions());
        }
        this.endPositions = Collections.unmodifiableMap(positions);
    }

    /** A detector of the end cuts of {@code state}; one that never ends when it has none. */
    static EndOfDataDetector of(PravegaEnumeratorState state) {
        Collection<StreamCut> cuts =
                state.endCuts().values().stream()
                        .map(StreamCuts::parse)
                        .collect(Collectors.toList());
        return new EndOfDataDetector(cuts);
    }

    /** Notes a completed checkpoint; any thread. */
    void checkpointCompleted(Checkpoint checkpoint) {
        if (!endPositions.isEmpty() && isAtEnd(checkpoint)) {
            endReached = true;
        }
    }

    /** True once a completed checkpoint was at the end cuts. */
    boolean endReached() {
        return endReached;
    }

    /**
     * True when every segment a checkpoint still holds a position for is at its end cut. A segment
     * read to its end drops out of the positions; one not reached yet (after scaling) has a
     * predecessor in them that is not part of the end cut. (Pravega's own unread-bytes metric
     * miscounts once segments dropped out, so it is not used.)
     */
    boolean isAtEnd(Checkpoint checkpoint) {
        for (StreamCut cut : checkpoint.asImpl().getPositions().values()) {
            for (Map.Entry<Segment, Long> position : cut.asImpl().getPositions().entrySet()) {
                Long end = endPositions.get(position.getKey());
                if (end == null || end < 0 || position.getValue() < end) {
                    return false;
                }
            }
        }
        return true;
    }
}
