package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.enumerator.PravegaEnumeratorState;
import dev.flinkpravega.connector.source.enumerator.PravegaEnumeratorStateSerializer;
import dev.flinkpravega.connector.source.enumerator.PravegaSplitEnumerator;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupNotFoundException;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enumerator against a real reader group: checkpoints that cannot complete, and the group's
 * deletion once every reader finished.
 */
class PravegaSplitEnumeratorITCase {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaSplitEnumeratorITCase.class);

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void aPravegaCheckpointThatDoesNotCompleteFailsInTimeAndDoesNotPileUp() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSource<String> source =
                sourceOf(scope, "stuck")
                        .withCheckpointTimeout(Duration.ofMillis(500))
                        // this test is about each attempt, not about failing the job
                        .withTolerableCheckpointTimeouts(100)
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(1);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            // Online in the group but never reading: it never reaches a checkpoint's marker.
            EventStreamReader<String> stuck =
                    clients.createReader(
                            "reader-0",
                            "stuck",
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build());

            // More attempts than Pravega allows outstanding checkpoints (10): each must time
            // out with the reason, none may fail because earlier ones piled up.
            for (long checkpoint = 1; checkpoint <= 12; checkpoint++) {
                long id = checkpoint;
                assertThatThrownBy(() -> enumerator.snapshotState(id))
                        .hasMessageContaining("Pravega checkpoint 'flink-checkpoint-" + id + "'")
                        .hasMessageContaining("did not complete within 500 ms")
                        .hasMessageContaining("'scan.checkpoint.timeout'");
            }
            stuck.close();
        }
    }

    /**
     * Declines (a reader not online) do not count; timeouts in a row do, and the one more than
     * tolerated fails the job: a runnable on the coordinator thread throws (Flink's context fails
     * the job then; the mock's scheduled executor would swallow it, so this context records it).
     */
    @Test
    void timeoutsInARowBeyondTheToleratedFailTheJobDeclinesDoNotCount() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSource<String> source =
                sourceOf(scope, "counting")
                        .withCheckpointTimeout(Duration.ofMillis(300))
                        .withTolerableCheckpointTimeouts(1)
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        try (FailureRecordingContext context = new FailureRecordingContext(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            for (int subtask = 0; subtask < 2; subtask++) {
                context.registerReader(new ReaderInfo(subtask, "localhost"));
                enumerator.addReader(subtask);
            }
            EventStreamReader<String> reader0 = reader(clients, "reader-0", "counting");
            for (long id = 1; id <= 3; id++) {
                long checkpoint = id;
                assertThatThrownBy(() -> enumerator.snapshotState(checkpoint))
                        .hasMessageContaining("declined");
            }
            assertThat(context.failures()).as("after three declines").isEmpty();

            // both online, neither reads: every checkpoint times out
            EventStreamReader<String> reader1 = reader(clients, "reader-1", "counting");
            assertThatThrownBy(() -> enumerator.snapshotState(4))
                    .hasMessageContaining("did not complete within 300 ms");
            assertThat(context.failures()).as("after one timeout, one tolerated").isEmpty();

            assertThatThrownBy(() -> enumerator.snapshotState(5))
                    .hasMessageContaining("did not complete within 300 ms");
            assertThat(context.failures())
                    .as("after two timeouts in a row")
                    .singleElement()
                    .satisfies(
                            failure ->
                                    assertThat(failure)
                                            .hasMessageContaining(
                                                    "2 Flink checkpoint(s) in a row failed because"
                                                            + " the checkpoint of Pravega reader"
                                                            + " group 'counting'")
                                            .hasMessageContaining(
                                                    "'scan.checkpoint.tolerable-timeouts' (1)"));
            reader0.close();
            reader1.close();
        }
    }

    /** Records what throws on its coordinator thread. */
    private static final class FailureRecordingContext
            extends MockSplitEnumeratorContext<PravegaSplit> {
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();

        FailureRecordingContext(int parallelism) {
            super(parallelism);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            super.runInCoordinatorThread(
                    () -> {
                        try {
                            runnable.run();
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    });
        }

        /** What threw on the coordinator thread, once everything queued there so far ran. */
        List<Throwable> failures() throws InterruptedException {
            CountDownLatch ran = new CountDownLatch(1);
            super.runInCoordinatorThread(ran::countDown);
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            return failures;
        }
    }

    /**
     * A reader that registers after a checkpoint started is not waited for by it, so a checkpoint
     * is declined until every subtask's reader registered, not only those that got a split.
     */
    @Test
    void aCheckpointIsDeclinedUntilEverySubtasksReaderRegistered() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSource<String> source =
                sourceOf(scope, "joining")
                        .withCheckpointTimeout(Duration.ofSeconds(30))
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            EventStreamReader<String> reader0 = reader(clients, "reader-0", "joining");
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            // subtask 1 has not registered yet

            long start = System.nanoTime();
            assertThatThrownBy(() -> enumerator.snapshotState(1))
                    .hasMessage(
                            "Checkpoint 1 declined: Pravega reader reader-1 of reader group"
                                    + " 'joining' is not online yet.");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("declined at once, not after waiting for reader-0's marker")
                    .isLessThan(Duration.ofSeconds(10));
            reader0.close();
        }
    }

    /**
     * Item 5 of issue 14: the enumerator's snapshot blocks Flink's coordinator thread, so every
     * call queued behind it (here: a stand-in for a failure notification) waits as long as the
     * snapshot. In an unbounded read a reader leaves the group only when its task stopped, and then
     * the checkpoint stops waiting at once instead of after 'scan.checkpoint.timeout'.
     */
    @Test
    void anUnboundedCheckpointStopsWaitingOnceOneOfItsReadersWentOffline() throws Exception {
        Duration queued = queuedBehindACheckpointWhoseReaderLeaves("leaving", false);

        assertThat(queued)
                .as("a call queued behind the checkpoint (timeout 60 s)")
                .isLessThan(Duration.ofSeconds(5));
    }

    /**
     * A bounded read's reader also leaves when it finished, and the checkpoint can complete without
     * it, so there the checkpoint waits on (until it completes or times out).
     */
    @Test
    void aBoundedCheckpointWaitsOnWhenOneOfItsReadersLeft() throws Exception {
        Duration queued = queuedBehindACheckpointWhoseReaderLeaves("leaving-bounded", true);

        assertThat(queued)
                .as("a call queued behind the checkpoint (timeout 5 s)")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    /**
     * Two readers online, neither reads; checkpoint 1 starts on a single "coordinator" thread,
     * reader-0 closes, and a second call is queued on that thread. Returns how long that call
     * waited.
     */
    private static Duration queuedBehindACheckpointWhoseReaderLeaves(String group, boolean bounded)
            throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", List.of("a", "b"));
        PravegaSourceBuilder<String> builder =
                sourceOf(scope, group)
                        .withCheckpointTimeout(Duration.ofSeconds(bounded ? 5 : 60))
                        .withTolerableCheckpointTimeouts(100)
                        .withDeserializationSchema(new SimpleStringSchema());
        if (bounded) {
            builder.withBoundedMode(BoundedMode.LATEST);
        }
        PravegaSource<String> source = builder.build();
        ExecutorService coordinator = Executors.newSingleThreadExecutor();
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            EventStreamReader<String> reader0 = reader(clients, "reader-0", group);
            EventStreamReader<String> reader1 = reader(clients, "reader-1", group);
            for (int subtask = 0; subtask < 2; subtask++) {
                context.registerReader(new ReaderInfo(subtask, "localhost"));
                enumerator.addReader(subtask);
            }
            Future<?> checkpoint = coordinator.submit(() -> enumerator.snapshotState(1));
            Thread.sleep(500); // pacing: let checkpoint 1 start and wait
            assertThat(checkpoint).isNotDone();

            reader0.close(); // its task stopped
            long queuedAt = System.nanoTime();
            Future<Long> next = coordinator.submit(System::nanoTime);
            long ranAt = next.get(2, TimeUnit.MINUTES);

            assertThatThrownBy(checkpoint::get)
                    .hasStackTraceContaining(
                            bounded ? "did not complete within" : "went offline while");
            reader1.close();
            Duration waited = Duration.ofNanos(ranAt - queuedAt);
            LOG.info("A call queued behind checkpoint 1 ({}) waited {}", group, waited);
            return waited;
        } finally {
            coordinator.shutdownNow();
        }
    }

    private static EventStreamReader<String> reader(
            EventStreamClientFactory clients, String readerId, String group) {
        return clients.createReader(
                readerId, group, new UTF8StringSerializer(), ReaderConfig.builder().build());
    }

    /**
     * Flink may close a job's class loader before the enumerator, so a bounded source deletes its
     * reader group as soon as every reader finished, not only in close().
     */
    @Test
    void theReaderGroupIsDeletedOnceEveryReaderFinished() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSource<String> source =
                sourceOf(scope, "ending")
                        .withBoundedMode(BoundedMode.LATEST)
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            for (int subtask = 0; subtask < 2; subtask++) {
                context.registerReader(new ReaderInfo(subtask, "localhost"));
                enumerator.addReader(subtask);
            }
            enumerator.handleSourceEvent(0, new ReaderFinishedEvent());
            assertThat(groups.getReaderGroup("ending")).isNotNull();

            enumerator.handleSourceEvent(1, new ReaderFinishedEvent());

            assertThatThrownBy(() -> groups.getReaderGroup("ending"))
                    .isInstanceOf(ReaderGroupNotFoundException.class);
            // a checkpoint after the end keeps the last state instead of failing
            assertThat(enumerator.snapshotState(1)).isNotNull();
        }
    }

    /**
     * Finished subtasks are part of the enumerator state: Flink restores them as finished and they
     * never register, so a restored enumerator must not decline its checkpoints waiting for them
     * (it did, checkpoint after checkpoint, before the state kept them).
     */
    @Test
    void aRestoredEnumeratorDoesNotWaitForSubtasksThatFinishedBeforeItsCheckpoint()
            throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", List.of("a", "b"));
        PravegaSource<String> source =
                sourceOf(scope, "partly")
                        .withBoundedMode(BoundedMode.LATEST)
                        .withCheckpointTimeout(Duration.ofSeconds(30))
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        PravegaEnumeratorState state;
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context)) {
            enumerator.start();
            for (int subtask = 0; subtask < 2; subtask++) {
                context.registerReader(new ReaderInfo(subtask, "localhost"));
                enumerator.addReader(subtask);
            }
            enumerator.handleSourceEvent(1, new ReaderFinishedEvent());
            try (ReadingReader reader0 = new ReadingReader(scope, "reader-0", "partly")) {
                state = enumerator.snapshotState(1);
            }
        }
        PravegaEnumeratorStateSerializer serializer = PravegaEnumeratorStateSerializer.INSTANCE;
        PravegaEnumeratorState restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertThat(restored.finishedSubtasks()).containsExactly(1);

        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.restoreEnumerator(context, restored)) {
            enumerator.start();
            // subtask 1 is restored as finished by Flink: it never registers
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            try (ReadingReader reader0 = new ReadingReader(scope, "reader-0", "partly")) {
                assertThat(enumerator.snapshotState(2).finishedSubtasks()).containsExactly(1);
            }
        }
    }

    /** A Pravega reader that keeps reading on a thread of its own, so it passes every marker. */
    private static final class ReadingReader implements AutoCloseable {
        private final EventStreamClientFactory clients;
        private final EventStreamReader<String> reader;
        private final Thread thread;
        private volatile boolean stop;

        ReadingReader(String scope, String readerId, String group) {
            clients = EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
            reader = reader(clients, readerId, group);
            thread =
                    new Thread(
                            () -> {
                                while (!stop) {
                                    reader.readNextEvent(100);
                                }
                            },
                            "reading-" + readerId);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
            reader.close();
            clients.close();
        }
    }

    /** A source of stream 's' in the given scope with a named reader group; tests add the rest. */
    private static PravegaSourceBuilder<String> sourceOf(String scope, String readerGroup) {
        return PravegaSource.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri(PRAVEGA.controllerUri())
                                .defaultScope(scope)
                                .build())
                .forStream("s")
                .withReaderGroupName(readerGroup);
    }
}
