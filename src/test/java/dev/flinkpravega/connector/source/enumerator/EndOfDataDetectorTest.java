package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.StreamCuts;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.CheckpointImpl;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** End detection over checkpoint positions built by hand; see the ITCase for real ones. */
class EndOfDataDetectorTest {
    private static final Stream STREAM = Stream.of("scope", "s");
    private static final Segment S0 = new Segment("scope", "s", 0);
    private static final Segment S1 = new Segment("scope", "s", 1);

    /** Segment 2 replaced segment 0 by scaling; the end cut is of the scaled stream. */
    private static final Segment S2 = new Segment("scope", "s", (1L << 32) | 2);

    private final EndOfDataDetector detector =
            new EndOfDataDetector(List.of(cut(Map.of(S1, 100L, S2, 40L))));

    @Test
    void atTheEndWhenEverySegmentIsAtItsEndCut() {
        assertThat(detector.isAtEnd(checkpoint(Map.of(S1, 100L, S2, 40L)))).isTrue();
    }

    @Test
    void notAtTheEndWhileASegmentIsBeforeItsEndCut() {
        assertThat(detector.isAtEnd(checkpoint(Map.of(S1, 99L, S2, 40L)))).isFalse();
    }

    @Test
    void notAtTheEndWhileAPredecessorOfTheEndCutIsStillRead() {
        assertThat(detector.isAtEnd(checkpoint(Map.of(S0, 500L, S1, 100L)))).isFalse();
    }

    @Test
    void atTheEndWhenSegmentsReadToTheirEndDroppedOut() {
        assertThat(detector.isAtEnd(checkpoint(Map.of(S2, 40L)))).isTrue();
        assertThat(detector.isAtEnd(checkpoint(Map.of()))).isTrue();
    }

    @Test
    void anEndCutWithoutAnOffsetNeverCountsAsReached() {
        EndOfDataDetector unknownOffset = new EndOfDataDetector(List.of(cut(Map.of(S1, -1L))));
        assertThat(unknownOffset.isAtEnd(checkpoint(Map.of(S1, 1_000L)))).isFalse();
    }

    @Test
    void aCompletedCheckpointAtTheEndIsRemembered() {
        detector.checkpointCompleted(checkpoint(Map.of(S1, 50L, S2, 40L)));
        assertThat(detector.endReached()).isFalse();

        detector.checkpointCompleted(checkpoint(Map.of(S1, 100L, S2, 40L)));
        assertThat(detector.endReached()).isTrue();

        // a later checkpoint cannot take it back
        detector.checkpointCompleted(checkpoint(Map.of(S1, 50L)));
        assertThat(detector.endReached()).isTrue();
    }

    @Test
    void anUnboundedSourceNeverEnds() {
        EndOfDataDetector unbounded = new EndOfDataDetector(List.of());
        unbounded.checkpointCompleted(checkpoint(Map.of()));
        assertThat(unbounded.endReached()).isFalse();
    }

    @Test
    void theEndCutsComeFromTheEnumeratorState() {
        PravegaEnumeratorState state =
                new PravegaEnumeratorState(
                        "scope",
                        "group",
                        Map.of(),
                        Map.of("scope/s", StreamCuts.print(cut(Map.of(S1, 100L)))),
                        null);
        EndOfDataDetector fromState = EndOfDataDetector.of(state);

        assertThat(fromState.isAtEnd(checkpoint(Map.of(S1, 100L)))).isTrue();
        assertThat(fromState.isAtEnd(checkpoint(Map.of(S1, 99L)))).isFalse();
    }

    private static StreamCut cut(Map<Segment, Long> positions) {
        return new StreamCutImpl(STREAM, positions);
    }

    /** A checkpoint at these positions, built by the constructor Pravega's reader group uses. */
    private static Checkpoint checkpoint(Map<Segment, Long> positions) {
        try {
            Constructor<CheckpointImpl> constructor =
                    CheckpointImpl.class.getDeclaredConstructor(String.class, Map.class);
            constructor.setAccessible(true);
            return constructor.newInstance("c", positions);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Pravega's CheckpointImpl constructor changed", e);
        }
    }
}
