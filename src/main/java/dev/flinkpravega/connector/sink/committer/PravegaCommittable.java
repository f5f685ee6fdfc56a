package dev.flinkpravega.connector.sink.committer;

import dev.flinkpravega.connector.config.StreamRef;
import java.util.Objects;
import java.util.UUID;

/**
 * A flushed Pravega transaction of one writer subtask, to be committed after checkpoint {@code n}.
 */
public final class PravegaCommittable {
    private final StreamRef stream;
    private final UUID transactionId;

    public PravegaCommittable(StreamRef stream, UUID transactionId) {
        this.stream = Objects.requireNonNull(stream);
        this.transactionId = Objects.requireNonNull(transactionId);
    }

    public StreamRef stream() {
        return stream;
    }

    public UUID transactionId() {
        return transactionId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PravegaCommittable
                && stream.equals(((PravegaCommittable) o).stream)
                && transactionId.equals(((PravegaCommittable) o).transactionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, transactionId);
    }

    @Override
    public String toString() {
        return "transaction " + transactionId + " of stream " + stream;
    }
}
