package dev.flinkpravega.connector.source.reader;

import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the fetch thread and the task thread meet at the marker of a Flink checkpoint, so that the
 * checkpoint's stream positions and Flink's barrier fall between the same two events.
 *
 * <ol>
 *   <li>The fetch thread reads the marker of Flink checkpoint {@code n}: {@link #markerRead(long)},
 *       hands the marker over behind the events before it, and waits in {@link
 *       #awaitTaskAtMarker()}, because its next read completes this reader's part of Pravega
 *       checkpoint {@code n}.
 *   <li>The task thread, having emitted every event before the marker, takes it: {@link
 *       #pauseAt(long)}. That lets the fetch thread read on (events after the marker queue up in
 *       the handover); the task thread emits none of them while {@link #holdsOutput()}.
 *   <li>The pause ends when Flink checkpoint {@code n} reaches the reader ({@link
 *       #onSnapshotState}), is aborted ({@link #onCheckpointAborted}, also before the task thread
 *       got to the marker: then there is no pause), or is given up: when the fetch thread read a
 *       newer Flink marker, Flink gave {@code n} up without telling this reader (for example when a
 *       stop-with-savepoint suspended checkpoints), and waiting on would block the newer one
 *       forever. A given-up checkpoint that still arrives is declined, since events past its marker
 *       are out already.
 * </ol>
 *
 * <p>Threads: {@link #markerRead} and {@link #awaitTaskAtMarker} are the fetch thread's; {@link
 * #stop} any thread's; all other methods the task thread's. The pause, its checkpoint id, the
 * given-up ids and the newest aborted id are only touched by the task thread and need no
 * synchronization. The newest marker id is volatile (written by the fetch thread, read by the task
 * thread), as is the future that tells the task thread of a newer marker (replaced by the task
 * thread at each marker it takes, completed by the fetch thread); the task thread replaces it
 * before releasing the fetch thread, so the fetch thread always completes the current one. The
 * semaphore hands "task at marker" from the task thread to the fetch thread.
 */
final class MarkerHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(MarkerHandshake.class);

    /** Released by the task thread at a marker, and by {@link #stop}. */
    private final Semaphore taskAtMarker = new Semaphore(0);

    private volatile boolean stopped;

    /** Id of the newest Flink checkpoint marker the fetch thread read; -1 before the first. */
    private volatile long newestMarker = -1;

    /** Completed by the fetch thread when it reads a marker. */
    private volatile CompletableFuture<Void> newerMarker = new CompletableFuture<>();

    /** Set while paused at the marker of Flink checkpoint {@link #pausedAt}. */
    private CompletableFuture<Void> pause;

    private long pausedAt;

    /** Markers passed without their checkpoint (given up), until a later one completes. */
    private final TreeSet<Long> givenUp = new TreeSet<>();

    /** The newest aborted checkpoint: no pause at its marker or older ones; -1 before any. */
    private long abortedUpTo = -1;

    // ---- fetch thread

    /** The fetch thread read the marker of Flink checkpoint {@code checkpointId}. */
    void markerRead(long checkpointId) {
        newestMarker = checkpointId;
        newerMarker.complete(null);
    }

    /** Waits until the task thread reached the marker last read, or until {@link #stop}. */
    void awaitTaskAtMarker() throws InterruptedException {
        if (!stopped) {
            taskAtMarker.acquire();
        }
    }

    /** Releases a waiting fetch thread for good (the reader closes). */
    void stop() {
        stopped = true;
        taskAtMarker.release();
    }

    // ---- task thread

    /**
     * The task thread took the marker of {@code checkpointId}, every event before it emitted: it
     * pauses, unless that checkpoint was aborted already, and the fetch thread may read on.
     */
    void pauseAt(long checkpointId) {
        newerMarker = new CompletableFuture<>();
        // An abort can come first when the checkpoint failed before this reader got to its
        // marker (the enumerator's timeout); its barrier never comes.
        if (checkpointId > abortedUpTo) {
            pausedAt = checkpointId;
            pause = new CompletableFuture<>();
        }
        taskAtMarker.release();
    }

    /**
     * True while the task thread must emit nothing: paused at a marker whose checkpoint is neither
     * taken nor aborted. A newer marker read by the fetch thread gives the paused checkpoint up
     * here, and ends the pause.
     */
    boolean holdsOutput() {
        if (pause == null) {
            return false;
        }
        if (newestMarker <= pausedAt) {
            return true;
        }
        LOG.info("Checkpoint {} was given up; reading on", pausedAt);
        givenUp.add(pausedAt);
        endPause(pausedAt);
        return false;
    }

    boolean isPaused() {
        return pause != null;
    }

    /**
     * While paused: a future that completes when the pause ends or the fetch thread reads a newer
     * marker (then {@link #holdsOutput()} gives the paused checkpoint up).
     */
    CompletableFuture<Void> pauseEndsOrNewerMarker() {
        return CompletableFuture.anyOf(pause, newerMarker).thenApply(ignored -> null);
    }

    /**
     * Flink checkpoint {@code checkpointId} reached the reader: ends a pause at its marker or an
     * older one; throws (declines it) when it was given up.
     */
    void onSnapshotState(long checkpointId) {
        if (givenUp.contains(checkpointId)) {
            // Too late: events past its marker are out already. Declining keeps it consistent.
            throw new IllegalStateException(
                    "Checkpoint "
                            + checkpointId
                            + " reached the Pravega reader after it had read past the"
                            + " checkpoint's marker; declining it.");
        }
        endPause(checkpointId);
    }

    /** Checkpoint {@code checkpointId} failed elsewhere, so its barrier will not come. */
    void onCheckpointAborted(long checkpointId) {
        abortedUpTo = Math.max(abortedUpTo, checkpointId);
        endPause(checkpointId);
        givenUp.headSet(checkpointId, true).clear();
    }

    /** Given-up checkpoints up to this one can no longer arrive. */
    void onCheckpointComplete(long checkpointId) {
        givenUp.headSet(checkpointId, true).clear();
    }

    private void endPause(long checkpointId) {
        if (pause != null && checkpointId >= pausedAt) {
            CompletableFuture<Void> ended = pause;
            pause = null;
            ended.complete(null);
        }
    }
}
