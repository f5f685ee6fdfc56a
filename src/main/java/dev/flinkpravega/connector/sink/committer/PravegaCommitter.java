package dev.flinkpravega.connector.sink.committer;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.OnLostTransaction;
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
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the transactions of a completed checkpoint. It looks before it acts, so that a commit
 * repeated after a restore is harmless: OPEN is committed, COMMITTING or COMMITTED is done.
 *
 * <p>ABORTING or ABORTED means the rows of that transaction are lost: its lease ran out while no
 * writer renewed it (between a writer's failure and this restore's commit). That is reported
 * loudly, and then, with {@link OnLostTransaction#CONTINUE}, dropped: the committable is in the
 * committer's state, so throwing would meet it again after every restart (a crash loop). With
 * {@link OnLostTransaction#FAIL} the job fails without restarts, for the same reason.
 */
public final class PravegaCommitter implements Committer<PravegaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaCommitter.class);

    /** The committer metric counting transactions found aborted before their commit. */
    public static final String NUM_LOST_TRANSACTIONS = "numLostTransactions";

    private final PravegaConfig config;
    private final Duration transactionTimeout;
    private final OnLostTransaction onLost;
    private final Counter lostTransactions;
    private final Counter committedTransactions;
    private final Map<String, EventStreamClientFactory> factories = new HashMap<>();
    private final Map<String, TransactionalEventStreamWriter<ByteBuffer>> writers = new HashMap<>();

    /**
     * @param lostTransactions counts the transactions found aborted before their commit
     */
    public PravegaCommitter(
            PravegaConfig config,
            Duration transactionTimeout,
            OnLostTransaction onLost,
            Counter lostTransactions) {
        this(config, transactionTimeout, onLost, lostTransactions, new SimpleCounter());
    }

    /**
     * @param committedTransactions counts the transactions this committer committed
     */
    public PravegaCommitter(
            PravegaConfig config,
            Duration transactionTimeout,
            OnLostTransaction onLost,
            Counter lostTransactions,
            Counter committedTransactions) {
        this.config = config;
        this.transactionTimeout = transactionTimeout;
        this.onLost = onLost;
        this.lostTransactions = lostTransactions;
        this.committedTransactions = committedTransactions;
    }

    @Override
    public void commit(Collection<CommitRequest<PravegaCommittable>> requests) {
        for (CommitRequest<PravegaCommittable> request : requests) {
            PravegaCommittable committable = request.getCommittable();
            Transaction<ByteBuffer> txn;
            Transaction.Status status;
            try {
                // getTxn renews an open transaction's lease from here on.
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
                        if (committable.writerTime() == PravegaCommittable.NO_TIME) {
                            txn.commit();
                        } else {
                            txn.commit(committable.writerTime());
                        }
                        committedTransactions.inc();
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
                    lost(request, status);
            }
        }
    }

    private void lost(CommitRequest<PravegaCommittable> request, Transaction.Status status) {
        PravegaCommittable committable = request.getCommittable();
        lostTransactions.inc();
        String message =
                "Rows were lost: Pravega "
                        + committable
                        + ", holding "
                        + committable.rowsDescription()
                        + " up to the next checkpoint, was "
                        + status
                        + " before it could be committed: its lease ('sink.transaction-timeout' = "
                        + transactionTimeout.toMillis()
                        + " ms) ran out between a writer's failure and this restore's commit."
                        + " Raise 'sink.transaction-timeout' above the restart delay plus the"
                        + " time a restore takes.";
        if (onLost == OnLostTransaction.FAIL) {
            LOG.error("{} Failing the job ('sink.on-lost-transaction' = 'fail').", message);
            throw new SuppressRestartsException(
                    new FlinkRuntimeException(
                            message
                                    + " The job fails without restarts ('sink.on-lost-transaction'"
                                    + " = 'fail'); to resume from this checkpoint without these"
                                    + " rows, set it to 'continue'."));
        }
        LOG.error("{} The job goes on ('sink.on-lost-transaction' = 'continue').", message);
        request.signalFailedWithKnownReason(new FlinkRuntimeException(message));
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
