package dev.flinkpravega.connector.source.enumerator;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back into a reader-group checkpoint's stream cut the segments Pravega left out of it: those
 * read to their end whose successor still waited for its other predecessors (a merge half read:
 * segments 1 and 2 merge into 3, segment 1 is done, segment 2 is not). Pravega keeps that waiting
 * successor only in the live reader group's state, not in the checkpoint, so a reader group reset
 * to the checkpoint waits for segment 1 for ever and never reads segment 3 or anything after it.
 *
 * <p>Which segments: every segment after the cut (a descendant of a segment in it) is unread; a
 * predecessor of one of them that is neither in the cut nor after it was read to its end before the
 * cut. Those go into the cut at offset -1, Pravega's own mark (in checkpoints) for a sealed segment
 * read to its end: the reader releases it at once, and the successor starts once its other
 * predecessors are done. A cut that covers every routing key comes back unchanged.
 */
final class CompletedPredecessors {
    private static final Logger LOG = LoggerFactory.getLogger(CompletedPredecessors.class);

    /** The offset Pravega gives a sealed segment read to its end. */
    static final long READ_TO_END = -1L;

    private CompletedPredecessors() {}

    /**
     * {@code cut} with the segments it lacks (see the class comment) at {@link #READ_TO_END}. Walks
     * every segment created after the cut, one lookup each.
     */
    static StreamCut restore(StreamCut cut, SuccessorLookup lookup) {
        if (cut == StreamCut.UNBOUNDED || cut.equals(StreamCut.UNBOUNDED)) {
            return cut;
        }
        Map<Segment, Long> positions = cut.asImpl().getPositions();
        Set<Long> inCut = new HashSet<>();
        positions.keySet().forEach(s -> inCut.add(s.getSegmentId()));

        Set<Long> after = new HashSet<>();
        Map<Segment, List<Long>> predecessorsOfAfter = new HashMap<>();
        Deque<Segment> toVisit = new ArrayDeque<>(positions.keySet());
        while (!toVisit.isEmpty()) {
            Segment segment = toVisit.poll();
            for (Map.Entry<Segment, List<Long>> successor : lookup.successors(segment).entrySet()) {
                Segment next = successor.getKey();
                if (!inCut.contains(next.getSegmentId()) && after.add(next.getSegmentId())) {
                    predecessorsOfAfter.put(next, successor.getValue());
                    toVisit.add(next);
                }
            }
        }

        Map<Segment, Long> missing = new LinkedHashMap<>();
        Segment any = positions.keySet().iterator().next();
        predecessorsOfAfter.values().stream()
                .flatMap(List::stream)
                .filter(id -> !inCut.contains(id) && !after.contains(id))
                .sorted()
                .forEach(
                        id ->
                                missing.put(
                                        new Segment(any.getScope(), any.getStreamName(), id),
                                        READ_TO_END));
        if (missing.isEmpty()) {
            return cut;
        }
        LOG.info(
                "Checkpoint cut {} of stream {} was taken while a scale was half read; adding"
                        + " the segments read to their end that it left out: {}",
                positions,
                cut.asImpl().getStream().getScopedName(),
                missing.keySet());
        Map<Segment, Long> restored = new LinkedHashMap<>(positions);
        restored.putAll(missing);
        return new StreamCutImpl(cut.asImpl().getStream(), restored);
    }
}
