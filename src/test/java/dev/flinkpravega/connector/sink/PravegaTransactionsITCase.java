package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import dev.flinkpravega.connector.sink.committer.PravegaCommitter;
import dev.flinkpravega.connector.sink.writer.PravegaSinkWriter;
import dev.flinkpravega.connector.sink.writer.PravegaWriterState;
import dev.flinkpravega.connector.sink.writer.TransactionalEventWriter;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once's transactions on a real Pravega: the committer (commit, repeat, an expired one),
 * the writer's restore (aborts what the failed attempt left open), and a job whose transaction
 * expires before its commit.
 */
class PravegaTransactionsITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void commitsAnOpenTransactionAndTakesARepeatAsDone() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        UUID txn = flushedTransaction(scope, "s");
        PravegaCommittable committable = new PravegaCommittable(StreamRef.of(scope, "s"), txn, 3);

        try (PravegaCommitter committer = committer(scope, OnLostTransaction.CONTINUE, lost())) {
            RecordingRequest first = new RecordingRequest(committable);
            committer.commit(List.of(first));
            Await.until(
                    Duration.ofSeconds(30),
                    "the transaction to be committed",
                    () -> status(scope, "s", txn) == Transaction.Status.COMMITTED);
            RecordingRequest again = new RecordingRequest(committable);
            committer.commit(List.of(again));

            assertThat(first.signals).isEmpty();
            assertThat(again.signals).containsExactly("alreadyCommitted");
        }
    }

    @Test
    void anAbortedTransactionIsCountedAndDroppedWithContinue() throws Exception {
        PravegaCommittable committable = abortedCommittable();
        SimpleCounter lost = lost();

        try (PravegaCommitter committer =
                committer(committable.stream().scope(), OnLostTransaction.CONTINUE, lost)) {
            RecordingRequest request = new RecordingRequest(committable);
            committer.commit(List.of(request));

            // Dropped for good: Flink neither retries it nor keeps it in the committer's state.
            assertThat(request.signals).containsExactly("failedKnown");
            assertThat(request.failure)
                    .hasMessageContaining("Rows were lost")
                    .hasMessageContaining(committable.transactionId().toString())
                    .hasMessageContaining(committable.stream().toString())
                    .hasMessageContaining("ABORTED")
                    .hasMessageContaining("the rows written after checkpoint 41")
                    .hasMessageContaining("'sink.transaction-timeout' = 10000 ms");
            assertThat(lost.getCount()).isEqualTo(1);
        }
    }

    @Test
    void anAbortedTransactionFailsTheJobWithoutRestartsWithFail() throws Exception {
        PravegaCommittable committable = abortedCommittable();
        SimpleCounter lost = lost();

        try (PravegaCommitter committer =
                committer(committable.stream().scope(), OnLostTransaction.FAIL, lost)) {
            assertThatThrownBy(() -> committer.commit(List.of(new RecordingRequest(committable))))
                    .isInstanceOf(SuppressRestartsException.class)
                    .cause()
                    .hasMessageContaining("Rows were lost")
                    .hasMessageContaining(committable.transactionId().toString())
                    .hasMessageContaining("'sink.on-lost-transaction' = 'fail'")
                    .hasMessageContaining("set it to 'continue'");
            assertThat(lost.getCount()).isEqualTo(1);
        }
    }

    /** A flushed transaction aborted before its commit, as an expired lease leaves it. */
    private static PravegaCommittable abortedCommittable() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        UUID txn = flushedTransaction(scope, "s");
        abort(scope, "s", txn);
        Await.until(
                Duration.ofSeconds(60),
                "the transaction to abort",
                () -> status(scope, "s", txn) == Transaction.Status.ABORTED);
        return new PravegaCommittable(StreamRef.of(scope, "s"), txn, 41);
    }

    @Test
    void aRestoredWriterAbortsTheTransactionItsCheckpointLeftOpen() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSink<String> sink = exactlyOnceSink(scope, "s");
        UUID leftOpen;
        try (TransactionalEventWriter<String> failed = writerOf(sink, List.of(), 0)) {
            failed.write("a", null);
            assertThat(failed.prepareCommit()).hasSize(1);
            // checkpoint 1 begins the next transaction and names it in the writer state
            List<PravegaWriterState> state = failed.snapshotState(1);
            assertThat(state).hasSize(1);
            leftOpen = state.get(0).openTransactions().get(0);
            failed.write("b", null);
            // the attempt dies here without closing its writer: the transaction stays open
            assertThat(status(scope, "s", leftOpen)).isEqualTo(Transaction.Status.OPEN);

            try (TransactionalEventWriter<String> restored = writerOf(sink, state, 1)) {
                Await.until(
                        Duration.ofSeconds(30),
                        "the transaction left open to be aborted",
                        () -> status(scope, "s", leftOpen) == Transaction.Status.ABORTED);
                restored.write("b", null);
                assertThat(restored.prepareCommit())
                        .singleElement()
                        .satisfies(c -> assertThat(c.afterCheckpoint()).isEqualTo(1));
            }
        }
    }

    @Test
    void anIdleWriterCommitsNothingAndKeepsOneOpenTransaction() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        try (TransactionalEventWriter<String> writer =
                writerOf(exactlyOnceSink(scope, "s"), List.of(), 0)) {
            assertThat(writer.prepareCommit()).isEmpty();
            UUID first = writer.snapshotState(1).get(0).openTransactions().get(0);
            assertThat(writer.prepareCommit()).isEmpty();
            UUID second = writer.snapshotState(2).get(0).openTransactions().get(0);
            assertThat(second).isEqualTo(first);
            writer.write("x", null);
            assertThat(writer.prepareCommit())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.transactionId()).isEqualTo(first);
                                assertThat(c.afterCheckpoint()).isEqualTo(2);
                            });
        }
    }

    /**
     * A whole job, restarts on, whose every transaction is gone when its checkpoint completes
     * (aborted just before the commit, as an expired lease leaves it): with 'continue' it runs to
     * its end without a restart (no crash loop), its rows lost and reported.
     */
    @Test
    void aJobWhoseTransactionsExpireBeforeTheirCommitGoesOnWithContinue() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        ExpiringTransactionsSink.WRITERS.set(0);

        expiringTransactionsJob(scope, OnLostTransaction.CONTINUE).execute("continue");

        assertThat(ExpiringTransactionsSink.WRITERS.get()).as("writers (1: no restart)").isOne();
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s")).isEmpty();
    }

    /** The same with 'fail': the job fails at the first lost transaction, and is not restarted. */
    @Test
    void aJobWhoseTransactionsExpireBeforeTheirCommitFailsForGoodWithFail() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        ExpiringTransactionsSink.WRITERS.set(0);
        StreamExecutionEnvironment env = expiringTransactionsJob(scope, OnLostTransaction.FAIL);

        assertThatThrownBy(() -> env.execute("fail"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("SuppressRestartsException")
                                        .contains("Rows were lost")
                                        .contains("ABORT"));
        assertThat(ExpiringTransactionsSink.WRITERS.get()).as("writers (1: no restart)").isOne();
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s")).isEmpty();
    }

    /** Parallelism 1, restarts on: three attempts, no delay. */
    private static StreamExecutionEnvironment expiringTransactionsJob(
            String scope, OnLostTransaction onLost) {
        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "3");
        restarts.setString("restart-strategy.fixed-delay.delay", "0 s");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restarts);
        env.enableCheckpointing(200);
        env.setParallelism(1);
        env.fromSequence(0, 999)
                .map(String::valueOf)
                .sinkTo(
                        new ExpiringTransactionsSink(
                                PravegaSink.<String>builder()
                                        .withPravegaConfig(config(scope))
                                        .forStream("s")
                                        .withSerializationSchema(new SimpleStringSchema())
                                        .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                        .withTransactionTimeout(TIMEOUT)
                                        .withOnLostTransaction(onLost)
                                        .build()));
        return env;
    }

    private static PravegaCommitter committer(
            String scope, OnLostTransaction onLost, SimpleCounter lost) {
        return new PravegaCommitter(config(scope), TIMEOUT, onLost, lost);
    }

    private static SimpleCounter lost() {
        return new SimpleCounter();
    }

    private static TransactionalEventWriter<String> writerOf(
            PravegaSink<String> sink, List<PravegaWriterState> restored, long checkpointId) {
        return new TransactionalEventWriter<>(
                sink.config(),
                sink.serializationSchema(),
                sink.eventRouter(),
                metrics(),
                restored,
                checkpointId);
    }

    private static SinkWriterMetricGroup metrics() {
        return UnregisteredMetricsGroup.createSinkWriterMetricGroup();
    }

    private static PravegaSink<String> exactlyOnceSink(String scope, String stream) {
        return PravegaSink.<String>builder()
                .withPravegaConfig(config(scope))
                .forStream(stream)
                .withSerializationSchema(new SimpleStringSchema())
                .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .withTransactionTimeout(TIMEOUT)
                .build();
    }

    private static PravegaConfig config(String scope) {
        return PravegaConfig.builder()
                .controllerUri(PRAVEGA.controllerUri())
                .defaultScope(scope)
                .build();
    }

    private static void abort(String scope, String stream, UUID txn) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                TransactionalEventStreamWriter<String> writer =
                        factory.createTransactionalEventWriter(
                                stream,
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            writer.getTxn(txn).abort();
        }
    }

    /**
     * Writes one event into a new transaction and flushes it, as the sink's writer does at a
     * checkpoint. The writer stays open (it keeps the transaction alive, as a running job does).
     */
    private static UUID flushedTransaction(String scope, String stream) throws Exception {
        EventStreamClientFactory factory =
                EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
        TransactionalEventStreamWriter<String> writer =
                factory.createTransactionalEventWriter(
                        stream,
                        new UTF8StringSerializer(),
                        EventWriterConfig.builder()
                                .transactionTimeoutTime(TIMEOUT.toMillis())
                                .build());
        Transaction<String> txn = writer.beginTxn();
        txn.writeEvent("key", "event");
        txn.flush();
        return txn.getTxnId();
    }

    private static Transaction.Status status(String scope, String stream, UUID txn) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                TransactionalEventStreamWriter<String> writer =
                        factory.createTransactionalEventWriter(
                                stream,
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            return writer.getTxn(txn).checkStatus();
        }
    }

    /**
     * The exactly-once sink, except that each transaction is aborted just before the committer sees
     * it: what the controller does to a transaction whose lease ran out.
     */
    private static final class ExpiringTransactionsSink extends PravegaSinkBase<String>
            implements SupportsCommitter<PravegaCommittable>,
                    SupportsWriterState<String, PravegaWriterState> {
        private static final long serialVersionUID = 1L;

        /** Writers created (one per attempt at parallelism 1). */
        static final java.util.concurrent.atomic.AtomicInteger WRITERS =
                new java.util.concurrent.atomic.AtomicInteger();

        private final PravegaSink<String> sink;

        ExpiringTransactionsSink(PravegaSink<String> sink) {
            this.sink = sink;
        }

        @Override
        public PravegaSinkWriter<String> createWriter(WriterInitContext context)
                throws IOException {
            WRITERS.incrementAndGet();
            return sink.createWriter(context);
        }

        @Override
        public StatefulSinkWriter<String, PravegaWriterState> restoreWriter(
                WriterInitContext context, Collection<PravegaWriterState> state)
                throws IOException {
            WRITERS.incrementAndGet();
            return sink.restoreWriter(context, state);
        }

        @Override
        public Committer<PravegaCommittable> createCommitter(CommitterInitContext context) {
            Committer<PravegaCommittable> committer = sink.createCommitter(context);
            return new Committer<PravegaCommittable>() {
                @Override
                public void commit(Collection<CommitRequest<PravegaCommittable>> requests)
                        throws IOException, InterruptedException {
                    for (CommitRequest<PravegaCommittable> request : requests) {
                        PravegaCommittable c = request.getCommittable();
                        abort(c.stream().scope(), c.stream().stream(), c.transactionId());
                    }
                    committer.commit(requests);
                }

                @Override
                public void close() throws Exception {
                    committer.close();
                }
            };
        }

        @Override
        public SimpleVersionedSerializer<PravegaCommittable> getCommittableSerializer() {
            return sink.getCommittableSerializer();
        }

        @Override
        public SimpleVersionedSerializer<PravegaWriterState> getWriterStateSerializer() {
            return sink.getWriterStateSerializer();
        }
    }

    /** Records what the committer signals for one committable. */
    private static final class RecordingRequest implements CommitRequest<PravegaCommittable> {
        final PravegaCommittable committable;
        final java.util.List<String> signals = new java.util.ArrayList<>();
        Throwable failure;

        RecordingRequest(PravegaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public PravegaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            signals.add("failedKnown");
            failure = t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            signals.add("failedUnknown");
        }

        @Override
        public void retryLater() {
            signals.add("retryLater");
        }

        @Override
        public void updateAndRetryLater(PravegaCommittable committable) {
            signals.add("updateAndRetryLater");
        }

        @Override
        public void signalAlreadyCommitted() {
            signals.add("alreadyCommitted");
        }
    }
}
