package dev.flinkpravega.connector.sink.writer;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The transactions a writer had open, and not yet handed to the committer, when it took a
 * checkpoint. A restore from that checkpoint aborts them: their rows are written again.
 */
public final class PravegaWriterState {
    private final List<UUID> openTransactions;

    public PravegaWriterState(List<UUID> openTransactions) {
        this.openTransactions = Collections.unmodifiableList(openTransactions);
    }

    public List<UUID> openTransactions() {
        return openTransactions;
    }
}
