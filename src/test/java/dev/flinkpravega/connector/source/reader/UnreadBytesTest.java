package dev.flinkpravega.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.segment.impl.Segment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnreadBytesTest {
    private static final Segment A = new Segment("sc", "st", 0);
    private static final Segment B = new Segment("sc", "st", 1);
    private static final Segment SEALED = new Segment("sc", "st", 2);

    @Test
    void sumsWhatIsLeftOfEachOwnedSegment() {
        Map<Segment, Long> offsets = Map.of(A, 100L, B, 0L);
        Map<Segment, Long> lengths = Map.of(A, 250L, B, 40L);

        assertThat(UnreadBytes.between(offsets, lengths)).isEqualTo(150 + 40);
    }

    @Test
    void aSegmentReadToItsSealedEndIsNotAskedAndCountsNothing() {
        Map<Segment, Long> offsets = new HashMap<>();
        offsets.put(A, 10L);
        offsets.put(SEALED, -1L);

        assertThat(UnreadBytes.toAsk(offsets)).containsExactly(A);
        assertThat(UnreadBytes.between(offsets, Map.of(A, 10L, SEALED, 500L))).isZero();
    }

    @Test
    void segmentsOfOthersAndUnknownLengthsCountNothing() {
        // B's length is known but B is not owned; A's length did not arrive
        assertThat(UnreadBytes.between(Map.of(A, 10L), Map.of(B, 500L))).isZero();
    }

    @Test
    void aLengthBehindTheOffsetCountsNothing() {
        assertThat(UnreadBytes.between(Map.of(A, 300L), Map.of(A, 200L))).isZero();
    }

    @Test
    void nothingOwnedIsNothingPending() {
        assertThat(UnreadBytes.between(Map.of(), Map.of(A, 5L))).isZero();
        assertThat(UnreadBytes.toAsk(Map.of())).isEmpty();
    }
}
