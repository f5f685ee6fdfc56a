package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.sink.PravegaEventRouter;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.TxnFailedException;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once: the events between two checkpoints go into one Pravega transaction. At a checkpoint
 * {@link #prepareCommit()} flushes it and hands its id to the committer, which commits it once the
 * checkpoint is complete; the next event opens the next transaction.
 */
public final class TransactionalPravegaWriter<T> implements PravegaSinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalPravegaWriter.class);

    private final PravegaSink<T> sink;
    private final SerializationSchema<T> serializer;
    private final PravegaEventRouter<T> router;
    private final SinkConnection<TransactionalEventStreamWriter<ByteBuffer>> connection;
    private final TransactionalEventStreamWriter<ByteBuffer> writer;
    private Transaction<ByteBuffer> current;

    /**
     * Routing key of events without one: the transaction id, as Pravega's own {@code
     * writeEvent(event)} uses, but turned into a string once per transaction, not per event.
     */
    private String currentKey;

    public TransactionalPravegaWriter(
            PravegaSink<T> sink, Collection<PravegaWriterState> restored) {
        this.sink = sink;
        this.serializer = sink.serializationSchema();
        this.router = sink.eventRouter();
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
        this.writer = connection.writer;
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
                        LOG.info("Aborted transaction {} left open by a failed attempt", id);
                    }
                } catch (RuntimeException e) {
                    // It expires by itself after 'sink.transaction-timeout'.
                    LOG.warn("Could not abort leftover transaction {}", id, e);
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
            current = writer.beginTxn();
            currentKey = current.getTxnId().toString();
        }
        String routingKey = router == null ? null : router.getRoutingKey(element);
        try {
            current.writeEvent(
                    routingKey == null ? currentKey : routingKey, ByteBuffer.wrap(bytes));
        } catch (TxnFailedException e) {
            throw new IOException(
                    "Pravega transaction "
                            + current.getTxnId()
                            + " of stream '"
                            + sink.stream()
                            + "' is no longer open (did it outlive 'sink.transaction-timeout'?)",
                    e);
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // The transaction is flushed in prepareCommit, which follows.
    }

    @Override
    public Collection<PravegaCommittable> prepareCommit() throws IOException {
        if (current == null) {
            return Collections.emptyList();
        }
        Transaction<ByteBuffer> txn = current;
        current = null;
        try {
            txn.flush();
        } catch (TxnFailedException e) {
            throw new IOException("Flushing Pravega transaction " + txn.getTxnId() + " failed", e);
        }
        return Collections.singletonList(new PravegaCommittable(sink.stream(), txn.getTxnId()));
    }

    @Override
    public List<PravegaWriterState> snapshotState(long checkpointId) {
        return current == null
                ? Collections.emptyList()
                : Collections.singletonList(
                        new PravegaWriterState(Collections.singletonList(current.getTxnId())));
    }

    @Override
    public void close() throws Exception {
        try {
            if (current != null) {
                // Its rows are written again after a restore.
                current.abort();
            }
        } catch (RuntimeException e) {
            LOG.debug("aborting the open transaction on close failed", e);
        } finally {
            connection.close();
        }
    }
}
