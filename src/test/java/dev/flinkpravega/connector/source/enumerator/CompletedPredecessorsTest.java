package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which segments go back into a checkpoint's cut, over hand-made scaling histories. Segment ids are
 * plain numbers here; the controller's real graph is in {@code CompletedPredecessorsITCase}.
 */
class CompletedPredecessorsTest {
    private static final Stream STREAM = Stream.of("sc", "st");

    /** Successor id to its predecessor ids; a segment without successors is open. */
    private final Map<Long, List<Long>> graph = new HashMap<>();

    private final List<Long> lookedUp = new ArrayList<>();

    private void scale(List<Long> sealed, long... created) {
        for (long c : created) {
            graph.put(c, sealed);
        }
    }

    private Map<Segment, List<Long>> successors(Segment segment) {
        lookedUp.add(segment.getSegmentId());
        Map<Segment, List<Long>> successors = new LinkedHashMap<>();
        graph.forEach(
                (next, preds) -> {
                    if (preds.contains(segment.getSegmentId())) {
                        successors.put(segment(next), preds);
                    }
                });
        return successors;
    }

    private static Segment segment(long id) {
        return new Segment(STREAM.getScope(), STREAM.getStreamName(), id);
    }

    private static StreamCut cut(long... idAndOffset) {
        Map<Segment, Long> positions = new LinkedHashMap<>();
        for (int i = 0; i < idAndOffset.length; i += 2) {
            positions.put(segment(idAndOffset[i]), idAndOffset[i + 1]);
        }
        return new StreamCutImpl(STREAM, positions);
    }

    private StreamCut restore(StreamCut cut) {
        return CompletedPredecessors.restore(cut, this::successors);
    }

    @Test
    void aCutOfOpenSegmentsStaysAsItIs() {
        StreamCut cut = cut(0, 10, 1, 20);
        assertThat(restore(cut)).isSameAs(cut);
        assertThat(lookedUp).containsExactlyInAnyOrder(0L, 1L);
    }

    @Test
    void aHalfReadMergeGetsItsFinishedPredecessorBack() {
        scale(List.of(1L, 2L), 3);
        // segment 1 was read to its end and left the cut; 3 waits for 2
        assertThat(restore(cut(2, 40)).asImpl().getPositions())
                .containsExactlyInAnyOrderEntriesOf(Map.of(segment(2), 40L, segment(1), -1L));
    }

    @Test
    void aFourToOneMergeWithTwoFinishedGetsBoth() {
        scale(List.of(0L), 1, 2);
        scale(List.of(1L, 2L), 3, 4, 5, 6);
        scale(List.of(3L, 4L, 5L, 6L), 7);
        assertThat(restore(cut(5, 7, 6, -1)).asImpl().getPositions())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(segment(5), 7L, segment(6), -1L, segment(3), -1L, segment(4), -1L));
    }

    @Test
    void aCutAcrossAFinishedSplitStaysAsItIs() {
        scale(List.of(0L), 1, 2);
        scale(List.of(1L, 2L), 3);
        StreamCut cut = cut(1, 5, 2, 0);
        assertThat(restore(cut)).isSameAs(cut);
    }

    @Test
    void aCutBeforeAScaleStaysAsItIs() {
        scale(List.of(0L), 1, 2);
        scale(List.of(1L, 2L), 3);
        StreamCut cut = cut(0, 5);
        assertThat(restore(cut)).isSameAs(cut);
    }

    /**
     * Keys: h | q | t. h and q merge into g; g and t merge into f. q is done, h and t are being
     * read. g is unread (it waits for h): it must not go back as finished, only q.
     */
    @Test
    void anUnreadSuccessorIsNeverTakenForAFinishedPredecessor() {
        long h = 0, q = 1, t = 2, g = 3, f = 4;
        scale(List.of(h, q), g);
        scale(List.of(g, t), f);
        assertThat(restore(cut(h, 3, t, 9)).asImpl().getPositions())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(segment(h), 3L, segment(t), 9L, segment(q), -1L));
    }

    /**
     * Keys: a | b | t. a and b merge into r (b done, a lagging); r splits into p1, p2; t splits
     * into s1, s2 (both being read); p2 and s1 merge into f. p2 shares no key with a, yet it is
     * unread: only b goes back.
     */
    @Test
    void aSegmentAfterALaggingReaderIsUnreadEvenWithoutSharedKeys() {
        long a = 0, b = 1, t = 2, r = 3, p1 = 4, p2 = 5, s1 = 6, s2 = 7, f = 8;
        scale(List.of(a, b), r);
        scale(List.of(r), p1, p2);
        scale(List.of(t), s1, s2);
        scale(List.of(p2, s1), f);
        assertThat(restore(cut(a, 1, s1, 2, s2, 3)).asImpl().getPositions())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                segment(a), 1L,
                                segment(s1), 2L,
                                segment(s2), 3L,
                                segment(b), -1L));
    }

    @Test
    void anUnboundedCutIsLeftAlone() {
        assertThat(restore(StreamCut.UNBOUNDED)).isSameAs(StreamCut.UNBOUNDED);
        assertThat(lookedUp).isEmpty();
    }
}
