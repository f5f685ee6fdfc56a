package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.StreamScaler;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reader group restored from the cut a checkpoint takes while a merge is half read, against a
 * real Pravega: stream 's' goes from one segment to two (events b-*) and merges back into one
 * (events c-*). The cut holds only the second of the two, as a checkpoint does once the first was
 * read to its end and handed back.
 */
class CompletedPredecessorsITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private String scope;
    private PravegaAdmin admin;
    private StreamScaler scaler;
    private ReaderGroupManager groups;
    private EventStreamClientFactory clients;
    private Segment first;
    private Segment second;

    @BeforeEach
    void scaleOutAndBackIn() throws Exception {
        scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        scaler = new StreamScaler(PRAVEGA.clientConfig());
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", events("a", 5));
        scaler.scaleTo(scope, "s", 2);
        List<Segment> two = scaler.current(scope, "s");
        first = two.get(0);
        second = two.get(1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", events("b", 40));
        scaler.scaleTo(scope, "s", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", events("c", 5));
        admin =
                new PravegaAdmin(
                        PravegaConfig.builder()
                                .controllerUri(PRAVEGA.controllerUri())
                                .defaultScope(scope)
                                .build());
        groups = ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig());
        clients = EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
    }

    @AfterEach
    void close() {
        clients.close();
        groups.close();
        admin.close();
        scaler.close();
    }

    @Test
    void theFinishedHalfOfTheMergeComesBackAsReadToTheEnd() {
        StreamCut cut = halfReadMerge();
        assertThat(CompletedPredecessors.restore(cut, admin::successors).asImpl().getPositions())
                .containsExactlyInAnyOrderEntriesOf(Map.of(second, 0L, first, -1L));
    }

    @Test
    void aFullCutComesBackUnchanged() {
        StreamCut cut = new StreamCutImpl(Stream.of(scope, "s"), Map.of(first, 0L, second, 0L));
        assertThat(CompletedPredecessors.restore(cut, admin::successors)).isSameAs(cut);
    }

    /**
     * Pravega's own behaviour, which the repair exists for: from the cut as the checkpoint left it,
     * the group reads the second segment and then waits for the first for ever.
     */
    @Test
    void withoutTheRepairTheMergedSegmentIsNeverRead() throws Exception {
        List<String> read = readFrom(halfReadMerge(), "plain", Duration.ofSeconds(4), null);
        assertThat(read).isNotEmpty().allMatch(e -> e.startsWith("b-"));
    }

    @Test
    void withTheRepairEverythingAfterTheCutIsReadOnce() throws Exception {
        Set<String> secondOnly =
                new HashSet<>(readFrom(halfReadMerge(), "plain", Duration.ofSeconds(4), null));
        Set<String> expected = new HashSet<>(secondOnly);
        expected.addAll(events("c", 5));

        StreamCut restored = CompletedPredecessors.restore(halfReadMerge(), admin::successors);
        List<String> read = readFrom(restored, "repaired", Duration.ofSeconds(30), expected);
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(read).as("no event of the finished segment again").doesNotHaveDuplicates();
    }

    private StreamCut halfReadMerge() {
        return new StreamCutImpl(Stream.of(scope, "s"), Map.of(second, 0L));
    }

    /**
     * Reads a new group from {@code start} with a reader-group checkpoint every 200 ms (readers
     * hand back finished segments only at checkpoints), for {@code duration} or until {@code
     * expected} is read.
     */
    private List<String> readFrom(
            StreamCut start, String group, Duration duration, Set<String> expected)
            throws Exception {
        String name = group + "-" + System.nanoTime();
        groups.createReaderGroup(
                name,
                RecordingReader.groupConfig(Stream.of(scope, "s"), start, StreamCut.UNBOUNDED));
        ReaderGroup readerGroup = groups.getReaderGroup(name);
        try (RecordingReader reader = new RecordingReader(clients, "r", name);
                CheckpointScheduler checkpoints =
                        new CheckpointScheduler(
                                readerGroup,
                                Duration.ofSeconds(10),
                                Duration.ofMillis(200),
                                c -> {},
                                e -> {})) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end
                    && (expected == null
                            || !new HashSet<>(reader.events()).containsAll(expected))) {
                checkpoints.maybeStartInternalCheckpoint();
                reader.readFor(Duration.ofMillis(100));
            }
            return new ArrayList<>(reader.events());
        } finally {
            readerGroup.close();
            groups.deleteReaderGroup(name);
        }
    }

    private static List<String> events(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> prefix + "-" + i)
                .collect(Collectors.toList());
    }
}
