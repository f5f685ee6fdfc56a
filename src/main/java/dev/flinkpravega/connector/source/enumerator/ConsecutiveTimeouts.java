package dev.flinkpravega.connector.source.enumerator;

/**
 * Counts Flink checkpoints in a row whose Pravega checkpoint timed out. Flink counts a failure
 * thrown from the enumerator's snapshot as a trigger failure, which never counts against {@code
 * execution.checkpointing.tolerable-failed-checkpoints} ({@code CheckpointFailureManager}), so
 * without this count a reader that never reaches its marker leaves the job running with no
 * checkpoint ever completing. Declines (a reader not online yet) are neither counted nor reset the
 * count; a completed checkpoint resets it. Used on the coordinator thread only.
 */
final class ConsecutiveTimeouts {
    private final int tolerable;
    private int count;

    /**
     * @param tolerable how many timeouts in a row are tolerated; the next one is not
     */
    ConsecutiveTimeouts(int tolerable) {
        if (tolerable < 0) {
            throw new IllegalArgumentException("tolerable timeouts must be 0 or more");
        }
        this.tolerable = tolerable;
    }

    /** Notes a timeout; true when it is one more than tolerated (the job must fail). */
    boolean timedOut() {
        count++;
        return count > tolerable;
    }

    /** Notes a completed checkpoint. */
    void completed() {
        count = 0;
    }

    int count() {
        return count;
    }

    int tolerable() {
        return tolerable;
    }
}
