package dev.flinkpravega.connector.sink.committer;

import dev.flinkpravega.connector.config.StreamRef;
import java.util.Objects;
import java.util.UUID;

/**
 * A flushed Pravega transaction of one writer subtask: the rows it wrote after checkpoint {@code
 * afterCheckpoint}, to be committed when the next checkpoint completes.
 */
public final class PravegaCommittable {
    private final StreamRef stream;
    private final UUID transactionId;
    private final long afterCheckpoint;

    /**
     * @param afterCheckpoint the checkpoint after which the transaction took rows; 0 if it took
     *     them since the job started
     */
    public PravegaCommittable(StreamRef stream, UUID transactionId, long afterCheckpoint) {
        this.stream = Objects.requireNonNull(stream);
        this.transactionId = Objects.requireNonNull(transactionId);
        this.afterCheckpoint = afterCheckpoint;
    }

    public StreamRef stream() {
        return stream;
    }

    public UUID transactionId() {
        return transactionId;
    }

    public long afterCheckpoint() {
        return afterCheckpoint;
    }

    /** Which rows the transaction holds, for messages. */
    public String rowsDescription() {
        return afterCheckpoint > 0
                ? "the rows written after checkpoint " + afterCheckpoint
                : "the rows written since the job started";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PravegaCommittable
                && stream.equals(((PravegaCommittable) o).stream)
                && transactionId.equals(((PravegaCommittable) o).transactionId)
                && afterCheckpoint == ((PravegaCommittable) o).afterCheckpoint;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, transactionId, afterCheckpoint);
    }

    @Override
    public String toString() {
        return "transaction " + transactionId + " of stream " + stream;
    }
}
