package dev.flinkpravega.connector.source.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One reader of the source's Pravega reader group. There is one split per subtask; Pravega, not
 * Flink, decides which segments each reader reads, and keeps per-routing-key order as it does.
 */
public final class PravegaSplit implements SourceSplit {

    private final String readerGroupScope;
    private final String readerGroupName;
    private final int subtaskId;

    public PravegaSplit(String readerGroupScope, String readerGroupName, int subtaskId) {
        this.readerGroupScope = Objects.requireNonNull(readerGroupScope);
        this.readerGroupName = Objects.requireNonNull(readerGroupName);
        this.subtaskId = subtaskId;
    }

    public String readerGroupScope() {
        return readerGroupScope;
    }

    public String readerGroupName() {
        return readerGroupName;
    }

    public int subtaskId() {
        return subtaskId;
    }

    /** The Pravega reader id of this split. */
    public String readerId() {
        return "reader-" + subtaskId;
    }

    @Override
    public String splitId() {
        return readerGroupScope + "/" + readerGroupName + "/" + readerId();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaSplit)) {
            return false;
        }
        PravegaSplit that = (PravegaSplit) o;
        return subtaskId == that.subtaskId
                && readerGroupScope.equals(that.readerGroupScope)
                && readerGroupName.equals(that.readerGroupName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(readerGroupScope, readerGroupName, subtaskId);
    }

    @Override
    public String toString() {
        return "PravegaSplit{" + splitId() + '}';
    }
}
