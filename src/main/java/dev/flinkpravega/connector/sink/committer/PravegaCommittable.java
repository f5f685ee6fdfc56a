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
    private final long writerTime;

    /** {@link #writerTime()} of a transaction committed without a time. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /**
     * @param afterCheckpoint the checkpoint after which the transaction took rows; 0 if it took
     *     them since the job started
     */
    public PravegaCommittable(StreamRef stream, UUID transactionId, long afterCheckpoint) {
        this(stream, transactionId, afterCheckpoint, NO_TIME);
    }

    /**
     * @param writerTime the time the commit notes in Pravega (Flink's watermark at the writer's
     *     checkpoint, with {@code sink.watermark-propagation}), or {@link #NO_TIME}
     */
    public PravegaCommittable(
            StreamRef stream, UUID transactionId, long afterCheckpoint, long writerTime) {
        this.stream = Objects.requireNonNull(stream);
        this.transactionId = Objects.requireNonNull(transactionId);
        this.afterCheckpoint = afterCheckpoint;
        this.writerTime = writerTime;
    }

    /** The time to note with the commit, or {@link #NO_TIME}. */
    public long writerTime() {
        return writerTime;
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
                && afterCheckpoint == ((PravegaCommittable) o).afterCheckpoint
                && writerTime == ((PravegaCommittable) o).writerTime;
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
