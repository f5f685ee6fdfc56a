package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import dev.flinkpravega.connector.sink.committer.PravegaCommitter;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The committer against real Pravega transactions: commit, repeat, and an expired one. */
class PravegaCommitterITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void commitsAnOpenTransactionAndTakesARepeatAsDone() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        UUID txn = flushedTransaction(scope, "s");
        PravegaCommittable committable = new PravegaCommittable(StreamRef.of(scope, "s"), txn);

        try (PravegaCommitter committer = new PravegaCommitter(config(scope), TIMEOUT)) {
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
    void anAbortedTransactionFailsLoudlyNamingTheOption() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        // What an expired lease leads to; aborted here directly, because the in-process
        // controller did not time out an orphaned transaction within 90 s in our runs.
        UUID txn = flushedTransaction(scope, "s");
        abort(scope, "s", txn);
        Await.until(
                Duration.ofSeconds(60),
                "the transaction to abort",
                () -> status(scope, "s", txn) == Transaction.Status.ABORTED);
        PravegaCommittable committable = new PravegaCommittable(StreamRef.of(scope, "s"), txn);

        try (PravegaCommitter committer = new PravegaCommitter(config(scope), TIMEOUT)) {
            assertThatThrownBy(() -> committer.commit(List.of(new RecordingRequest(committable))))
                    .hasMessageContaining("Rows were lost")
                    .hasMessageContaining(txn.toString())
                    .hasMessageContaining("ABORTED")
                    .hasMessageContaining("'sink.transaction-timeout'");
        }
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

    /** Records what the committer signals for one committable. */
    private static final class RecordingRequest implements CommitRequest<PravegaCommittable> {
        final PravegaCommittable committable;
        final java.util.List<String> signals = new java.util.ArrayList<>();

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
