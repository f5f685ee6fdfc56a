package dev.flinkpravega.connector.source.enumerator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the enumerator checkpoints: the reader group, the stream cuts resolved when the job first
 * started (so that 'latest' keeps meaning the same tail after a restore), and the bytes of the
 * Pravega reader-group {@code Checkpoint} taken for this Flink checkpoint (null before the first).
 * A restore into a changed job fits it to the job first ({@link RestoredEnumeratorState}): the
 * reader group is then the job's, and the cuts are those of the job's streams.
 */
public final class PravegaEnumeratorState {

    private final String readerGroupScope;
    private final String readerGroupName;

    /** Stream ({@code scope/stream}) to base64 start cut. */
    private final Map<String, String> startCuts;

    /** Stream to base64 end cut; empty when unbounded. */
    private final Map<String, String> endCuts;

    private final byte[] checkpoint;

    /**
     * Subtasks whose reader read to the end of a bounded read. Flink restores them as finished:
     * they never register again, so the enumerator must not wait for them.
     */
    private final Set<Integer> finishedSubtasks;

    public PravegaEnumeratorState(
            String readerGroupScope,
            String readerGroupName,
            Map<String, String> startCuts,
            Map<String, String> endCuts,
            byte[] checkpoint) {
        this(readerGroupScope, readerGroupName, startCuts, endCuts, checkpoint, Set.of());
    }

    public PravegaEnumeratorState(
            String readerGroupScope,
            String readerGroupName,
            Map<String, String> startCuts,
            Map<String, String> endCuts,
            byte[] checkpoint,
            Set<Integer> finishedSubtasks) {
        this.readerGroupScope = Objects.requireNonNull(readerGroupScope);
        this.readerGroupName = Objects.requireNonNull(readerGroupName);
        this.startCuts = Collections.unmodifiableMap(new LinkedHashMap<>(startCuts));
        this.endCuts = Collections.unmodifiableMap(new LinkedHashMap<>(endCuts));
        this.checkpoint = checkpoint;
        this.finishedSubtasks = Collections.unmodifiableSet(new TreeSet<>(finishedSubtasks));
    }

    public String readerGroupScope() {
        return readerGroupScope;
    }

    public String readerGroupName() {
        return readerGroupName;
    }

    public Map<String, String> startCuts() {
        return startCuts;
    }

    public Map<String, String> endCuts() {
        return endCuts;
    }

    /** The serialized Pravega {@code Checkpoint}, or null. */
    public byte[] checkpoint() {
        return checkpoint;
    }

    /** Subtasks whose reader finished a bounded read, ascending. */
    public Set<Integer> finishedSubtasks() {
        return finishedSubtasks;
    }

    public PravegaEnumeratorState withCheckpoint(byte[] checkpointBytes) {
        return new PravegaEnumeratorState(
                readerGroupScope,
                readerGroupName,
                startCuts,
                endCuts,
                checkpointBytes,
                finishedSubtasks);
    }

    public PravegaEnumeratorState withFinishedSubtasks(Set<Integer> subtasks) {
        return new PravegaEnumeratorState(
                readerGroupScope, readerGroupName, startCuts, endCuts, checkpoint, subtasks);
    }
}
