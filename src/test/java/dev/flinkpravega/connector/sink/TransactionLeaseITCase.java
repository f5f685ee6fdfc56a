package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.committer.PravegaCommitter;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What bounds a Pravega transaction's life, measured on the in-process controller with the shortest
 * lease Pravega grants (10 s): not how long it stays open, but how long nobody renews its lease. A
 * running writer renews it (the client's {@code Pinger}), so a checkpoint interval far longer than
 * 'sink.transaction-timeout' loses nothing; a transaction whose writer died is aborted one lease
 * later, and a restore slower than that finds its rows lost.
 */
class TransactionLeaseITCase {

    private static final Duration LEASE = PravegaSinkConfig.MIN_TRANSACTION_TIMEOUT;

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @Test
    void aLiveWriterKeepsItsFlushedTransactionOpenFarBeyondItsLease() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                TransactionalEventStreamWriter<String> writer = writer(factory)) {
            Transaction<String> txn = writer.beginTxn();
            txn.writeEvent("k", "e");
            txn.flush();
            // Time passing is the point here: two and a half leases, as a long checkpoint interval.
            Thread.sleep(LEASE.multipliedBy(5).dividedBy(2).toMillis());

            assertThat(status(scope, txn.getTxnId())).isEqualTo(Transaction.Status.OPEN);
            txn.commit();
        }
        awaitReadable(scope, "e");
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                .containsExactly("e");
    }

    @Test
    void aTransactionWhoseWriterIsGoneIsAbortedOnceItsLeaseRunsOut() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        UUID id;
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                TransactionalEventStreamWriter<String> writer = writer(factory)) {
            Transaction<String> txn = writer.beginTxn();
            txn.writeEvent("k", "e");
            txn.flush();
            id = txn.getTxnId();
        }
        // closed without commit or abort: nobody renews the lease any more
        long closed = System.nanoTime();
        Await.until(
                LEASE.multipliedBy(4),
                "the orphaned transaction to be aborted",
                () -> status(scope, id) != Transaction.Status.OPEN);
        Duration open = Duration.ofNanos(System.nanoTime() - closed);

        assertThat(status(scope, id)).isIn(Transaction.Status.ABORTING, Transaction.Status.ABORTED);
        assertThat(open).isGreaterThanOrEqualTo(LEASE.minusSeconds(4));
    }

    /**
     * Checkpoints every 15 s against a 10 s lease (refused by earlier versions of this sink): every
     * transaction stays open longer than its lease, and one failure after the first checkpoint
     * restarts the job at once (well within the lease). Every row arrives exactly once.
     */
    @Test
    void aCheckpointIntervalLongerThanTheLeaseCommitsEveryRowOnce() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        int rows = 600;
        StreamExecutionEnvironment env = environment(Duration.ofMillis(200));
        env.enableCheckpointing(15_000);
        env.fromSequence(0, rows - 1)
                .map(new Paced(50, rows * 2 / 3))
                .sinkTo(sink(scope, OnLostTransaction.FAIL));

        env.execute("checkpoints slower than the lease");

        awaitReadable(scope, String.valueOf(rows - 1));
        List<String> read = PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s");
        assertThat(read).hasSize(rows).doesNotHaveDuplicates();
        assertThat(new HashSet<>(read)).isEqualTo(sequence(0, rows));
    }

    /**
     * The writer dies after checkpoint k completed and before its transaction was committed, and
     * the job restarts only after 15 s: the transaction's lease (10 s) ran out meanwhile. The
     * restored committer finds it aborted, counts and reports it, and the job goes on: every row
     * but those of that one transaction arrives, once.
     */
    @Test
    void aLeaseThatRunsOutBeforeTheRestoreCommitsIsReportedAndTheJobGoesOn() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        int rows = 3000;
        String test = UUID.randomUUID().toString();
        StreamExecutionEnvironment env = environment(Duration.ofSeconds(15));
        env.enableCheckpointing(300);
        env.setBufferTimeout(0);
        env.fromSequence(0, rows - 1)
                .map(new CompletionWatcher(test))
                .rebalance()
                .transform("fail before commit", Types.LONG, new FailBeforeCommit(test))
                .map(String::valueOf)
                .sinkTo(sink(scope, OnLostTransaction.CONTINUE));

        JobClient client = env.executeAsync("lease runs out");
        // completes normally only if the job FINISHED
        client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        JobID job = client.getJobID();
        awaitReadable(scope, String.valueOf(rows - 1));

        List<String> read = PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s");
        Set<String> missing = new HashSet<>(sequence(0, rows));
        missing.removeAll(read);
        assertThat(read).doesNotHaveDuplicates();
        assertThat(missing).as("the rows of the lost transaction").isNotEmpty();
        assertThat(isOneRange(missing)).as("one transaction's rows: " + missing).isTrue();
        assertThat(FailBeforeCommit.FAILED_AFTER.get(test)).isNotNull();
        assertThat(lostTransactions(job)).isEqualTo(1);
    }

    /** A Pravega commit completes asynchronously: its rows become readable shortly after. */
    private static void awaitReadable(String scope, String lastRow) {
        Await.until(
                Duration.ofSeconds(60),
                "row " + lastRow + " to be readable",
                () ->
                        PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s")
                                .contains(lastRow));
    }

    /** The committers' counts, summed over all attempts (the reporter keeps them all). */
    private long lostTransactions(JobID job) {
        long lost = 0;
        for (Tuple3<MetricGroup, String, Metric> metric :
                METRICS.findJobMetricGroups(job, PravegaCommitter.NUM_LOST_TRANSACTIONS)) {
            if (metric.f1.equals(PravegaCommitter.NUM_LOST_TRANSACTIONS)) {
                lost += ((Counter) metric.f2).getCount();
            }
        }
        return lost;
    }

    private static boolean isOneRange(Set<String> values) {
        List<Long> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(Long.parseLong(v)));
        sorted.sort(null);
        return sorted.get(sorted.size() - 1) - sorted.get(0) == sorted.size() - 1;
    }

    private static StreamExecutionEnvironment environment(Duration restartDelay) {
        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "2");
        restarts.setString("restart-strategy.fixed-delay.delay", restartDelay.toMillis() + " ms");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restarts);
        env.setParallelism(1);
        return env;
    }

    private static PravegaSink<String> sink(String scope, OnLostTransaction onLost) {
        return PravegaSink.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri(PRAVEGA.controllerUri())
                                .defaultScope(scope)
                                .build())
                .forStream("s")
                .withSerializationSchema(new SimpleStringSchema())
                .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .withTransactionTimeout(LEASE)
                .withOnLostTransaction(onLost)
                .build();
    }

    private static Set<String> sequence(int from, int to) {
        Set<String> values = new HashSet<>();
        for (int i = from; i < to; i++) {
            values.add(String.valueOf(i));
        }
        return values;
    }

    private static TransactionalEventStreamWriter<String> writer(EventStreamClientFactory factory) {
        return factory.createTransactionalEventWriter(
                "s",
                new UTF8StringSerializer(),
                EventWriterConfig.builder().transactionTimeoutTime(LEASE.toMillis()).build());
    }

    /** Looks without renewing: {@code getTxn} of an open transaction would renew its lease. */
    private static Transaction.Status status(String scope, UUID id) {
        try (PravegaAdmin admin =
                new PravegaAdmin(
                        PravegaConfig.builder().controllerUri(PRAVEGA.controllerUri()).build())) {
            return admin.transactionStatus(StreamRef.of(scope, "s"), id);
        }
    }

    /**
     * Emits a row every {@code pauseMillis}; the first attempt fails once at row {@code failAt}
     * (row 400, 20 s in: after the first checkpoint, which completes at 15 s).
     */
    private static final class Paced extends RichMapFunction<Long, String> {
        private static final AtomicBoolean FAILED = new AtomicBoolean();
        private final long pauseMillis;
        private final long failAt;

        Paced(long pauseMillis, long failAt) {
            this.pauseMillis = pauseMillis;
            this.failAt = failAt;
            FAILED.set(false);
        }

        @Override
        public String map(Long value) throws Exception {
            Thread.sleep(pauseMillis);
            if (value == failAt && !FAILED.getAndSet(true)) {
                throw new IllegalStateException("injected failure at row " + value);
            }
            return String.valueOf(value);
        }
    }

    /** Tells the other task when a checkpoint completed; paces the rows (2 ms each). */
    private static final class CompletionWatcher extends RichMapFunction<Long, Long>
            implements CheckpointListener {
        static final Map<String, Map<Long, CompletableFuture<Void>>> COMPLETED =
                new ConcurrentHashMap<>();
        private final String test;

        CompletionWatcher(String test) {
            this.test = test;
        }

        static CompletableFuture<Void> completion(String test, long checkpointId) {
            return COMPLETED
                    .computeIfAbsent(test, t -> new ConcurrentHashMap<>())
                    .computeIfAbsent(checkpointId, c -> new CompletableFuture<>());
        }

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(2);
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completion(test, checkpointId).complete(null);
        }
    }

    /**
     * Chained in front of the sink. At its first attempt's checkpoint 3 it queues a mail on its
     * task's mailbox behind the checkpoint (mails run in the order queued, whatever their
     * priority): the mail waits until checkpoint 3 completed (as the other task saw) and fails the
     * task. The notification that would commit checkpoint 3's transaction queues behind that mail
     * and never runs: the writer is gone with its transaction flushed, uncommitted, and no longer
     * renewed.
     */
    private static final class FailBeforeCommit extends AbstractStreamOperator<Long>
            implements OneInputStreamOperator<Long, Long> {
        static final Map<String, Long> FAILED_AFTER = new ConcurrentHashMap<>();
        private static final long CHECKPOINT = 3;
        private final String test;

        FailBeforeCommit(String test) {
            this.test = test;
        }

        @Override
        public void processElement(StreamRecord<Long> element) {
            output.collect(element);
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            long id = context.getCheckpointId();
            if (id != CHECKPOINT || FAILED_AFTER.containsKey(test)) {
                return;
            }
            FAILED_AFTER.put(test, id);
            getContainingTask()
                    .getMailboxExecutorFactory()
                    .createExecutor(TaskMailbox.MAX_PRIORITY)
                    .execute(
                            () -> {
                                CompletionWatcher.completion(test, id).get(30, TimeUnit.SECONDS);
                                throw new IllegalStateException(
                                        "injected failure after checkpoint "
                                                + id
                                                + " completed, before its commit");
                            },
                            "fail before the commit of checkpoint %d",
                            id);
        }
    }
}
