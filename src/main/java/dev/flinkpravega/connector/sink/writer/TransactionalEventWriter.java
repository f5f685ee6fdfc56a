package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.sink.PravegaEventRouter;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.TxnFailedException;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@code exactly-once}: the events between two checkpoints go into one Pravega
 * transaction. At a checkpoint {@link #prepareCommit()} flushes it and hands its id to the
 * committer, which commits it once the checkpoint is complete.
 *
 * <p>The next transaction is begun in {@link #snapshotState(long)} and its id is the writer state,
 * so that a restore from that checkpoint can abort it: its rows are written again after the
 * restore, and without its id nobody could abort it before its lease runs out.
 */
public final class TransactionalEventWriter<T> implements PravegaSinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalEventWriter.class);

    /**
     * An empty transaction kept across checkpoints is replaced after this long, well before the
     * controller's bound on a transaction's lifetime (a day by default) ends it.
     */
    private static final long EMPTY_TRANSACTION_RENEWAL_NANOS = Duration.ofHours(1).toNanos();

    private final PravegaSinkConfig sink;
    private final SerializationSchema<T> serializer;
    private final PravegaEventRouter<T> router;
    private final SinkConnection<TransactionalEventStreamWriter<ByteBuffer>> connection;
    private final TransactionalEventStreamWriter<ByteBuffer> writer;

    /** With {@code sink.watermark-propagation}, else null. */
    private final WriterTime time;

    /** The open transaction that takes the next rows, or null before the first one is begun. */
    private Transaction<ByteBuffer> current;

    /**
     * Routing key of events without one: the transaction id, as Pravega's own {@code
     * writeEvent(event)} uses, but turned into a string once per transaction, not per event.
     */
    private String currentKey;

    /** Whether {@link #current} holds any event; an empty one is kept for the next checkpoint. */
    private boolean currentHasEvents;

    /** The checkpoint after which {@link #current} takes rows (0: since the job started). */
    private long currentAfterCheckpoint;

    /** {@link System#nanoTime()} when {@link #current} was begun. */
    private long currentBegunNanos;

    private boolean endOfInput;

    /** Flink's standard sink metrics (FLIP-33). */
    private final Counter numRecordsSend;

    private final Counter numBytesSend;

    private final Counter transactionsBegun;
    private final Counter transactionsAborted;

    /**
     * @param metrics where the writer counts the events and bytes it sends
     * @param restored writer states of the restored checkpoint: transactions to abort
     * @param restoredCheckpointId the checkpoint restored from, 0 for a fresh start
     */
    public TransactionalEventWriter(
            PravegaSinkConfig sink,
            SerializationSchema<T> serializer,
            PravegaEventRouter<T> router,
            SinkWriterMetricGroup metrics,
            Collection<PravegaWriterState> restored,
            long restoredCheckpointId) {
        this.sink = sink;
        this.time = sink.watermarkPropagation() ? new WriterTime() : null;
        this.numRecordsSend = metrics.getNumRecordsSendCounter();
        this.numBytesSend = metrics.getNumBytesSendCounter();
        this.transactionsBegun =
                SinkMetrics.counter(metrics, SinkMetrics.TRANSACTIONS_BEGUN, sink.pravegaMetrics());
        this.transactionsAborted =
                SinkMetrics.counter(
                        metrics, SinkMetrics.TRANSACTIONS_ABORTED, sink.pravegaMetrics());
        this.serializer = serializer;
        this.router = router;
        this.connection =
                SinkConnection.open(
                        sink,
                        "a transactional writer",
                        factory ->
                                factory.createTransactionalEventWriter(
                                        sink.stream().stream(),
                                        new ByteBufferSerializer(),
                                        EventWriterConfig.builder()
                                                .transactionTimeoutTime(
                                                        sink.transactionTimeout().toMillis())
                                                .build()));
        this.writer = connection.writer();
        this.currentAfterCheckpoint = restoredCheckpointId;
        abortLeftovers(restored);
    }

    /** Transactions open at the restored checkpoint hold rows that are written again now. */
    private void abortLeftovers(Collection<PravegaWriterState> restored) {
        for (PravegaWriterState state : restored) {
            for (UUID id : state.openTransactions()) {
                try {
                    Transaction<ByteBuffer> txn = writer.getTxn(id);
                    if (txn.checkStatus() == Transaction.Status.OPEN) {
                        txn.abort();
                        transactionsAborted.inc();
                        LOG.info("Aborted transaction {} left open by a failed attempt", id);
                    }
                } catch (RuntimeException e) {
                    // Nobody renews it now: it expires after 'sink.transaction-timeout'.
                    LOG.warn(
                            "Could not abort transaction {} of stream '{}' left open by a failed"
                                    + " attempt; it expires after 'sink.transaction-timeout'",
                            id,
                            sink.stream(),
                            e);
                }
            }
        }
    }

    @Override
    public void write(T element, Context context) throws IOException {
        byte[] bytes = serializer.serialize(element);
        if (bytes == null) {
            return;
        }
        if (current == null) {
            begin();
        }
        String routingKey = router == null ? null : router.getRoutingKey(element);
        try {
            current.writeEvent(
                    routingKey == null ? currentKey : routingKey, ByteBuffer.wrap(bytes));
            currentHasEvents = true;
            numRecordsSend.inc();
            numBytesSend.inc(bytes.length);
        } catch (TxnFailedException e) {
            throw new IOException(
                    "Pravega transaction "
                            + current.getTxnId()
                            + " of stream '"
                            + sink.stream()
                            + "' is no longer open: aborted from outside, or older than the"
                            + " controller's bound on a transaction's life (one day by default)",
                    e);
        }
    }

    /** With {@code sink.watermark-propagation}: the commit of each transaction notes it. */
    @Override
    public void writeWatermark(Watermark watermark) {
        if (time != null) {
            time.advance(watermark.getTimestamp());
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // The transaction is flushed in prepareCommit, which follows.
        this.endOfInput |= endOfInput;
    }

    @Override
    public Collection<PravegaCommittable> prepareCommit() throws IOException {
        if (current == null || !currentHasEvents) {
            return Collections.emptyList();
        }
        Transaction<ByteBuffer> txn = current;
        current = null;
        currentHasEvents = false;
        try {
            txn.flush();
        } catch (TxnFailedException e) {
            throw new IOException("Flushing Pravega transaction " + txn.getTxnId() + " failed", e);
        }
        return Collections.singletonList(
                new PravegaCommittable(
                        sink.stream(),
                        txn.getTxnId(),
                        currentAfterCheckpoint,
                        time == null ? PravegaCommittable.NO_TIME : time.latest()));
    }

    @Override
    public List<PravegaWriterState> snapshotState(long checkpointId) {
        if (!currentHasEvents) {
            currentAfterCheckpoint = checkpointId;
        }
        if (current != null
                && !currentHasEvents
                && System.nanoTime() - currentBegunNanos > EMPTY_TRANSACTION_RENEWAL_NANOS) {
            abortQuietly(current);
            current = null;
        }
        if (current == null && !endOfInput) {
            begin();
        }
        return current == null
                ? Collections.emptyList()
                : Collections.singletonList(
                        new PravegaWriterState(Collections.singletonList(current.getTxnId())));
    }

    private void begin() {
        current = writer.beginTxn();
        transactionsBegun.inc();
        currentKey = current.getTxnId().toString();
        currentBegunNanos = System.nanoTime();
    }

    /**
     * Aborts on close, bounded by 'controller.timeout': with the controller unreachable the client
     * retries for minutes, which would hold up the task's cancellation (Flink then fails the
     * TaskManager). Left open, the transaction expires by itself.
     */
    private void abortWithinControllerTimeout(Transaction<ByteBuffer> txn) {
        try (PravegaAdmin bounded = new PravegaAdmin(sink.connection())) {
            bounded.call(
                    "aborting transaction " + txn.getTxnId() + " of stream '" + sink.stream() + "'",
                    () -> {
                        txn.abort();
                        return null;
                    });
            transactionsAborted.inc();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not abort transaction {} on close; it expires after"
                            + " 'sink.transaction-timeout': {}",
                    txn.getTxnId(),
                    e.toString());
        }
    }

    private void abortQuietly(Transaction<ByteBuffer> txn) {
        try {
            txn.abort();
            transactionsAborted.inc();
        } catch (RuntimeException e) {
            // Not renewed any more, it expires after 'sink.transaction-timeout'.
            LOG.warn(
                    "Could not abort empty transaction {} of stream '{}'; it expires after"
                            + " 'sink.transaction-timeout'",
                    txn.getTxnId(),
                    sink.stream(),
                    e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (current != null) {
                // Its rows are written again after a restore.
                abortWithinControllerTimeout(current);
            }
        } finally {
            connection.close();
        }
    }
}
