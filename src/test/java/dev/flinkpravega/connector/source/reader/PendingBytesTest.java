package dev.flinkpravega.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Position;
import io.pravega.client.stream.impl.PositionImpl;
import io.pravega.client.stream.impl.SegmentWithRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cached gauge over a fake position and fake segment lengths. */
class PendingBytesTest {
    private static final Segment A = new Segment("sc", "st", 0);
    private static final Segment B = new Segment("sc", "st", 1);

    private final AtomicReference<Position> position = new AtomicReference<>();
    private final FakeLengths lengths = new FakeLengths();
    private final PendingBytes pending = new PendingBytes(position::get, lengths);

    @Test
    void beforeTheFirstReadNothingIsPendingAndNothingIsAsked() {
        pending.refresh();

        assertThat(pending.getValue()).isZero();
        assertThat(lengths.asked).isEmpty();
    }

    @Test
    void theGaugeShowsTheLastRefreshOnly() {
        position.set(at(Map.of(A, 10L, B, -1L)));
        lengths.lengths.put(A, 110L);
        pending.refresh();
        assertThat(pending.getValue()).isEqualTo(100);
        assertThat(lengths.asked).containsExactly(List.of(A));

        lengths.lengths.put(A, 210L);
        assertThat(pending.getValue()).as("not refreshed yet").isEqualTo(100);
        pending.refresh();
        assertThat(pending.getValue()).isEqualTo(200);
    }

    @Test
    void aFailedRefreshKeepsTheLastValue() {
        position.set(at(Map.of(A, 0L)));
        lengths.lengths.put(A, 7L);
        pending.refresh();
        lengths.failing = true;
        pending.refresh();

        assertThat(pending.getValue()).isEqualTo(7);
    }

    private static Position at(Map<Segment, Long> offsets) {
        Map<SegmentWithRange, Long> ranged = new HashMap<>();
        offsets.forEach((s, o) -> ranged.put(new SegmentWithRange(s, 0, 1), o));
        return new PositionImpl(ranged);
    }

    private static final class FakeLengths implements SegmentLengths {
        final Map<Segment, Long> lengths = new HashMap<>();
        final List<Collection<Segment>> asked = new ArrayList<>();
        boolean failing;

        @Override
        public Map<Segment, Long> of(Collection<Segment> segments) {
            if (failing) {
                throw new IllegalStateException("segment store away");
            }
            asked.add(new ArrayList<>(segments));
            Map<Segment, Long> known = new HashMap<>();
            segments.forEach(s -> known.put(s, lengths.get(s)));
            return known;
        }

        @Override
        public void close() {}
    }
}
