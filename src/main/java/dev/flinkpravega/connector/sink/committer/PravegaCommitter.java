package dev.flinkpravega.connector.sink.committer;

import dev.flinkpravega.connector.config.PravegaConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the transactions of a completed checkpoint. It looks before it acts, so that a commit
 * repeated after a restore is harmless: OPEN is committed, COMMITTING or COMMITTED is done, and
 * ABORTING or ABORTED fails the job loudly, because the rows of that transaction are lost.
 */
public final class PravegaCommitter implements Committer<PravegaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaCommitter.class);

    private final PravegaConfig config;
    private final Duration transactionTimeout;
    private final Map<String, EventStreamClientFactory> factories = new HashMap<>();
    private final Map<String, TransactionalEventStreamWriter<ByteBuffer>> writers = new HashMap<>();

    public PravegaCommitter(PravegaConfig config, Duration transactionTimeout) {
        this.config = config;
        this.transactionTimeout = transactionTimeout;
    }

    @Override
    public void commit(Collection<CommitRequest<PravegaCommittable>> requests) {
        for (CommitRequest<PravegaCommittable> request : requests) {
            PravegaCommittable committable = request.getCommittable();
            Transaction<ByteBuffer> txn;
            Transaction.Status status;
            try {
                txn = writerFor(committable).getTxn(committable.transactionId());
                status = txn.checkStatus();
            } catch (RuntimeException e) {
                LOG.warn("Could not look up {}; retrying", committable, e);
                request.retryLater();
                continue;
            }
            switch (status) {
                case OPEN:
                    try {
                        txn.commit();
                    } catch (Exception e) {
                        // It may have expired or been committed meanwhile: look again.
                        LOG.warn("Commit of {} failed; checking again", committable, e);
                        request.retryLater();
                    }
                    break;
                case COMMITTING:
                case COMMITTED:
                    request.signalAlreadyCommitted();
                    break;
                case ABORTING:
                case ABORTED:
                default:
                    throw new FlinkRuntimeException(
                            "Rows were lost: Pravega "
                                    + committable
                                    + ", holding "
                                    + committable.rowsDescription()
                                    + ", was "
                                    + status
                                    + " before it could be committed (it timed out after "
                                    + transactionTimeout
                                    + "). 'sink.transaction-timeout' must exceed the checkpoint"
                                    + " interval plus the time a restore takes.");
            }
        }
    }

    private TransactionalEventStreamWriter<ByteBuffer> writerFor(PravegaCommittable committable) {
        String key = committable.stream().qualifiedName();
        return writers.computeIfAbsent(
                key,
                k -> {
                    EventStreamClientFactory factory =
                            factories.computeIfAbsent(
                                    committable.stream().scope(),
                                    scope ->
                                            EventStreamClientFactory.withScope(
                                                    scope, config.clientConfig()));
                    return factory.createTransactionalEventWriter(
                            committable.stream().stream(),
                            new ByteBufferSerializer(),
                            EventWriterConfig.builder()
                                    .transactionTimeoutTime(transactionTimeout.toMillis())
                                    .build());
                });
    }

    @Override
    public void close() {
        writers.values().forEach(TransactionalEventStreamWriter::close);
        factories.values().forEach(EventStreamClientFactory::close);
    }
}
