package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.CheckpointImpl;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The merge of a restored enumerator state with a changed job's configuration, on states built by
 * hand; {@code ChangedJobRestoreITCase} restores real savepoints.
 */
class RestoredEnumeratorStateTest {
    private static final StreamRef A = StreamRef.of("s", "a");
    private static final StreamRef B = StreamRef.of("s", "b");
    private static final StreamRef GONE = StreamRef.of("other", "gone");

    /** Resolves every stream to offset 7 (start) or 70 (end) and records what it was asked. */
    private final Resolver configured = new Resolver();

    @Test
    void aRestoreIntoTheSameJobChangesNothing() {
        PravegaEnumeratorState restored =
                state("s", "group", Map.of(A, 1L, B, 2L), Map.of(A, 10L, B, 20L), bytes());

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(
                        restored, List.of(A, B), "s", "group", true, configured);

        assertThat(merged.readerGroupScope()).isEqualTo("s");
        assertThat(merged.readerGroupName()).isEqualTo("group");
        assertThat(merged.startCuts()).isEqualTo(restored.startCuts());
        assertThat(merged.endCuts()).isEqualTo(restored.endCuts());
        assertThat(merged.checkpoint()).isSameAs(restored.checkpoint());
        assertThat(configured.asked).isEmpty();
    }

    @Test
    void anAddedStreamGetsTheConfiguredCutsAndAKnownOneKeepsItsOwn() {
        PravegaEnumeratorState restored = state("s", "group", Map.of(A, 1L), Map.of(A, 10L), null);

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(
                        restored, List.of(A, B), "s", "group", true, configured);

        assertThat(merged.startCuts()).isEqualTo(cuts(Map.of(A, 1L, B, 7L)));
        assertThat(merged.endCuts()).isEqualTo(cuts(Map.of(A, 10L, B, 70L)));
        assertThat(configured.asked).containsExactly("start " + List.of(B), "end " + List.of(B));
    }

    @Test
    void aRemovedStreamIsDropped() {
        PravegaEnumeratorState restored =
                state("s", "group", Map.of(A, 1L, GONE, 2L), Map.of(A, 10L, GONE, 20L), bytes());

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(restored, List.of(A), "s", "group", true, configured);

        assertThat(merged.startCuts()).isEqualTo(cuts(Map.of(A, 1L)));
        assertThat(merged.endCuts()).isEqualTo(cuts(Map.of(A, 10L)));
        assertThat(configured.asked).isEmpty();
    }

    @Test
    void anUnboundedJobHasNoEndCutsEvenIfTheStateHad() {
        PravegaEnumeratorState restored = state("s", "group", Map.of(A, 1L), Map.of(A, 10L), null);

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(
                        restored, List.of(A, B), "s", "group", false, configured);

        assertThat(merged.endCuts()).isEmpty();
        assertThat(configured.asked).containsExactly("start " + List.of(B));
    }

    @Test
    void aBoundedJobGivesAKnownStreamWithoutEndCutTheConfiguredOne() {
        // The restored job was unbounded.
        PravegaEnumeratorState restored = state("s", "group", Map.of(A, 1L), Map.of(), null);

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(restored, List.of(A), "s", "group", true, configured);

        assertThat(merged.endCuts()).isEqualTo(cuts(Map.of(A, 70L)));
        assertThat(configured.asked).containsExactly("end " + List.of(A));
    }

    @Test
    void theConfiguredReaderGroupIsUsedWithTheStatesPositions() {
        byte[] checkpoint = bytes();
        PravegaEnumeratorState restored =
                state("old-scope", "old-group", Map.of(A, 1L), Map.of(), checkpoint);

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(
                        restored, List.of(A), "s", "new-group", false, configured);

        assertThat(merged.readerGroupScope()).isEqualTo("s");
        assertThat(merged.readerGroupName()).isEqualTo("new-group");
        assertThat(merged.startCuts()).isEqualTo(restored.startCuts());
        assertThat(merged.checkpoint()).isSameAs(checkpoint);
    }

    /**
     * The reader group of a merged state: the known stream from the checkpoint, the added one from
     * its resolved start, the removed one (whose position is in the checkpoint) not at all.
     */
    @Test
    void theReaderGroupReadsKnownStreamsFromTheCheckpointAddedOnesFromTheirStart() {
        byte[] checkpoint = bytes(Map.of(seg(A), 5L, seg(GONE), 6L));
        PravegaEnumeratorState restored =
                state("s", "group", Map.of(A, 1L, GONE, 2L), Map.of(), checkpoint);

        PravegaEnumeratorState merged =
                RestoredEnumeratorState.merge(
                        restored, List.of(A, B), "s", "group", false, configured);
        ReaderGroupConfig group =
                ReaderGroupLifecycle.configFor(
                        merged, List.of(A, B), Duration.ofSeconds(1), 10, segment -> Map.of());

        assertThat(group.getStartingStreamCuts())
                .containsOnlyKeys(A.toStream(), B.toStream())
                .containsEntry(A.toStream(), cut(A, 5L))
                .containsEntry(B.toStream(), cut(B, 7L));
        assertThat(group.getEndingStreamCuts())
                .containsEntry(A.toStream(), StreamCut.UNBOUNDED)
                .containsEntry(B.toStream(), StreamCut.UNBOUNDED);
    }

    /** Offsets in segment 0 of each stream. */
    private static PravegaEnumeratorState state(
            String scope,
            String name,
            Map<StreamRef, Long> starts,
            Map<StreamRef, Long> ends,
            byte[] checkpoint) {
        return new PravegaEnumeratorState(scope, name, cuts(starts), cuts(ends), checkpoint);
    }

    private static Map<String, String> cuts(Map<StreamRef, Long> offsets) {
        Map<String, String> cuts = new LinkedHashMap<>();
        offsets.forEach(
                (s, offset) -> cuts.put(s.qualifiedName(), StreamCuts.print(cut(s, offset))));
        return cuts;
    }

    private static Segment seg(StreamRef stream) {
        return new Segment(stream.scope(), stream.stream(), 0);
    }

    private static StreamCut cut(StreamRef stream, long offset) {
        return new StreamCutImpl(
                Stream.of(stream.scope(), stream.stream()), Map.of(seg(stream), offset));
    }

    private static byte[] bytes() {
        return bytes(Map.of());
    }

    /** The bytes of a Pravega checkpoint at these positions. */
    private static byte[] bytes(Map<Segment, Long> positions) {
        try {
            Constructor<CheckpointImpl> constructor =
                    CheckpointImpl.class.getDeclaredConstructor(String.class, Map.class);
            constructor.setAccessible(true);
            Checkpoint checkpoint = constructor.newInstance("c", positions);
            ByteBuffer buffer = checkpoint.toBytes();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Pravega's CheckpointImpl constructor changed", e);
        }
    }

    private static final class Resolver implements ConfiguredCuts {
        final List<String> asked = new ArrayList<>();

        @Override
        public Map<String, String> startCuts(List<StreamRef> streams) {
            asked.add("start " + streams);
            return resolve(streams, 7L);
        }

        @Override
        public Map<String, String> endCuts(List<StreamRef> streams) {
            asked.add("end " + streams);
            return resolve(streams, 70L);
        }

        private static Map<String, String> resolve(List<StreamRef> streams, long offset) {
            Map<StreamRef, Long> offsets = new LinkedHashMap<>();
            streams.forEach(s -> offsets.put(s, offset));
            return cuts(offsets);
        }
    }
}
