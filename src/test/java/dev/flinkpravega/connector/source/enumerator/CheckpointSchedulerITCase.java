package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.FlinkRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flink and internal checkpoints of a real reader group, whose one reader is a plain Pravega reader
 * that passes the markers it reads.
 */
class CheckpointSchedulerITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    /** Long enough for several refreshes of the group's state (100 ms) by the reader. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private ReaderGroupManager groups;
    private EventStreamClientFactory clients;
    private ReaderGroup group;
    private RecordingReader reader;
    private final List<Checkpoint> completed = new CopyOnWriteArrayList<>();
    private final List<Throwable> failed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createGroupAndReader() {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", List.of("a", "b"));
        groups = ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig());
        groups.createReaderGroup(
                "g",
                RecordingReader.groupConfig(
                        Stream.of(scope, "s"), StreamCut.UNBOUNDED, StreamCut.UNBOUNDED));
        group = groups.getReaderGroup("g");
        clients = EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
        reader = new RecordingReader(clients, "reader-0", "g");
    }

    @AfterEach
    void close() {
        reader.close();
        group.close();
        groups.close();
        clients.close();
    }

    private CheckpointScheduler scheduler(Duration internalInterval) {
        return new CheckpointScheduler(
                group, Duration.ofSeconds(30), internalInterval, completed::add, failed::add);
    }

    @Test
    void aFlinkCheckpointCompletesOnceTheReaderPassedItsMarker() throws Exception {
        try (CheckpointScheduler scheduler = scheduler(Duration.ofHours(1))) {
            CompletableFuture<Checkpoint> flink = checkpointForFlinkAsync(scheduler, 1);

            assertThat(reader.readToMarker()).isEqualTo("flink-checkpoint-1");
            assertThat(flink).isNotDone();
            reader.readUntil(flink::isDone, "the checkpoint to complete");

            Checkpoint checkpoint = flink.get();
            assertThat(checkpoint.getName()).isEqualTo("flink-checkpoint-1");
            assertThat(completed).containsExactly(checkpoint);
        }
    }

    /**
     * Completing a Pravega checkpoint clears the earlier unfinished ones, so an internal one that
     * started during Flink's could make Flink's be lost.
     */
    @Test
    void anInternalCheckpointNeverStartsWhileFlinksIsUnderWay() throws Exception {
        try (CheckpointScheduler scheduler = scheduler(Duration.ZERO)) {
            CompletableFuture<Checkpoint> flink = checkpointForFlinkAsync(scheduler, 1);
            assertThat(reader.readToMarker()).isEqualTo("flink-checkpoint-1");

            scheduler.maybeStartInternalCheckpoint();

            assertThat(reader.readFor(QUIET)).isEmpty();
            assertThat(flink).isDone();

            scheduler.maybeStartInternalCheckpoint();

            assertThat(reader.readToMarker()).isEqualTo("internal-1");
            reader.readUntil(() -> completed.size() == 2, "the internal checkpoint to complete");
            assertThat(completed.get(1).getName()).isEqualTo("internal-1");
        }
    }

    @Test
    void anInternalCheckpointStartsOnlyAfterTheIntervalWithoutACompletedOne() {
        try (CheckpointScheduler scheduler = scheduler(Duration.ofHours(1))) {
            scheduler.maybeStartInternalCheckpoint();

            assertThat(reader.readFor(QUIET)).isEmpty();
        }
    }

    @Test
    void oneInternalCheckpointAtATime() {
        try (CheckpointScheduler scheduler = scheduler(Duration.ZERO)) {
            scheduler.maybeStartInternalCheckpoint();
            assertThat(reader.readToMarker()).isEqualTo("internal-1");

            // the reader sits at the marker: internal-1 is not complete
            scheduler.maybeStartInternalCheckpoint();

            reader.readUntil(() -> completed.size() == 1, "internal-1 to complete");
            assertThat(reader.readFor(QUIET)).isEmpty();
        }
    }

    /** A failed internal checkpoint is reported, not dropped. */
    @Test
    void aFailedInternalCheckpointIsReported() {
        try (CheckpointScheduler scheduler = scheduler(Duration.ZERO)) {
            scheduler.maybeStartInternalCheckpoint();
            assertThat(reader.readToMarker()).isEqualTo("internal-1");

            group.cancelOutstandingCheckpoints();

            reader.readUntil(() -> !failed.isEmpty(), "internal-1 to be reported failed");
            assertThat(completed).isEmpty();
            assertThat(failed).hasSize(1);
        }
    }

    /** A Flink checkpoint whose marker is never passed fails as a timeout, not as a decline. */
    @Test
    void aFlinkCheckpointThatTimesOutFailsWithTheTimeoutException() {
        try (CheckpointScheduler scheduler =
                new CheckpointScheduler(
                        group,
                        Duration.ofMillis(300),
                        Duration.ofHours(1),
                        completed::add,
                        failed::add)) {
            // the reader does not read: it never passes the marker
            assertThatThrownBy(() -> scheduler.checkpointForFlink(1, Set.of("reader-0")))
                    .isInstanceOf(CheckpointScheduler.CheckpointTimeoutException.class)
                    .hasMessageContaining("did not complete within 300 ms");
        }
    }

    @Test
    void noInternalCheckpointStartsOnceStopped() {
        try (CheckpointScheduler scheduler = scheduler(Duration.ZERO)) {
            scheduler.stop();

            scheduler.maybeStartInternalCheckpoint();

            assertThat(reader.readFor(QUIET)).isEmpty();
        }
    }

    /**
     * A reader that joins the group after a checkpoint started is not waited for, and its first
     * events would escape the checkpoint's positions.
     */
    @Test
    void aFlinkCheckpointIsDeclinedWhileAnExpectedReaderIsNotOnline() {
        try (CheckpointScheduler scheduler = scheduler(Duration.ofHours(1))) {
            assertThatThrownBy(
                            () -> scheduler.checkpointForFlink(1, Set.of("reader-0", "reader-1")))
                    .isInstanceOf(FlinkRuntimeException.class)
                    .isNotInstanceOf(CheckpointScheduler.CheckpointTimeoutException.class)
                    .hasMessage(
                            "Checkpoint 1 declined: Pravega reader reader-1 of reader group 'g'"
                                    + " is not online yet.");

            // declined before it started
            assertThat(reader.readFor(QUIET)).isEmpty();
        }
    }

    private CompletableFuture<Checkpoint> checkpointForFlinkAsync(
            CheckpointScheduler scheduler, long checkpointId) {
        CompletableFuture<Checkpoint> result = new CompletableFuture<>();
        Thread enumerator =
                new Thread(
                        () -> {
                            try {
                                result.complete(
                                        scheduler.checkpointForFlink(
                                                checkpointId, Set.of("reader-0")));
                            } catch (Throwable t) {
                                result.completeExceptionally(t);
                            }
                        },
                        "enumerator");
        enumerator.setDaemon(true);
        enumerator.start();
        return result.orTimeout(60, TimeUnit.SECONDS);
    }
}
